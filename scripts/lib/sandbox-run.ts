// The sandbox command's library: runs and explores a sandbox with the same files and the same
// result as the site, for the command (scripts/sandbox.ts), the benchmark, the lab and the tests.
// It gets every sandbox, its files and its variants from the sandbox registry (registry-from-disk.ts)
// and loads them through the same module loader as the page's workers (src/runtime/modules.ts: fresh
// module instances for every run, Date and Math.random on the simulator's clock and seed), in a worker
// thread with a time limit, so reader code that loops forever cannot hang the caller.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { drawSchedule, explore, mergeExplore } from '../../sandboxes/kit/explore.ts';
import { describeEvent, seconds } from '../../sandboxes/kit/log.ts';
import type {
  ExploreResult,
  RunOptions,
  RunResult,
  SandboxMeta,
  ScheduleOverrides,
  TraceEvent,
} from '../../sandboxes/kit/types.ts';
import { ReaderFailure } from '../../src/lib/run-outcome.ts';
import type { Files } from '../../src/lib/sandbox-files.ts';
import type { SandboxRegistry } from '../../src/lib/sandbox-registry.ts';
import { runtimeError } from '../../src/runtime/evaluate.ts';
import { loadProgram, type Program } from '../../src/runtime/modules.ts';
import { registryFromDisk } from './registry-from-disk.ts';

/** Bad arguments: exit 1 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The reader's files cannot be loaded (a syntax error, a throw at the top of a file): exit 1. */
export class ReaderLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReaderLoadError';
  }
}

/** Which versions of the editable files to run. */
export interface SandboxSource {
  /** The files in the sandbox's solution/ folder. */
  solution?: boolean;
  /** A variant named in sandbox.ts (its folder's files). */
  variant?: string;
  /** Editable file name → source text, laid over everything else. */
  files?: Record<string, string>;
}

export interface RunFromDiskOptions extends SandboxSource {
  seed?: number;
  schedule?: ScheduleOverrides;
  /** Run the schedule that --explore draws for this seed (to replay an example). */
  drawn?: boolean;
}

export interface ExploreFromDiskOptions extends SandboxSource {
  n: number;
  baseSeed?: number;
  from?: number;
  to?: number;
}

export interface LoadedSandbox {
  meta: SandboxMeta;
  /** Which sandbox file exports each function ('runJob' → '<id>/job.ts'). */
  exporters: ReadonlyMap<string, string>;
  /** One run, with fresh instances of the sandbox's modules (a property: callers pass it around unbound). */
  run: (options: RunOptions, hooks?: { onLoad?(path: string): void }) => Promise<RunResult>;
}

let registry: SandboxRegistry | undefined;

/** Every sandbox under sandboxes/, read once per process. */
export function sandboxes(): SandboxRegistry {
  return (registry ??= registryFromDisk());
}

export function sandboxIds(): string[] {
  return sandboxes().ids;
}

export function readMeta(id: string): SandboxMeta {
  if (!sandboxes().has(id)) throw new UsageError(`unknown sandbox "${id}" (there are: ${sandboxIds().join(', ')})`);
  return sandboxes().get(id).meta;
}

/** The files of one run, keyed by path relative to sandboxes/ ('kit/index.ts', '<id>/job.ts'). */
export function runFiles(id: string, source: SandboxSource = {}): { meta: SandboxMeta; files: Files } {
  const meta = readMeta(id);
  const sandbox = sandboxes().get(id);
  if (source.solution && source.variant) throw new UsageError('--solution and --variant cannot be combined');
  let overrides: Record<string, string> = source.solution ? sandbox.solution : {};
  if (source.variant !== undefined) {
    const variant = meta.variants?.find((v) => v.name === source.variant);
    if (!variant) {
      const names = meta.variants?.map((v) => v.name).join(', ');
      throw new UsageError(
        `sandbox "${id}" has no variant "${source.variant}"${names ? ` (there are: ${names})` : ''}`,
      );
    }
    overrides = sandbox.changes(variant);
  }
  for (const name of Object.keys(source.files ?? {})) {
    if (!meta.editable.includes(name))
      throw new UsageError(`--file ${name}: not an editable file of "${id}" (those are: ${meta.editable.join(', ')})`);
  }
  return { meta, files: sandbox.runFiles({ ...overrides, ...source.files }) };
}

const loaded = new Map<string, LoadedSandbox>();

