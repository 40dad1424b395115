// npm run bench — how fast the simulator is in Node:
//   complete scenario runs per second, per sandbox (target >= 20,000/s), and
//   explored schedules per second, on one thread and split across every core (target >= 50,000/s).
// Absolute rates differ about 2x between machines (and with load), so each rate is also printed as
// a ratio to a baseline measured right before it in the same process: a bare event-queue loop (the
// kit's Scheduler pushing and popping BASELINE_EVENTS tasks, about one run's worth). That ratio is
// what must not regress from one commit to the next.
// On a shared machine wall-clock rates swing with the other load, so each line also prints the CPU
// time the work took: CPU-seconds per 10,000 runs (the measuring thread's own CPU time,
// process.threadCpuUsage(); for the threads line, the whole process's, worker start-up included),
// and the same ratio computed from CPU time ("CPU ratio"), which moves far less with load.
// Runs go through the same loader as `npm run sandbox`; each rate is measured in its own fresh worker
// thread, as a reader's page or the CLI runs one sandbox at a time.
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { explore } from '../sandboxes/kit/explore.ts';
import { mulberry32 } from '../sandboxes/kit/random.ts';
import { Scheduler } from '../sandboxes/kit/scheduler.ts';
import { exploreInParallel, loadSandbox, sandboxIds } from './lib/sandbox-run.ts';

const RUN_TARGET = 20_000;
const EXPLORE_TARGET = 50_000;
/**
 * Tasks per baseline loop: what a complete fencing-token run scheduled before the fault model (its
 * trace had ~50 events). A complete run of the lesson's schedule now runs 49 (fencing-token,
 * acquire-then-write) to 65 (keep-alive; etcd-token 63) queue tasks, so 64 is still about one run. It
 * stays fixed: a baseline that grew with each run's task count would hide a change that makes runs
 * do more work.
 */
const BASELINE_EVENTS = 64;

/** The measuring thread's CPU time so far, in seconds. */
function threadCpu(): number {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1e6;
}

/** One timed batch: operations per second of wall clock, and CPU-seconds per operation (of `cpu`). */
async function timed(
  batch: () => number | Promise<number>,
  cpu: () => number = threadCpu,
): Promise<{ rate: number; cpu: number }> {
  const start = performance.now();
  const cpuStart = cpu();
  const ops = await batch();
  const used = cpu() - cpuStart;
  return { rate: ops / ((performance.now() - start) / 1000), cpu: used / ops };
}

interface Measured {
  /** Best wall-clock rate (operations/s), and the baseline's (loops/s) in the same rounds. */
  rate: number;
  base: number;
  /** Least CPU-seconds per operation, and per baseline loop. */
  cpu: number;
  baseCpu: number;
}

/**
 * Best of `rounds` batches of `batch`, each round right after a round of the baseline: under a
 * load that comes and goes, the best of each is measured in the same quiet moments.
 */
async function paired(
  batch: () => number | Promise<number>,
  rounds: number,
  cpu: () => number = threadCpu,
): Promise<Measured> {
  const m: Measured = { rate: 0, base: 0, cpu: Infinity, baseCpu: Infinity };
  for (let i = 0; i < rounds; i++) {
    const base = await timed(() => baselineBatch(5_000));
    const run = await timed(batch, cpu);
    m.base = Math.max(m.base, base.rate);
    m.baseCpu = Math.min(m.baseCpu, base.cpu);
    m.rate = Math.max(m.rate, run.rate);
    m.cpu = Math.min(m.cpu, run.cpu);
  }
  return m;
}

let sink = 0;
const tick = () => {
  sink++;
};

/** Baseline loops: a fresh Scheduler, BASELINE_EVENTS tasks at seeded random times, all popped and run in order. */
function baselineBatch(loops: number): number {
  const rng = mulberry32(1);
  for (let i = 0; i < loops; i++) {
    const sched = new Scheduler();
    for (let k = 0; k < BASELINE_EVENTS; k++) sched.at(rng() * 10_000, null, tick);
    for (let task = sched.next(Infinity); task; task = sched.next(Infinity)) task.fn();
  }
  return loops;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
/** `threads` scales the baseline for the line that runs on several threads at once. */
const verdict = (m: Measured, target: number, threads = 1) =>
  `${fmt(m.rate).padStart(7)}/s  (target >= ${fmt(target)}/s: ${m.rate >= target ? 'met' : 'MISSED'})  ratio ${(m.rate / (m.base * threads)).toFixed(3)} of the baseline (${fmt(m.base)} queue loops/s)` +
  `  |  CPU ${(m.cpu * 10_000).toFixed(3)} s per 10,000, CPU ratio ${(m.baseCpu / m.cpu).toFixed(3)}`;

/** One measurement, alone in a fresh worker thread (its own V8 isolate): what one sandbox's code taught the JIT never slows another's. */
type Job = { kind: 'runs'; id: string } | { kind: 'explore'; id: string };

async function measure(job: Job): Promise<Measured & { title: string }> {
  baselineBatch(20_000); // warm up
  const { run, meta } = await loadSandbox(job.id);
  if (job.kind === 'runs') {
    const batch = async () => {
      for (let seed = 0; seed < 2_000; seed++) await run({ seed });
      return 2_000;
    };
    await batch(); // warm up
    return { ...(await paired(batch, 9)), title: meta.title };
  }
  await explore(run, { n: 5_000, baseSeed: 1 }); // warm up
  return { ...(await paired(async () => (await explore(run, { n: 5_000, baseSeed: 1 })).to, 7)), title: meta.title };
}

function inWorker(job: Job): Promise<Measured & { title: string }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { benchJob: job } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

if (!isMainThread) {
  const { benchJob } = workerData as { benchJob: Job };
  parentPort!.postMessage(await measure(benchJob));
} else {
  console.log(
    `baseline: a bare event-queue loop of ${BASELINE_EVENTS} tasks, timed in rounds alternating with each rate; the ratio must not regress`,
  );
  console.log(
    'each rate is measured alone in a fresh worker thread; best wall-clock round, and least CPU time per 10,000 (the CPU ratio is the same ratio in CPU time)\n',
  );
  for (const id of sandboxIds()) {
    const { title, ...m } = await inWorker({ kind: 'runs', id });
    console.log(`${id.padEnd(20)} complete runs         ${verdict(m, RUN_TARGET)}  [${title}]`);
  }

  const single = await inWorker({ kind: 'explore', id: 'fencing-token' });
  console.log(`${'fencing-token'.padEnd(20)} explore, 1 thread     ${verdict(single, EXPLORE_TARGET)}`);

  baselineBatch(20_000); // warm up
  const n = 200_000;
  const threads = Math.min(availableParallelism(), 4);
  // CPU time of the whole process: every explore thread, and their start-up.
  const processCpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const parallel = await paired(
    async () => {
      const outcome = await exploreInParallel('fencing-token', { n, baseSeed: 1 });
      if (outcome.status !== 'ok') throw new Error(`explore failed: ${JSON.stringify(outcome)}`);
      return n;
    },
    3,
    processCpu,
  );
  console.log(
    `${'fencing-token'.padEnd(20)} explore, ${threads} threads    ${verdict(parallel, EXPLORE_TARGET, threads)}  (wall clock, worker start-up included; baseline x ${threads} threads; CPU: all threads)`,
  );
  if (sink < 0) console.log(sink); // keeps the baseline's work observable
}
