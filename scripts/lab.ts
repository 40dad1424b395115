// The lab: a sandbox's own files on a real etcd and a real PostgreSQL, with a real pause.
//
//   npm run lab -- <sandbox> [--solution] [--file NAME=PATH]... [--runs N] [--seed BASE] [--scale S]
//                            [--json] [--html FILE] [--record]
//
// Starts etcd and PostgreSQL on loopback (or uses ETCD_ENDPOINTS / DATABASE_URL), runs workers A and
// B with the reader's runJob, freezes A with SIGSTOP at the lesson's moment, and has the kit's judge
// read the real trace; prints the simulator's verdict for the same schedule beside it. The library
// is in lab/ (one file per idea); this file only parses arguments and prints.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatLog, traceToLog } from '../sandboxes/kit/log.ts';
import { drawSchedule, scheduleSeed } from '../sandboxes/kit/explore.ts';
import type { Verdict } from '../sandboxes/kit/types.ts';
import { MissingBinaryError } from '../lab/binaries.ts';
import { countTable, describePause, divergences, simulate, type Paired } from '../lab/compare.ts';
import { htmlPage, writeRecording } from '../lab/report.ts';
import { simulatorRanks } from '../lab/etcd-members.ts';
import {
  DEFAULT_SCALE,
  forkWorkers,
  LabLoadError,
  labRun,
  refusal,
  type LabRunResult,
  type Pause,
  type WorkerPair,
} from '../lab/run.ts';
import { startServices, type Services } from '../lab/services.ts';
import { startStoreService, type StoreService } from '../lab/store-service.ts';
import { defaultScale, labWorld, lessonPause, workerNodes } from '../lab/world.ts';
import { readMeta, sandboxIds, UsageError, type SandboxSource } from './lib/sandbox-run.ts';

const USAGE = `usage:
  npm run lab -- <sandbox> [--solution] [--file NAME=PATH]... [--json] [--html FILE] [--record]
  npm run lab -- <sandbox> --runs N [--seed BASE] [--solution] [--file NAME=PATH]... [--json]

  --solution        use the files in the sandbox's solution/ folder
  --file NAME=PATH  use PATH as the editable file NAME (e.g. --file store.ts=my-store.ts); repeatable
  --runs N          N runs with pauses drawn as the explorer draws them (from --seed, default the
                    sandbox's seed); prints the count per outcome beside the simulator's
  --pause NODE,AT,MS  freeze NODE at AT for MS (lesson ms) instead of the lesson's (A,2000,18000;
                    the ledger's A,2000,11000)
  --scale S         lesson ms per real ms (default ${DEFAULT_SCALE}: 10 s of lesson time take ${10 / DEFAULT_SCALE} s;
                    the ledger's default is 2, since etcd expires leases up to 0.5 s late)
  --json            print {verdict, trace} (with --runs: every run's verdicts and the counts)
  --html FILE       write the run's timeline, as the site draws it, to FILE
  --record          write the run to lab/recordings/<sandbox>-<starter|solution>.json (the lesson shows it)

needs etcd (Debian: etcd-server) and PostgreSQL (Debian: postgresql), or ETCD_ENDPOINTS and DATABASE_URL
sandboxes: ${sandboxIds().join(', ')}`;

interface Args {
  id: string;
  source: SandboxSource;
  runs?: number;
  seed?: number;
  scale: number;
  pause?: Pause;
  json: boolean;
  html?: string;
  record: boolean;
  argv: readonly string[];
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { id: '', source: {}, scale: 0, json: false, record: false, argv };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => argv[++i];
    const whole = (max: number) => {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v) || Number(v) > max)
        throw new UsageError(`${arg} needs a whole number from 0 to ${max}`);
      return Number(v);
    };
    if (arg === '--solution') args.source.solution = true;
    else if (arg === '--runs') args.runs = Math.max(1, whole(1000));
    else if (arg === '--seed') args.seed = whole(0xffffffff);
    else if (arg === '--scale') {
      const v = Number(value());
      if (!(v >= 1 && v <= 20)) throw new UsageError('--scale needs a number from 1 to 20');
      args.scale = v;
    } else if (arg === '--pause') {
      const m = /^([A-Z]),(\d+),(\d+)$/.exec(value() ?? '');
      if (!m) throw new UsageError('--pause needs NODE,AT,MS in lesson ms, e.g. --pause A,2000,15000');
      args.pause = { node: m[1]!, at: Number(m[2]), ms: Number(m[3]) };
    } else if (arg === '--json') args.json = true;
    else if (arg === '--html') args.html = value() ?? '';
    else if (arg === '--record') args.record = true;
    else if (arg === '--file') {
      const spec = value() ?? '';
      const eq = spec.indexOf('=');
      if (eq <= 0) throw new UsageError('--file needs NAME=PATH, e.g. --file store.ts=./my-store.ts');
      let text: string;
      try {
        text = readFileSync(spec.slice(eq + 1), 'utf8');
      } catch {
        throw new UsageError(`--file ${spec}: ${spec.slice(eq + 1)} cannot be read`);
      }
      args.source.files = { ...args.source.files, [spec.slice(0, eq)]: text };
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (args.id) throw new UsageError(`one sandbox at a time (got "${args.id}" and "${arg}")`);
    else args.id = arg;
  }
  if (!args.id) throw new UsageError('which sandbox?');
  if (!args.scale) args.scale = defaultScale(labWorld(args.id), DEFAULT_SCALE);
  if (args.record && (args.runs !== undefined || args.source.files))
    throw new UsageError('--record records one run of the starter or the solution (no --runs, no --file)');
  if (args.pause && args.runs !== undefined) throw new UsageError("--pause sets one run's pause; --runs draws them");
  if (args.html !== undefined && (args.runs !== undefined || !args.html))
    throw new UsageError('--html FILE draws one run (no --runs)');
  return args;
}

