// What an explore worker does, without the Worker: load a version of a sandbox from its files
// (through modules.ts, exactly as the in-page runner and `npm run sandbox` load them), explore ranges
// of schedules with the kit's own explore(), and replay one seed on the schedule exploring drew for
// it. Runs in Node for tests.
//
// Every schedule gets fresh instances of the sandbox's modules (a counter kept at the top of
// store.ts starts from zero in each), so a schedule's verdict is the verdict of its replay and the
// counts do not depend on how the range is split across workers. Compiled code is cached; the kit's
// modules are shared per worker (they keep no state between runs).
import type { ExploreResult, RunOptions, RunResult, ScheduleOverrides, Verdict } from '../../sandboxes/kit/types.ts';
import { errorVerdict } from '../../sandboxes/kit/judge.ts';
import type { Files } from '../lib/sandbox-files.ts';
import type { ExploreJob, ExploreMessage, ExploreRequest } from './explore-protocol.ts';
import { runtimeError } from './evaluate.ts';
import { loadProgram } from './modules.ts';
import { ReaderFailure } from '../lib/run-outcome.ts';

interface KitApi {
  explore(
    run: (o: RunOptions) => Promise<RunResult>,
    o: { n: number; baseSeed: number; from?: number; to?: number },
  ): Promise<ExploreResult>;
  mergeExplore(parts: readonly ExploreResult[]): ExploreResult;
  drawSchedule(seed: number): ScheduleOverrides;
}

export interface LoadedJob {
  kit: KitApi;
  /** One schedule, with fresh instances of the sandbox's modules. Never rejects. */
  run: (options: RunOptions) => Promise<RunResult>;
}

/** The files of one job: the base with its overrides laid over. */
export function jobFiles(base: Files, job: ExploreJob): Files {
  return { ...base, ...job.overrides };
}

/** Loads a job's files; throws ReaderFailure (syntax, a missing export) or the error a module threw while loading. */
export function loadJob(files: Files, entry: string): LoadedJob {
  const program = loadProgram(files, entry);
  const api = program.kit as unknown as KitApi;
  if (typeof api.explore !== 'function' || typeof api.drawSchedule !== 'function')
    throw new Error('kit/index.ts does not export explore() and drawSchedule()');
  return {
    kit: api,
    async run(options) {
      const seed = options.seed ?? 0;
      try {
        return await program.run({ ...options, seed });
      } catch (err) {
        const e = runtimeError(err);
        const verdict: Verdict = errorVerdict(e);
        return { sandbox: entry.split('/')[0] ?? '', seed, trace: [], verdict };
      }
    },
  };
}

export interface ExplorePartOptions {
  n: number;
  baseSeed: number;
  from: number;
  to: number;
  /** Schedules per progress report (default 250). */
  chunk?: number;
  onProgress?: (done: number) => void;
}

/** Explores [from, to) in chunks (for progress) and merges them: the kit guarantees it equals one pass. */
export async function explorePart(
  job: LoadedJob,
  { n, baseSeed, from, to, chunk = 250, onProgress }: ExplorePartOptions,
): Promise<ExploreResult> {
  const parts: ExploreResult[] = [];
  for (let a = from; a < to; a += chunk) {
    const b = Math.min(to, a + chunk);
    parts.push(await job.kit.explore(job.run, { n, baseSeed, from: a, to: b }));
    onProgress?.(b - from);
  }
  if (!parts.length) return job.kit.explore(job.run, { n, baseSeed, from, to });
  return job.kit.mergeExplore(parts);
}

/** The run exploring made for `seed`: its drawn schedule, fresh modules. With 'default', the
 * scenario's own schedule instead: the sandbox's Run (the CLI without --drawn). */
export function replaySeed(job: LoadedJob, seed: number, schedule: 'drawn' | 'default' = 'drawn'): Promise<RunResult> {
  return job.run(schedule === 'default' ? { seed } : { seed, schedule: job.kit.drawSchedule(seed) });
}

function describeLoadError(err: unknown): string {
  if (err instanceof ReaderFailure) return err.error.message;
  return runtimeError(err).message;
}

/** The worker's message handler, minus the Worker: `post` receives every reply. */
export function createExploreService(post: (m: ExploreMessage) => void, now: () => number = () => performance.now()) {
  return async function handle(req: ExploreRequest): Promise<void> {
    if (req.type === 'explore') {
      const started = now();
      for (const job of req.jobs) {
        let loaded: LoadedJob;
        try {
          loaded = loadJob(jobFiles(req.base, job), req.entry);
        } catch (err) {
          post({ type: 'job-error', id: req.id, key: job.key, message: describeLoadError(err) });
          continue;
        }
        const result = await explorePart(loaded, {
          n: req.n,
          baseSeed: req.baseSeed,
          from: req.from,
          to: req.to,
          chunk: req.chunk,
          onProgress: (done) => post({ type: 'progress', id: req.id, key: job.key, done }),
        });
        post({ type: 'result', id: req.id, key: job.key, result });
      }
      post({ type: 'done', id: req.id, ms: now() - started });
    } else if (req.type === 'replay') {
      try {
        const result = await replaySeed(loadJob(jobFiles(req.base, req.job), req.entry), req.seed, req.schedule);
        post({ type: 'replayed', id: req.id, result: JSON.parse(JSON.stringify(result)) as RunResult });
      } catch (err) {
        post({ type: 'replay-error', id: req.id, message: describeLoadError(err) });
      }
    }
  };
}
