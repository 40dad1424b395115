// The page's side of exploring: a small pool of module workers (one per core, at most 4), each
// given a part of the range for every job; parts are merged with the kit's mergeExplore, which
// gives exactly the totals and examples of one pass. Cancel terminates the workers; so does a
// worker going quiet for `stallMs` (reader code that loops forever). No simulation runs here.
import { mergeExplore } from '../../sandboxes/kit/explore.ts';
import type { ExploreResult, RunResult } from '../../sandboxes/kit/types.ts';
import type { Files } from '../lib/sandbox-files.ts';
import type { ExploreJob, ExploreMessage, ExploreRequest } from './explore-protocol.ts';
import { runnerNotice } from '../lib/ui-strings.ts';

export interface ExploreWorkerLike {
  postMessage(message: ExploreRequest): void;
  terminate(): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ExploreMessage>) => void): void;
  addEventListener(type: 'error', fn: (e: ErrorEvent) => void): void;
}

export interface ExplorerOptions {
  createWorker?: () => ExploreWorkerLike;
  /** How many workers split a range; default navigator.hardwareConcurrency, 1..4. */
  workers?: number;
  /** A worker silent this long is stopped (default 5 s). */
  stallMs?: number;
}

export interface ExploreRun {
  base: Files;
  entry: string;
  jobs: ExploreJob[];
  n: number;
  baseSeed: number;
  /** Schedules finished over every job and part, of n × jobs.length. */
  onProgress?(done: number, total: number): void;
}

export interface ExploreOutcome {
  results: Map<string, ExploreResult>;
  /** Jobs that could not run, with why. */
  errors: Map<string, string>;
  /** Wall-clock ms from posting to the last part's answer. */
  ms: number;
  workers: number;
}

export class ExploreStopped extends Error {
  readonly reason: 'cancelled' | 'stalled' | 'crashed';
  constructor(reason: 'cancelled' | 'stalled' | 'crashed', message: string) {
    super(message);
    this.name = 'ExploreStopped';
    this.reason = reason;
  }
}

function defaultWorker(): ExploreWorkerLike {
  return new Worker(new URL('./explore-worker.ts', import.meta.url), { type: 'module', name: 'explore' });
}

export function defaultWorkerCount(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores));
}

/** [from, to) of part k of `parts` over n schedules. */
export function partRange(n: number, parts: number, k: number): [number, number] {
  return [Math.floor((n * k) / parts), Math.floor((n * (k + 1)) / parts)];
}

interface Slot {
  worker: ExploreWorkerLike;
  listener: ((m: ExploreMessage) => void) | null;
  onError: ((message: string) => void) | null;
}

