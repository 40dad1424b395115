// Runs a sandbox from the command line, with the same files and the same result as the site:
//
//   npm run sandbox -- <id> [--seed N] [--solution | --variant NAME] [--file NAME=PATH]... [--drawn] [--network] [--json]
//   npm run sandbox -- <id> --explore N [--seed BASE] [--solution | --variant NAME] [--file NAME=PATH]... [--json]
//
// It lays the kit and the sandbox into a temporary folder (with the solution's, a variant's or
// --file versions of the editable files laid over), imports its scenario.ts with Node's own type
// stripping, and runs it in a worker thread with a time limit, so reader code that loops forever
// cannot hang the command. The core is exported for the tests and the benchmark.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { describeError } from '../sandboxes/kit/errors.ts';
import { drawSchedule, explore, mergeExplore } from '../sandboxes/kit/explore.ts';
import { formatLog, traceToLog } from '../sandboxes/kit/log.ts';
import { VERDICT_INFO } from '../sandboxes/kit/types.ts';
import type { ExploreResult, RunOptions, RunResult, SandboxMeta, ScheduleOverrides, VerdictKind } from '../sandboxes/kit/types.ts';

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
  run(options: RunOptions): Promise<RunResult>;
}

// require() of an ES module (Node >= 22.12) uses Node's own loader and type stripping even under
// Vitest, which would send an import() through Vite's TypeScript transform instead: the tests then
// load sandboxes exactly as `npm run sandbox` does. (Scenario files must not use top-level await.)
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

/** Writes the files to a folder named by their hash (reused if it exists), so same files → same module. */
function materialise(files: Map<string, string>): string {
  const hash = createHash('sha256');
  for (const [path, text] of files) hash.update(`${path}\0${text}\0`);
  const root = join(tmpdir(), 'leases-and-fences');
  const dir = join(root, hash.digest('hex').slice(0, 20));
  if (existsSync(dir)) return dir;
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, 'staging-'));
  writeFileSync(join(staging, 'package.json'), '{ "type": "module" }\n');
  for (const [path, text] of files) {
    mkdirSync(join(staging, dirname(path)), { recursive: true });
    writeFileSync(join(staging, path), text);
  }
  try {
    renameSync(staging, dir); // atomic: a concurrent run either wins or finds the folder complete
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

const loaded = new Map<string, Promise<LoadedSandbox>>();

/** Lays out and imports a sandbox; the same files are imported once per process. */
export async function loadSandbox(id: string, source: SandboxSource = {}): Promise<LoadedSandbox> {
  const { meta, files } = await runFiles(id, source);
  const dir = materialise(files);
  let sandbox = loaded.get(dir);
  if (!sandbox) {
    sandbox = importScenario(dir, meta);
    loaded.set(dir, sandbox);
  }
  return sandbox;
}

async function importScenario(dir: string, meta: SandboxMeta): Promise<LoadedSandbox> {
  let scenario: Record<string, unknown>;
  try {
    scenario = await nativeImport(join(dir, meta.id, meta.entry));
  } catch (err) {
    throw new ReaderLoadError(loadErrorMessage(err, dir, meta));
  }
  if (typeof scenario.run !== 'function') throw new ReaderLoadError(`${meta.entry} does not export run()`);
  return { meta, run: scenario.run as LoadedSandbox['run'] };
}

/** "job.ts:3: SyntaxError: ..." or "job.ts:7: Error: ..." for an error thrown while loading the files. */
function loadErrorMessage(err: unknown, dir: string, meta: SandboxMeta): string {
  if (err instanceof Error && err.name === 'SyntaxError') {
    // Type-stripping errors carry "path:line" on the stack's first line; V8's own (a duplicate
    // `let`) carry nothing through require(), so ask `node --check` file by file.
    const head = /^(?:file:\/\/)?[^\n]*?([^/\\\n]+\.ts):(\d+)\n/.exec(err.stack ?? '');
    if (head) return `${head[1]}:${head[2]}: SyntaxError: ${err.message}`;
    for (const name of meta.editable) {
      const check = spawnSync(process.execPath, ['--check', join(dir, meta.id, name)], { encoding: 'utf8' });
      const found = /:(\d+)\n[\s\S]*?^(SyntaxError: .*)$/m.exec(check.stderr);
      if (check.status !== 0 && found) return `${name}:${found[1]}: ${found[2]}`;
    }
  }
  const { message, file, line } = describeError(err, meta.editable);
  return file ? `${file}:${line}: ${message}` : message;
}

export async function runSandboxFromDisk(id: string, options: RunFromDiskOptions = {}): Promise<RunResult> {
  const sandbox = await loadSandbox(id, options);
  const seed = options.seed ?? sandbox.meta.defaultSeed;
  const schedule = options.drawn ? drawSchedule(seed) : options.schedule;
  return sandbox.run({ seed, schedule });
}

export async function exploreSandboxFromDisk(id: string, options: ExploreFromDiskOptions): Promise<ExploreResult> {
  const sandbox = await loadSandbox(id, options);
  const { n, baseSeed = sandbox.meta.defaultSeed, from, to } = options;
  return explore(sandbox.run, { n, baseSeed, from, to });
}

// ---- Isolation: a worker thread per task, stopped at the time limit.

export type IsolatedTask = { kind: 'run'; id: string; options: RunFromDiskOptions } | { kind: 'explore'; id: string; options: ExploreFromDiskOptions };

export type IsolatedOutcome =
  | { status: 'ok'; result: RunResult | ExploreResult }
  | { status: 'usage' | 'reader' | 'crash'; message: string }
  | { status: 'timeout'; message: string };

export function runIsolated(task: IsolatedTask, timeoutMs: number): Promise<IsolatedOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { sandboxTask: task } });
    const finish = (outcome: IsolatedOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      const s = timeoutMs / 1000;
      finish({ status: 'timeout', message: `stopped after ${Number.isInteger(s) ? s : s.toFixed(1)} s — does your code loop forever?` });
    }, timeoutMs);
    worker.once('message', (outcome: IsolatedOutcome) => finish(outcome));
    worker.once('error', (err) => finish({ status: 'crash', message: String(err?.stack ?? err) }));
    worker.once('exit', (code) => finish({ status: 'crash', message: `the worker exited (code ${code}) without an answer` }));
  });
}

