// Runs a sandbox from the command line, with the same files and the same result as the site:
//
//   npm run sandbox -- <id> [--seed N] [--solution | --variant NAME] [--file NAME=PATH]... [--drawn] [--network] [--json]
//   npm run sandbox -- <id> --explore N [--seed BASE] [--solution | --variant NAME] [--file NAME=PATH]... [--json]
//
// It gathers the kit and the sandbox's files (with the solution's, a variant's or --file versions of
// the editable files laid over) and loads them through the same module loader as the page's workers
// (src/runtime/modules.ts: fresh module instances for every run, Date and Math.random on the
// simulator's clock and seed), in a worker thread with a time limit, so reader code that loops
// forever cannot hang the command. The core is exported for the tests and the benchmark.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { drawSchedule, explore, mergeExplore } from '../sandboxes/kit/explore.ts';
import { faultModelLines } from '../sandboxes/kit/fault-model.ts';
import { describeEvent, formatLog, seconds, traceToLog } from '../sandboxes/kit/log.ts';
import { VERDICT_INFO } from '../sandboxes/kit/types.ts';
import type { ExploreResult, RunOptions, RunResult, SandboxMeta, ScheduleOverrides, TraceEvent, VerdictKind } from '../sandboxes/kit/types.ts';
import { runtimeError } from '../src/runtime/evaluate.ts';
import { loadProgram, type Program } from '../src/runtime/modules.ts';
import { ReaderFailure } from '../src/lib/run-outcome.ts';

const SANDBOXES = join(dirname(fileURLToPath(import.meta.url)), '..', 'sandboxes');

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
  /** One run, with fresh instances of the sandbox's modules. */
  run(options: RunOptions, hooks?: { onLoad?(path: string): void }): Promise<RunResult>;
}

// sandbox.ts (the sandbox's description, never reader code) is read with Node's own loader:
// require() of an ES module uses Node's type stripping even under Vitest.
const nativeRequire = createRequire(import.meta.url);
const nativeImport = async (path: string) => nativeRequire(path) as Record<string, unknown>;

export function sandboxIds(): string[] {
  return readdirSync(SANDBOXES)
    .filter((name) => name !== 'kit' && existsSync(join(SANDBOXES, name, 'sandbox.ts')))
    .sort();
}

export async function readMeta(id: string): Promise<SandboxMeta> {
  if (!sandboxIds().includes(id)) throw new UsageError(`unknown sandbox "${id}" (there are: ${sandboxIds().join(', ')})`);
  const { sandbox } = await nativeImport(join(SANDBOXES, id, 'sandbox.ts'));
  return sandbox as SandboxMeta;
}

/** The files of one run, keyed by path relative to the run's root ('kit/index.ts', '<id>/job.ts'). */
export async function runFiles(id: string, source: SandboxSource = {}): Promise<{ meta: SandboxMeta; files: Map<string, string> }> {
  const meta = await readMeta(id);
  const files = new Map<string, string>();
  const addDir = (dir: string, prefix: string, only?: readonly string[]) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name.endsWith('.ts') && statSync(path).isFile() && (!only || only.includes(name))) files.set(`${prefix}/${name}`, readFileSync(path, 'utf8'));
    }
  };
  addDir(join(SANDBOXES, 'kit'), 'kit');
  addDir(join(SANDBOXES, id), id);
  if (source.solution && source.variant) throw new UsageError('--solution and --variant cannot be combined');
  if (source.solution) addDir(join(SANDBOXES, id, 'solution'), id, meta.editable);
  if (source.variant !== undefined) {
    const variant = meta.variants?.find((v) => v.name === source.variant);
    if (!variant) {
      const names = meta.variants?.map((v) => v.name).join(', ');
      throw new UsageError(`sandbox "${id}" has no variant "${source.variant}"${names ? ` (there are: ${names})` : ''}`);
    }
    if (variant.dir) addDir(join(SANDBOXES, id, variant.dir), id, meta.editable);
  }
  for (const [name, text] of Object.entries(source.files ?? {})) {
    if (!meta.editable.includes(name)) throw new UsageError(`--file ${name}: not an editable file of "${id}" (those are: ${meta.editable.join(', ')})`);
    files.set(`${id}/${name}`, text);
  }
  return { meta, files };
}

