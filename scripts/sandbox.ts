// Runs a sandbox from the command line, with the same files and the same result as the site:
//
//   npm run sandbox -- <id> [--seed N] [--solution | --variant NAME] [--file NAME=PATH]... [--drawn] [--network] [--json]
//   npm run sandbox -- <id> --explore N [--seed BASE] [--solution | --variant NAME] [--file NAME=PATH]... [--json]
//
// This file only parses the arguments and prints; running, exploring and the time limit are in
// scripts/lib/sandbox-run.ts (which the tests, the benchmark and the lab use too).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { faultModelLines } from '../sandboxes/kit/fault-model.ts';
import { formatLog, traceToLog } from '../sandboxes/kit/log.ts';
import { VERDICT_INFO } from '../sandboxes/kit/types.ts';
import type { ExploreResult, RunResult, VerdictKind } from '../sandboxes/kit/types.ts';
import {
  exploreInParallel,
  runIsolated,
  RUN_LIMIT_MS,
  sandboxIds,
  UsageError,
  type SandboxSource,
} from './lib/sandbox-run.ts';

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
    throw new UsageError(
      `${flag} needs a whole number from ${min} to ${max.toLocaleString('en-US')}${value === undefined ? '' : ` (got "${value}")`}`,
    );
  }
  return Number(value);
}

/** The text of a --file PATH, or a usage error saying what is wrong with the path. */
function readReaderFile(spec: string, path: string): string {
  if (!existsSync(path)) throw new UsageError(`--file ${spec}: ${path} does not exist`);
  if (statSync(path).isDirectory())
    throw new UsageError(
      `--file ${spec}: ${path} is a folder; give the path of the .ts file to use, e.g. --file ${spec.slice(0, spec.indexOf('='))}=${join(path, spec.slice(0, spec.indexOf('=')))}`,
    );
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--file ${spec}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
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
  if (args.explore !== undefined && args.drawn)
    throw new UsageError('--drawn replays one schedule; it does not go with --explore');
  return args;
}

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
  if (findings.length > 1)
    console.log(`\nfindings, most serious first:\n${findings.map((f) => `  ${f.kind}: ${f.sentence}`).join('\n')}`);
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
    console.log(
      `  ${kind.padEnd(width)}  ${String(count).padStart(String(total).length)}  ${((100 * count) / total).toFixed(2).padStart(6)} %${examples ? `  e.g. seeds ${examples}` : ''}`,
    );
  }
  console.log(`\nstale writes accepted in ${(100 * result.staleWriteRate).toFixed(2)} % of schedules`);
  if (result.counts['lost-update'])
    console.log(
      `lost updates in ${((100 * result.counts['lost-update']) / total).toFixed(2)} % of schedules\nlost-update: ${VERDICT_INFO['lost-update'].meaning}`,
    );
  if (result.counts['deposed-write-accepted'])
    console.log(`deposed-write-accepted: ${VERDICT_INFO['deposed-write-accepted'].meaning}`);
  const example =
    result.examples['stale-write-accepted'][0] ??
    result.examples['lost-update'][0] ??
    result.examples['deposed-write-accepted'][0] ??
    result.examples['stale-write-rejected'][0];
  if (example) console.log(`replay one: ${replayCommand(args, example.seed)}`);
  console.log(`\n${faultModelLines().join('\n')}`);
}

/** The command that replays one drawn schedule of this exploration, with the same files. */
function replayCommand(args: Args, seed: number): string {
  const source = args.source.solution ? ' --solution' : args.source.variant ? ` --variant ${args.source.variant}` : '';
  const files = args.fileSpecs
    .map((spec) => ` --file ${/^[\w@%+=:,./-]+$/.test(spec) ? spec : `'${spec.replaceAll("'", `'\\''`)}'`}`)
    .join('');
  return `npm run sandbox -- ${args.id}${source}${files} --drawn --seed ${seed}`;
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
      : await runIsolated(
          { kind: 'run', id: args.id, options: { ...args.source, seed: args.seed, drawn: args.drawn } },
          RUN_LIMIT_MS,
        );
  switch (outcome.status) {
    case 'ok':
      if (args.explore !== undefined) printExplore(args, outcome.result as ExploreResult);
      else printRun(args, outcome.result as RunResult);
      return 0;
    case 'usage':
      console.error(`${outcome.message}\n\n${USAGE}`);
      return 1;
    default: {
      const hint =
        outcome.status === 'timeout' && outcome.seed !== undefined
          ? `\nreplay it: ${replayCommand(args, outcome.seed)}`
          : '';
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