export function createExplorer(options: ExplorerOptions = {}) {
  const create = options.createWorker ?? defaultWorker;
  const count = options.workers ?? defaultWorkerCount();
  const stallMs = options.stallMs ?? 5000;
  let slots: (Slot | null)[] = Array.from({ length: count }, () => null);
  let nextId = 1;
  let busy: Promise<unknown> = Promise.resolve();

  const slot = (k: number): Slot => {
    const existing = slots[k];
    if (existing) return existing;
    const s: Slot = { worker: create(), listener: null, onError: null };
    s.worker.addEventListener('message', (e) => s.listener?.(e.data));
    s.worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      s.onError?.(e.message || 'the explore worker failed to load');
    });
    slots[k] = s;
    return s;
  };
  const kill = (k: number) => {
    slots[k]?.worker.terminate();
    slots[k] = null;
  };
  const killAll = () => slots.forEach((_, k) => kill(k));

  let cancelCurrent: (() => void) | null = null;
  /** Explorations asked for and not yet finished: cancel() reaches them before they start, too. */
  const queued = new Set<{ cancelled: boolean }>();

  function exploreNow(run: ExploreRun): Promise<ExploreOutcome> {
    const parts = Math.max(1, Math.min(count, run.n));
    const id = nextId++;
    const total = run.n * run.jobs.length;
    const progress = new Map<string, number>(); // `${k}:${key}` → done
    const pieces = new Map<string, ExploreResult[]>();
    const errors = new Map<string, string>();
    const started = performance.now();
    return new Promise<ExploreOutcome>((resolve, reject) => {
      let pending = parts;
      const timers: ReturnType<typeof setTimeout>[] = [];
      const stop = (err: ExploreStopped) => {
        timers.forEach(clearTimeout);
        for (let k = 0; k < parts; k++) {
          const slot = slots[k];
          if (slot) {
            slot.listener = null;
            slot.onError = null;
          }
        }
        killAll();
        cancelCurrent = null;
        reject(err);
      };
      cancelCurrent = () => stop(new ExploreStopped('cancelled', 'Stopped.'));
      for (let k = 0; k < parts; k++) {
        const s = slot(k);
        const [from, to] = partRange(run.n, parts, k);
        const arm = () => {
          clearTimeout(timers[k]);
          timers[k] = setTimeout(
            () =>
              stop(
                new ExploreStopped(
                  'stalled',
                  `Stopped: one worker ran for ${stallMs / 1000} s without finishing a batch of schedules. Does the code loop forever?`,
                ),
              ),
            stallMs,
          );
        };
        s.onError = (message) => stop(new ExploreStopped('crashed', runnerNotice.exploreWorkerStopped(message)));
        s.listener = (m) => {
          if (m.type === 'ready' || !('id' in m) || m.id !== id) return;
          arm();
          if (m.type === 'progress') {
            progress.set(`${k}:${m.key}`, m.done);
            let done = 0;
            for (const v of progress.values()) done += v;
            run.onProgress?.(done, total);
          } else if (m.type === 'result') {
            const list = pieces.get(m.key) ?? [];
            list.push(m.result);
            pieces.set(m.key, list);
          } else if (m.type === 'job-error') {
            errors.set(m.key, m.message);
            progress.set(`${k}:${m.key}`, to - from);
          } else if (m.type === 'done') {
            clearTimeout(timers[k]);
            s.listener = null;
            s.onError = null;
            if (--pending === 0) {
              cancelCurrent = null;
              const results = new Map<string, ExploreResult>();
              for (const job of run.jobs) {
                const list = pieces.get(job.key);
                if (list && list.length === parts && !errors.has(job.key)) results.set(job.key, mergeExplore(list));
              }
              resolve({ results, errors, ms: performance.now() - started, workers: parts });
            }
          }
        };
        arm();
        s.worker.postMessage({
          type: 'explore',
          id,
          base: run.base,
          entry: run.entry,
          jobs: run.jobs,
          n: run.n,
          baseSeed: run.baseSeed,
          from,
          to,
          chunk: 250,
        });
      }
    });
  }

  function replayNow(
    base: Files,
    entry: string,
    job: ExploreJob,
    seed: number,
    schedule?: 'drawn' | 'default',
  ): Promise<RunResult> {
    const id = nextId++;
    const s = slot(0);
    return new Promise<RunResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        kill(0);
        reject(
          new ExploreStopped(
            'stalled',
            `Stopped: the run took longer than ${stallMs / 1000} s. Does the code loop forever?`,
          ),
        );
      }, stallMs);
      s.onError = (message) => {
        clearTimeout(timer);
        kill(0);
        reject(new ExploreStopped('crashed', runnerNotice.exploreWorkerStopped(message)));
      };
      s.listener = (m) => {
        if (m.type === 'ready' || !('id' in m) || m.id !== id) return;
        clearTimeout(timer);
        s.listener = null;
        s.onError = null;
        if (m.type === 'replayed') resolve(m.result);
        else if (m.type === 'replay-error') reject(new Error(m.message));
      };
      s.worker.postMessage({ type: 'replay', id, base, entry, job, seed, schedule });
    });
  }

  /** One task at a time: an explore and a replay never share a worker's attention. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const p = busy.then(task, task);
    busy = p.catch(() => undefined);
    return p;
  };

  return {
    workers: count,
    /** Starts the workers (and their module loading) before the first click. */
    prewarm() {
      for (let k = 0; k < count; k++) slot(k);
    },
    explore(run: ExploreRun): Promise<ExploreOutcome> {
      const ticket = { cancelled: false };
      queued.add(ticket);
      const p = serial(() =>
        ticket.cancelled ? Promise.reject(new ExploreStopped('cancelled', 'Stopped.')) : exploreNow(run),
      );
      return p.finally(() => queued.delete(ticket));
    },
    /** One seed of a job, on its drawn schedule unless `schedule` is 'default' (the scenario's own). */
    replay: (base: Files, entry: string, job: ExploreJob, seed: number, schedule?: 'drawn' | 'default') =>
      serial(() => replayNow(base, entry, job, seed, schedule)),
    /** Stops the exploration under way (its promise rejects with ExploreStopped('cancelled')). */
    cancel() {
      for (const ticket of queued) ticket.cancelled = true;
      cancelCurrent?.();
    },
    dispose() {
      cancelCurrent?.();
      killAll();
      slots = slots.map(() => null);
    },
  };
}

export type Explorer = ReturnType<typeof createExplorer>;