/**
 * Loads a sandbox's files through the page's module loader; the same files are compiled once per process.
 * Compiling is synchronous (a load error throws at the call); the result comes as a Promise, as a loader's does.
 */
export function loadSandbox(
  id: string,
  source: SandboxSource = {},
  hooks: { onCompiled?(): void; onLoad?(path: string): void } = {},
): Promise<LoadedSandbox> {
  const { meta, files } = runFiles(id, source);
  const key = JSON.stringify(files);
  let sandbox = loaded.get(key);
  if (!sandbox) {
    let program: Program;
    try {
      program = loadProgram(files, `${id}/${meta.entry}`, hooks);
    } catch (err) {
      throw new ReaderLoadError(err instanceof ReaderFailure ? err.error.message : runtimeError(err).message);
    }
    const p = program;
    sandbox = {
      meta,
      exporters: p.exporters,
      run: (options, hooks = {}) => p.run({ ...options, seed: options.seed ?? meta.defaultSeed }, hooks),
    };
    loaded.set(key, sandbox);
  }
  return Promise.resolve(sandbox);
}

/** Where a run is, for the message when it hangs: a sandbox file loading, or the last trace event. */
export type Progress = { load: string } | { event: TraceEvent; exporters: Record<string, string> };

export async function runSandboxFromDisk(
  id: string,
  options: RunFromDiskOptions = {},
  onProgress?: (p: Progress) => void,
): Promise<RunResult> {
  const sandbox = await loadSandbox(id, options);
  const seed = options.seed ?? sandbox.meta.defaultSeed;
  const schedule = options.drawn ? drawSchedule(seed) : options.schedule;
  if (!onProgress) return sandbox.run({ seed, schedule });
  const exporters = Object.fromEntries(sandbox.exporters);
  return sandbox.run(
    { seed, schedule, onEvent: (event) => onProgress({ event, exporters }) },
    { onLoad: (load) => onProgress({ load }) },
  );
}

/** `onSchedule` hears each schedule's seed as it starts (to name the one that hangs). */
export async function exploreSandboxFromDisk(
  id: string,
  options: ExploreFromDiskOptions,
  onSchedule?: (seed: number) => void,
): Promise<ExploreResult> {
  const sandbox = await loadSandbox(id, options);
  const { n, baseSeed = sandbox.meta.defaultSeed, from, to } = options;
  const run = onSchedule ? (o: RunOptions) => (onSchedule(o.seed ?? 0), sandbox.run(o)) : sandbox.run;
  return explore(run, { n, baseSeed, from, to });
}

/** Why a run that never finished was stopped, naming the file and function that were running. */
export function hangMessage(
  limitMs: number,
  progress: Progress | undefined,
  editable: readonly string[],
): { message: string; file?: string } {
  const limit = `${limitMs / 1000} s`;
  const files = editable.join(' or ');
  if (!progress)
    return {
      message: `Stopped after ${limit} of real time before any of your files ran: does a loop at the top of ${files} never end?`,
    };
  if ('load' in progress) {
    const file = progress.load.slice(progress.load.lastIndexOf('/') + 1);
    return {
      message: `Stopped after ${limit} of real time while loading ${file}: code at the top level of ${file} never finished. Does a loop there never end?`,
      file,
    };
  }
  const { event, exporters } = progress;
  const fn = event.node === 'store' ? 'handlePut' : event.node === 'lock' ? undefined : 'runJob';
  const path = fn ? exporters[fn] : undefined;
  const file = path?.slice(path.lastIndexOf('/') + 1);
  const said = describeEvent(event);
  const where = `after "${said.startsWith(`${event.node} `) ? said : `${event.node}: ${said}`}" at ${seconds(event.t)}, the code running on ${event.node} never handed control back to the simulator`;
  const cause = !file
    ? `Does a loop in ${files} never end?`
    : fn === 'handlePut'
      ? `The store runs ${fn} from ${file} on every put, and it must return right away: does a loop in it never end?`
      : `${event.node} runs ${fn} from ${file}: does a loop in it never end? A loop must await a simulator call each time round (work(), sleep(), a lock or store call), so that simulated time can pass.`;
  return { message: `Stopped after ${limit} of real time: ${where}. ${cause}`, ...(file ? { file } : {}) };
}

// ---- Isolation: a worker thread per task, stopped at the time limit.

export type IsolatedTask =
  | { kind: 'run'; id: string; options: RunFromDiskOptions }
  | { kind: 'explore'; id: string; options: ExploreFromDiskOptions };