const loaded = new Map<string, LoadedSandbox>();

/** Loads a sandbox's files through the page's module loader; the same files are compiled once per process. */
export async function loadSandbox(id: string, source: SandboxSource = {}, hooks: { onCompiled?(): void; onLoad?(path: string): void } = {}): Promise<LoadedSandbox> {
  const { meta, files } = await runFiles(id, source);
  const record = Object.fromEntries(files);
  const key = JSON.stringify(record);
  let sandbox = loaded.get(key);
  if (!sandbox) {
    let program: Program;
    try {
      program = loadProgram(record, `${id}/${meta.entry}`, hooks);
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
  return sandbox;
}

/** Where a run is, for the message when it hangs: a sandbox file loading, or the last trace event. */
export type Progress = { load: string } | { event: TraceEvent; exporters: Record<string, string> };

export async function runSandboxFromDisk(id: string, options: RunFromDiskOptions = {}, onProgress?: (p: Progress) => void): Promise<RunResult> {
  const sandbox = await loadSandbox(id, options);
  const seed = options.seed ?? sandbox.meta.defaultSeed;
  const schedule = options.drawn ? drawSchedule(seed) : options.schedule;
  if (!onProgress) return sandbox.run({ seed, schedule });
  const exporters = Object.fromEntries(sandbox.exporters);
  return sandbox.run({ seed, schedule, onEvent: (event) => onProgress({ event, exporters }) }, { onLoad: (load) => onProgress({ load }) });
}

/** `onSchedule` hears each schedule's seed as it starts (to name the one that hangs). */
export async function exploreSandboxFromDisk(id: string, options: ExploreFromDiskOptions, onSchedule?: (seed: number) => void): Promise<ExploreResult> {
  const sandbox = await loadSandbox(id, options);
  const { n, baseSeed = sandbox.meta.defaultSeed, from, to } = options;
  const run = onSchedule ? (o: RunOptions) => (onSchedule(o.seed ?? 0), sandbox.run(o)) : sandbox.run;
  return explore(run, { n, baseSeed, from, to });
}

/** Why a run that never finished was stopped, naming the file and function that were running. */
export function hangMessage(limitMs: number, progress: Progress | undefined, editable: readonly string[]): { message: string; file?: string } {
  const limit = `${limitMs / 1000} s`;
  const files = editable.join(' or ');
  if (!progress) return { message: `Stopped after ${limit} of real time before any of your files ran: does a loop at the top of ${files} never end?` };
  if ('load' in progress) {
    const file = progress.load.slice(progress.load.lastIndexOf('/') + 1);
    return { message: `Stopped after ${limit} of real time while loading ${file}: code at the top level of ${file} never finished. Does a loop there never end?`, file };
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

export type IsolatedTask = { kind: 'run'; id: string; options: RunFromDiskOptions } | { kind: 'explore'; id: string; options: ExploreFromDiskOptions };

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
    let timer = setTimeout(() => finish({ status: 'crash', message: 'the worker thread did not start within 60 s' }), 60_000);
    worker.on('message', (m: IsolatedOutcome | { progress: Progress } | { editable: string[] }) => {
      if ('progress' in m) progress = m.progress;
      else if ('editable' in m) {
        editable = m.editable;
        clearTimeout(timer);
        timer = setTimeout(onTimeout, timeoutMs);
      } else finish(m);
    });
    worker.once('error', (err) => finish({ status: 'crash', message: String(err?.stack ?? err) }));
    worker.once('exit', (code) => finish({ status: 'crash', message: `the worker exited (code ${code}) without an answer` }));
  });
}

async function serveTask(task: IsolatedTask, current: Int32Array): Promise<IsolatedOutcome> {
  try {
    const { editable } = await readMeta(task.id);
    // Compiled (the time limit starts now): reader code is about to run.
    await loadSandbox(task.id, task.options, { onCompiled: () => parentPort!.postMessage({ editable }), onLoad: (load) => parentPort!.postMessage({ progress: { load } }) });
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

if (!isMainThread && workerData?.sandboxTask) {
  const outcome = await serveTask(workerData.sandboxTask as IsolatedTask, workerData.current as Int32Array);
  parentPort!.postMessage(outcome);
}

// ---- The command.

const USAGE = `usage:
  npm run sandbox -- <id> [--seed N] [--solution | --variant NAME] [--file NAME=PATH]... [--drawn] [--network] [--json]
  npm run sandbox -- <id> --explore N [--seed BASE] [--solution | --variant NAME] [--file NAME=PATH]... [--json]

  --seed N          the run's seed (default: the sandbox's), or the base seed of --explore
  --solution        use the files in the sandbox's solution/ folder
  --variant NAME    use a named variant of the editable files (see the sandbox's sandbox.ts)
  --file NAME=PATH  use PATH as the editable file NAME (e.g. --file store.ts=my-store.ts); repeatable
  --drawn           run the schedule --explore draws for this seed (replays an example)
  --network         show every message sent and received in the log
  --json            print {verdict, seed, trace} (or the exploration) as JSON; when your code
                    cannot load or never finishes: {error: {kind, message, file?, line?}}, exit 1
  --explore N       run N (at least 1) schedules drawn from the base seed; print counts per verdict
sandboxes: ${sandboxIds().join(', ')}`;

interface Args {
  id: string;
  seed?: number;
  source: SandboxSource;
  drawn: boolean;
  network: boolean;
  json: boolean;
  explore?: number;
  /** The --file arguments as given (NAME=PATH), to repeat them in the replay hint. */
  fileSpecs: string[];
}

function uint(flag: string, value: string | undefined, max: number, min = 0): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > max || Number(value) < min) {
    throw new UsageError(`${flag} needs a whole number from ${min} to ${max.toLocaleString('en-US')}${value === undefined ? '' : ` (got "${value}")`}`);
  }
  return Number(value);
}

/** The text of a --file PATH, or a usage error saying what is wrong with the path. */
function readReaderFile(spec: string, path: string): string {
  if (!existsSync(path)) throw new UsageError(`--file ${spec}: ${path} does not exist`);
  if (statSync(path).isDirectory()) throw new UsageError(`--file ${spec}: ${path} is a folder; give the path of the .ts file to use, e.g. --file ${spec.slice(0, spec.indexOf('='))}=${join(path, spec.slice(0, spec.indexOf('=')))}`);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--file ${spec}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { id: '', source: {}, drawn: false, network: false, json: false, fileSpecs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    if (arg === '--seed') args.seed = uint(arg, value(), 0xffffffff);
    else if (arg === '--explore') args.explore = uint(arg, value(), 10_000_000, 1);
    else if (arg === '--solution') args.source.solution = true;
    else if (arg === '--variant') args.source.variant = value() ?? '';
    else if (arg === '--drawn') args.drawn = true;
    else if (arg === '--network') args.network = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--file') {
      const spec = value() ?? '';
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new UsageError('--file needs NAME=PATH, e.g. --file store.ts=./my-store.ts');
      args.source.files = { ...args.source.files, [spec.slice(0, eq)]: readReaderFile(spec, spec.slice(eq + 1)) };
      args.fileSpecs.push(spec);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (args.id) throw new UsageError(`one sandbox at a time (got "${args.id}" and "${arg}")`);
    else args.id = arg;
  }
  if (!args.id) throw new UsageError('which sandbox?');
  if (args.explore !== undefined && args.drawn) throw new UsageError('--drawn replays one schedule; it does not go with --explore');
  return args;
}

const RUN_LIMIT_MS = 5_000;

function sourceLabel(source: SandboxSource): string {
  const parts = [source.solution ? 'solution' : source.variant ? `variant ${source.variant}` : 'starter'];
  if (source.files) parts.push(`with ${Object.keys(source.files).join(', ')} from --file`);
  return parts.join(' ');
}

function printRun(args: Args, result: RunResult): void {
  if (args.json) {
    console.log(JSON.stringify({ verdict: result.verdict, seed: result.seed, trace: result.trace }));
    return;
  }
  console.log(`${args.id} (${sourceLabel(args.source)}), seed ${result.seed}${args.drawn ? ', drawn schedule' : ''}\n`);
  console.log(formatLog(traceToLog(result.trace, { network: args.network })));
  console.log(`\nverdict: ${result.verdict.kind}\n${result.verdict.summary}`);
  const { findings } = result.verdict;
  if (findings.length > 1) console.log(`\nfindings, most serious first:\n${findings.map((f) => `  ${f.kind}: ${f.sentence}`).join('\n')}`);
}

function printExplore(args: Args, result: ExploreResult): void {
  if (args.json) {
    console.log(JSON.stringify(result));
    return;
  }
  const total = result.to - result.from;
  console.log(`${args.id} (${sourceLabel(args.source)}): ${total} schedules from base seed ${result.baseSeed}\n`);
  const kinds = Object.keys(result.counts) as VerdictKind[];
  const width = Math.max(...kinds.map((k) => k.length));
  for (const kind of kinds) {
    const count = result.counts[kind];
    const examples = result.examples[kind].map((e) => e.seed).join(', ');
    console.log(`  ${kind.padEnd(width)}  ${String(count).padStart(String(total).length)}  ${((100 * count) / total).toFixed(2).padStart(6)} %${examples ? `  e.g. seeds ${examples}` : ''}`);
  }
  console.log(`\nstale writes accepted in ${(100 * result.staleWriteRate).toFixed(2)} % of schedules`);
  if (result.counts['deposed-write-accepted']) console.log(`deposed-write-accepted: ${VERDICT_INFO['deposed-write-accepted'].meaning}`);
  const example = result.examples['stale-write-accepted'][0] ?? result.examples['deposed-write-accepted'][0] ?? result.examples['stale-write-rejected'][0];
  if (example) console.log(`replay one: ${replayCommand(args, example.seed)}`);
  console.log(`\n${faultModelLines().join('\n')}`);
}

/** The command that replays one drawn schedule of this exploration, with the same files. */
function replayCommand(args: Args, seed: number): string {
  const source = args.source.solution ? ' --solution' : args.source.variant ? ` --variant ${args.source.variant}` : '';
  const files = args.fileSpecs.map((spec) => ` --file ${/^[\w@%+=:,./-]+$/.test(spec) ? spec : `'${spec.replaceAll("'", `'\\''`)}'`}`).join('');
  return `npm run sandbox -- ${args.id}${source}${files} --drawn --seed ${seed}`;
}

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

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    args = parseArgs(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const outcome =
    args.explore !== undefined
      ? await exploreInParallel(args.id, { ...args.source, n: args.explore, baseSeed: args.seed })
      : await runIsolated({ kind: 'run', id: args.id, options: { ...args.source, seed: args.seed, drawn: args.drawn } }, RUN_LIMIT_MS);
  switch (outcome.status) {
    case 'ok':
      if (args.explore !== undefined) printExplore(args, outcome.result as ExploreResult);
      else printRun(args, outcome.result as RunResult);
      return 0;
    case 'usage':
      console.error(`${outcome.message}\n\n${USAGE}`);
      return 1;
    default: {
      const hint = outcome.status === 'timeout' && outcome.seed !== undefined ? `\nreplay it: ${replayCommand(args, outcome.seed)}` : '';
      if (args.json && outcome.status !== 'crash') {
        const { status, message, ...where } = outcome;
        console.log(JSON.stringify({ error: { kind: status === 'reader' ? 'load' : status, message, ...where } }));
      }
      console.error(`${outcome.message}${hint}`);
      return 1;
    }
  }
}

if (isMainThread && import.meta.main) process.exitCode = await main(process.argv.slice(2));
