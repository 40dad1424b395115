// What an explore worker does, without the Worker: load a version of a sandbox from its files
// (sucrase-stripped, evaluated like the in-page runner), explore ranges of schedules with the kit's
// own explore(), and replay one seed on the schedule exploring drew for it. Runs in Node for tests.
//
// The kit's modules are evaluated once per worker and shared by every job (it keeps no module
// state; a fresh copy per job made V8's inline caches in the kit megamorphic, 2-3x slower).
// A job's own modules are evaluated once and shared by all its schedules, exactly as
// `npm run sandbox -- <id> --explore N` imports a sandbox once per worker thread and calls its run()
// for every schedule (evaluating the reader's modules afresh per schedule was measured 4-6x slower).
// A replay evaluates them afresh: the trace of a lone run, as `--drawn --seed S` prints it.
import type { ExploreResult, RunOptions, RunResult, ScheduleOverrides, Verdict } from '../../sandboxes/kit/types.ts';
import { errorVerdict } from '../../sandboxes/kit/judge.ts';
import { resolveSpecifier, type Files } from '../lib/sandbox-files.ts';
import type { ExploreJob, ExploreMessage, ExploreRequest } from './explore-protocol.ts';
import { runtimeError } from './evaluate.ts';
import { ReaderFailure, transpileToCjs } from './transpile.ts';

type Factory = (exports: object, require: (s: string) => unknown, module: { exports: object }, console: unknown, importMeta: { url: string }) => void;
type Exports = Record<string, unknown>;

interface KitApi {
  explore(run: (o: RunOptions) => Promise<RunResult>, o: { n: number; baseSeed: number; from?: number; to?: number }): Promise<ExploreResult>;
  mergeExplore(parts: readonly ExploreResult[]): ExploreResult;
  drawSchedule(seed: number): ScheduleOverrides;
}

export interface LoadedJob {
  kit: KitApi;
  /** One schedule, with fresh instances of the sandbox's modules. Never rejects. */
  run(options: RunOptions): Promise<RunResult>;
}

const factories = new Map<string, Factory>();
const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

function compile(path: string, source: string): Factory {
  const key = `${path}\0${source}`;
  let f = factories.get(key);
  if (f) return f;
  const code = transpileToCjs(path, source);
  try {
    f = (0, eval)(`(function (exports, require, module, console, __lf_import_meta) {${code}\n})\n//# sourceURL=sandbox:///${path}`) as Factory;
  } catch (err) {
    throw new ReaderFailure({ kind: 'syntax', message: `${path.split('/').pop()}: ${String((err as Error)?.message ?? err)}`, file: path });
  }
  if (factories.size > 400) factories.clear();
  factories.set(key, f);
  return f;
}

/** The files of one job: the base with its overrides laid over. */
export function jobFiles(base: Files, job: ExploreJob): Files {
  return { ...base, ...job.overrides };
}

type ModuleCache = Map<string, { exports: Exports }>;
let kitModules: { key: string; cache: ModuleCache } | null = null;

/** The kit's module instances for these files: reused while the kit's sources are the same. */
function kitCache(files: Files): ModuleCache {
  const key = Object.keys(files)
    .filter((p) => p.startsWith('kit/'))
    .sort()
    .map((p) => `${p}\0${files[p]}`)
    .join('\0');
  if (kitModules?.key !== key) kitModules = { key, cache: new Map() };
  return kitModules.cache;
}

/** Loads a job's files; throws ReaderFailure (syntax) or the error a module threw while loading. */
export function loadJob(files: Files, entry: string): LoadedJob {
  const kit = kitCache(files);
  const instantiate = () => {
    const own: ModuleCache = new Map();
    const load = (path: string): Exports => {
      const cache = path.startsWith('kit/') ? kit : own;
      const existing = cache.get(path);
      if (existing) return existing.exports;
      const source = files[path];
      if (source === undefined) throw new Error(`Cannot find module '${path}'`);
      const factory = compile(path, source);
      const module = { exports: {} as Exports };
      cache.set(path, module);
      const require = (specifier: string) => {
        const target = resolveSpecifier(path, specifier, files);
        if (!target) throw new Error(`Cannot find module '${specifier}' imported from ${path}`);
        return load(target);
      };
      factory(module.exports, require, module, quiet, { url: `sandbox:///${path}` });
      return module.exports;
    };
    return load;
  };
  const load = instantiate();
  const api = load('kit/index.ts') as unknown as KitApi;
  if (typeof api.explore !== 'function' || typeof api.drawSchedule !== 'function') throw new Error('kit/index.ts does not export explore() and drawSchedule()');
  // Loaded up front, so a syntax error or a throw at the top of a file fails the job, not every schedule.
  const scenario = load(entry);
  if (typeof scenario.run !== 'function') throw new Error(`${entry} does not export a run() function.`);
  const run = scenario.run as (o: RunOptions) => Promise<RunResult>;
  return {
    kit: api,
    async run(options) {
      const seed = options.seed ?? 0;
      try {
        return await run(options);
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
  onProgress?(done: number): void;
}

/** Explores [from, to) in chunks (for progress) and merges them: the kit guarantees it equals one pass. */
export async function explorePart(job: LoadedJob, { n, baseSeed, from, to, chunk = 250, onProgress }: ExplorePartOptions): Promise<ExploreResult> {
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