const say = (line: string) =>
  process.stderr.write(`lab: ${process.env.LAB_TIMES ? `[${Math.round(performance.now())} ms] ` : ''}${line}\n`);
const filesLabel = (source: SandboxSource) =>
  [
    source.solution ? 'solution' : 'starter',
    ...(source.files ? [`with ${Object.keys(source.files).join(', ')} from --file`] : []),
  ].join(' ');
const sameOutcome = (lab: Verdict, sim: Verdict) =>
  lab.kind === sim.kind ? 'same outcome as the simulator' : `DIFFERS from the simulator (${sim.kind})`;

/** The etcd world's member for each worker, as the simulator's run of the same seed drew them (lab/etcd-members.ts). */
const ranksOf = (simulation: ReturnType<typeof simulate>, workers: WorkerPair) =>
  simulation.then((r) => simulatorRanks(r.trace, [...workers.keys()])).catch(() => null);

/** One lab run of the sandbox's files and the simulator's run of the same seed and pause, side by side. */
function runPair(
  args: Args,
  { services, store, workers }: { services: Services; store: StoreService; workers: WorkerPair },
  seed: number,
  pause: Pause | null,
  runIndex: number,
): Promise<[LabRunResult, Awaited<ReturnType<typeof simulate>>]> {
  const simulation = simulate(args.id, args.source, seed, pause);
  return Promise.all([
    labRun({
      sandbox: args.id,
      source: args.source,
      pause,
      scale: args.scale,
      services,
      store,
      runIndex,
      workers,
      memberRanks: ranksOf(simulation, workers),
    }),
    simulation,
  ]);
}

async function one(args: Args, services: Services, store: StoreService, workers: WorkerPair): Promise<void> {
  const meta = readMeta(args.id);
  const pause = args.pause ?? lessonPause(labWorld(args.id));
  const [result, simulated] = await runPair(args, { services, store, workers }, meta.defaultSeed, pause, 0);
  say(`the run took ${(result.wallMs / 1000).toFixed(1)} s (${describePause(pause)}, lesson time)`);
  if (args.json) console.log(JSON.stringify({ verdict: result.verdict, trace: result.trace }));
  else {
    console.log(
      `${args.id} (${filesLabel(args.source)}) on etcd ${services.etcdVersion} and PostgreSQL ${services.postgresVersion}, ${describePause(pause)}; times in lesson seconds (${args.scale}x real)\n`,
    );
    console.log(formatLog(traceToLog(result.trace)));
    console.log(`\nverdict: ${result.verdict.kind}\n${result.verdict.summary}`);
    console.log(
      `\nsimulator, same files and pause: ${simulated.verdict.kind}: ${sameOutcome(result.verdict, simulated.verdict)}`,
    );
  }
  const caption = `A real run on etcd ${services.etcdVersion} and PostgreSQL ${services.postgresVersion}: ${describePause(pause)}; lesson time, run ${args.scale} times faster.`;
  if (args.html) {
    writeFileSync(
      args.html,
      htmlPage(
        `${meta.title}: a real run (${filesLabel(args.source)})`,
        caption,
        result.verdict,
        result.trace,
        args.scale,
      ),
    );
    say(`wrote ${args.html}`);
  }
  if (args.record) {
    const path = writeRecording({
      sandbox: args.id,
      files: args.source.solution ? 'solution' : 'starter',
      command: `npm run lab -- ${args.argv.join(' ')}`,
      recordedAt: new Date().toISOString(),
      etcdVersion: services.etcdVersion,
      etcdMembers: services.etcdEndpoints.length,
      postgresVersion: services.postgresVersion,
      scale: args.scale,
      pause,
      verdict: result.verdict,
      simulatorVerdict: simulated.verdict,
      trace: result.trace,
    });
    say(`recorded ${path}`);
  }
}