export type IsolatedOutcome =
  | { status: 'ok'; result: RunResult | ExploreResult }
  | { status: 'usage' | 'reader' | 'crash'; message: string }
  | { status: 'timeout'; message: string; file?: string; seed?: number };

export function runIsolated(task: IsolatedTask, timeoutMs: number): Promise<IsolatedOutcome> {
  return new Promise((resolve) => {
    // The worker writes each schedule's seed here as it starts: readable even while its thread is stuck.
    const current = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(new URL(import.meta.url), { workerData: { sandboxTask: task, current } });
    let progress: Progress | undefined;
    let editable: readonly string[] = [];
    const finish = (outcome: IsolatedOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    // The limit counts from the moment the task starts, not the thread's start-up (slow on a busy machine).
    const onTimeout = () => {
      if (task.kind === 'run') return finish({ status: 'timeout', ...hangMessage(timeoutMs, progress, editable) });
      const seed = current[0]! >>> 0;
      const s = timeoutMs / 1000;
      finish({
        status: 'timeout',
        seed,
        message: current[1]
          ? `Stopped after ${s} s of real time: the schedule with seed ${seed} never finished. Replay it alone to see where your code is stuck (the command below).`
          : `Stopped after ${s} s of real time before the first schedule started: does a loop at the top of one of your files never end?`,
      });
    };
    let timer = setTimeout(
      () => finish({ status: 'crash', message: 'the worker thread did not start within 60 s' }),
      60_000,
    );
    worker.on('message', (m: IsolatedOutcome | { progress: Progress } | { editable: string[] }) => {
      if ('progress' in m) progress = m.progress;
      else if ('editable' in m) {
        editable = m.editable;
        clearTimeout(timer);
        timer = setTimeout(onTimeout, timeoutMs);
      } else finish(m);
    });
    worker.once('error', (err: Error) => finish({ status: 'crash', message: String(err?.stack ?? err) }));
    worker.once('exit', (code) =>
      finish({ status: 'crash', message: `the worker exited (code ${code}) without an answer` }),
    );
  });
}

async function serveTask(task: IsolatedTask, current: Int32Array): Promise<IsolatedOutcome> {
  try {
    const { editable } = readMeta(task.id);
    // Compiled (the time limit starts now): reader code is about to run.
    await loadSandbox(task.id, task.options, {
      onCompiled: () => parentPort!.postMessage({ editable }),
      onLoad: (load) => parentPort!.postMessage({ progress: { load } }),
    });
    parentPort!.postMessage({ editable });
    const result =
      task.kind === 'run'
        ? await runSandboxFromDisk(task.id, task.options, (progress) => parentPort!.postMessage({ progress }))
        : await exploreSandboxFromDisk(task.id, task.options, (seed) => {
            current[0] = seed | 0;
            current[1] = 1;
          });
    return { status: 'ok', result };
  } catch (err) {
    if (err instanceof UsageError) return { status: 'usage', message: err.message };
    if (err instanceof ReaderLoadError) return { status: 'reader', message: err.message };
    return { status: 'crash', message: String((err as Error)?.stack ?? err) };
  }
}

const input = workerData as { sandboxTask?: IsolatedTask; current: Int32Array } | null;
if (!isMainThread && input?.sandboxTask) {
  const outcome = await serveTask(input.sandboxTask, input.current);
  parentPort!.postMessage(outcome);
}

// ---- Exploring in parallel, and the command's time limit.

/** Real time a run may take before it is stopped. */
export const RUN_LIMIT_MS = 5_000;

/** Explores [0, n) split across worker threads (one per core, at most 4); the merged result equals one pass. */
export async function exploreInParallel(id: string, options: ExploreFromDiskOptions): Promise<IsolatedOutcome> {
  const { n } = options;
  const parts = Math.max(1, Math.min(availableParallelism(), 4, Math.ceil(n / 2_000)));
  const outcomes = await Promise.all(
    Array.from({ length: parts }, (_, k) => {
      const from = Math.floor((n * k) / parts);
      const to = Math.floor((n * (k + 1)) / parts);
      return runIsolated({ kind: 'explore', id, options: { ...options, from, to } }, RUN_LIMIT_MS + (to - from));
    }),
  );
  const failed = outcomes.find((o) => o.status !== 'ok');
  if (failed) return failed;
  return { status: 'ok', result: mergeExplore(outcomes.map((o) => (o as { result: ExploreResult }).result)) };
}