async function serveTask(task: IsolatedTask): Promise<IsolatedOutcome> {
  try {
    const result = task.kind === 'run' ? await runSandboxFromDisk(task.id, task.options) : await exploreSandboxFromDisk(task.id, task.options);
    return { status: 'ok', result };
  } catch (err) {
    if (err instanceof UsageError) return { status: 'usage', message: err.message };
    if (err instanceof ReaderLoadError) return { status: 'reader', message: err.message };
    return { status: 'crash', message: String((err as Error)?.stack ?? err) };
  }
}

if (!isMainThread && workerData?.sandboxTask) {
  const outcome = await serveTask(workerData.sandboxTask as IsolatedTask);
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
  --json            print {verdict, seed, trace} (or the exploration) as JSON
  --explore N       run N schedules drawn from the base seed; print counts per verdict
sandboxes: ${sandboxIds().join(', ')}`;

interface Args {
  id: string;
  seed?: number;
  source: SandboxSource;
  drawn: boolean;
  network: boolean;
  json: boolean;
  explore?: number;
}

function uint(flag: string, value: string | undefined, max: number): number {
  if (value === undefined || !/^\d+$/.test(value) || Number(value) > max) throw new UsageError(`${flag} needs a whole number from 0 to ${max}`);
  return Number(value);
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { id: '', source: {}, drawn: false, network: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    if (arg === '--seed') args.seed = uint(arg, value(), 0xffffffff);
    else if (arg === '--explore') args.explore = uint(arg, value(), 10_000_000);
    else if (arg === '--solution') args.source.solution = true;
    else if (arg === '--variant') args.source.variant = value() ?? '';
    else if (arg === '--drawn') args.drawn = true;
    else if (arg === '--network') args.network = true;
    else if (arg === '--json') args.json = true;
    else if (arg === '--file') {
      const spec = value() ?? '';
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new UsageError('--file needs NAME=PATH, e.g. --file store.ts=./my-store.ts');
      const path = spec.slice(eq + 1);
      if (!existsSync(path)) throw new UsageError(`--file ${spec}: ${path} does not exist`);
      args.source.files = { ...args.source.files, [spec.slice(0, eq)]: readFileSync(path, 'utf8') };
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
  if (result.counts['lost-update']) console.log(`lost updates in ${((100 * result.counts['lost-update']) / total).toFixed(2)} % of schedules\nlost-update: ${VERDICT_INFO['lost-update'].meaning}`);
  if (result.counts['deposed-write-accepted']) console.log(`deposed-write-accepted: ${VERDICT_INFO['deposed-write-accepted'].meaning}`);
  const example = result.examples['stale-write-accepted'][0] ?? result.examples['lost-update'][0] ?? result.examples['deposed-write-accepted'][0] ?? result.examples['stale-write-rejected'][0];
  if (example) {
    const source = args.source.solution ? ' --solution' : args.source.variant ? ` --variant ${args.source.variant}` : '';
    console.log(`replay one: npm run sandbox -- ${args.id}${source} --drawn --seed ${example.seed}`);
  }
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
    default:
      console.error(outcome.message);
      return 1;
  }
}

if (isMainThread && import.meta.main) process.exitCode = await main(process.argv.slice(2));