async function many(args: Args, services: Services, store: StoreService, first: WorkerPair): Promise<void> {
  const meta = readMeta(args.id);
  const baseSeed = args.seed ?? meta.defaultSeed;
  const runs: (Paired & { wallMs: number; labSummary: string })[] = [];
  const started = Date.now();
  let workers = first;
  for (let index = 0; index < args.runs!; index++) {
    const these = workers;
    if (index + 1 < args.runs!) workers = forkWorkers(services.adopt, workerNodes(labWorld(args.id))); // the next run's, loading during this one
    const seed = scheduleSeed(baseSeed, index);
    const pause: Pause | null = drawSchedule(seed).pause ?? null; // the explorer's draw; the lab applies its pause only
    const [result, simulated] = await runPair(args, { services, store, workers: these }, seed, pause, index);
    runs.push({
      index,
      seed,
      pause,
      lab: result.verdict,
      simulator: simulated.verdict,
      wallMs: result.wallMs,
      labSummary: result.verdict.summary,
    });
    if (!args.json) {
      const mark = result.verdict.kind === simulated.verdict.kind ? 'same' : 'DIFFERS';
      console.log(
        `  run ${String(index + 1).padStart(3)}  seed ${String(seed).padStart(10)}  ${describePause(pause).padEnd(34)}  real: ${result.verdict.kind.padEnd(21)} simulator: ${simulated.verdict.kind.padEnd(21)} ${mark}`,
      );
    }
  }
  const diverged = divergences(runs);
  if (args.json) {
    console.log(
      JSON.stringify({
        baseSeed,
        runs: runs.map(({ index, seed, pause, lab, simulator }) => ({ index, seed, pause, lab, simulator })),
        divergences: diverged.map((r) => r.index),
      }),
    );
  } else {
    console.log(
      `\n${args.id} (${filesLabel(args.source)}): ${runs.length} runs, pauses drawn as the explorer draws them from base seed ${baseSeed}`,
    );
    console.log(
      '(the lab applies the drawn pause only; the simulator runs the same seed and pause on its default network)\n',
    );
    for (const line of countTable(runs)) console.log(line);
    if (diverged.length === 0) console.log("\nno divergence: every run gave the simulator's outcome");
    else {
      console.log(`\n${diverged.length} divergence${diverged.length === 1 ? '' : 's'}:`);
      for (const r of diverged) {
        console.log(
          `  run ${r.index + 1} (seed ${r.seed}, ${describePause(r.pause)}): real ${r.lab.kind}, simulator ${r.simulator.kind}`,
        );
        console.log(`    real:      ${r.lab.summary}\n    simulator: ${r.simulator.summary}`);
      }
    }
  }
  say(`${runs.length} runs took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: Args;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    args = parseArgs(argv);
    readMeta(args.id);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 1;
  }
  try {
    const refused = await refusal(args.id, args.source);
    if (refused) {
      console.error(refused);
      return 1;
    }
  } catch (err) {
    console.error(
      err instanceof LabLoadError || err instanceof UsageError
        ? err.message
        : `lab: ${String((err as Error)?.stack ?? err)}`,
    );
    return 1;
  }
  let services: Services | undefined;
  let store: StoreService | undefined;
  // Ctrl-C or a kill: the watchdog tears everything down once this process is gone.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping etcd, PostgreSQL and the workers`);
      void (services ? services.stop() : Promise.resolve()).finally(() => process.exit(130));
    });
  }
  try {
    const started = Date.now();
    let workers: WorkerPair | undefined;
    const world = labWorld(args.id);
    // The etcd sandboxes' workers each talk to their own member of a three-member cluster (lab/etcd-members.ts).
    const etcdMembers = world === 'etcd-split-brain' ? 3 : 1;
    services = await startServices({
      etcdMembers,
      whileStarting: (adopt) => (workers = forkWorkers(adopt, workerNodes(world))),
    }); // workers load while the services start
    say(
      `etcd ${services.etcdVersion} at ${services.etcdEndpoints.join(',')}${services.startupMs.etcd ? ` (started in ${(services.startupMs.etcd / 1000).toFixed(1)} s)` : ' (ETCD_ENDPOINTS)'}`,
    );
    say(
      `PostgreSQL ${services.postgresVersion}${services.startupMs.postgres ? ` (started in ${(services.startupMs.postgres / 1000).toFixed(1)} s)` : ' (DATABASE_URL)'}; temporary files in ${services.tmp}`,
    );
    if (services.etcdEndpoints.length < etcdMembers) {
      say(
        `ETCD_ENDPOINTS names ${services.etcdEndpoints.length} member, and the lesson's run has A, B and C talk to three: one member's lease IDs grow with every grant, so a lease ID used as a token is in order here, unlike on a cluster`,
      );
    }
    store = await startStoreService(services.databaseUrl);
    say(`services ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (args.runs === undefined) await one(args, services, store, workers!);
    else await many(args, services, store, workers!);
    return 0;
  } catch (err) {
    if (err instanceof MissingBinaryError || err instanceof LabLoadError || err instanceof UsageError)
      console.error(err.message);
    else console.error(`lab: ${String((err as Error)?.stack ?? err)}`);
    return 1;
  } finally {
    await store?.close().catch(() => {});
    await services?.stop();
  }
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
