// npm run bench — how fast the simulator is in Node:
//   complete scenario runs per second, per sandbox (target >= 20,000/s), and
//   explored schedules per second, on one thread and split across every core (target >= 50,000/s).
// Absolute rates differ about 2x between machines (and with load), so each rate is also printed as
// a ratio to a baseline measured right before it in the same process: a bare event-queue loop (the
// kit's Scheduler pushing and popping BASELINE_EVENTS tasks, about one run's worth). That ratio is
// what must not regress from one commit to the next.
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
/** Tasks per baseline loop: what a complete fencing-token run scheduled before the fault model (its trace has ~50 events). */
const BASELINE_EVENTS = 64;

/** Operations per second of one timed batch. */
async function timed(batch: () => number | Promise<number>): Promise<number> {
  const start = performance.now();
  const ops = await batch();
  return ops / ((performance.now() - start) / 1000);
}

/**
 * Best of `rounds` batches of `batch`, each round right after a round of the baseline: under a
 * load that comes and goes, the best of each is measured in the same quiet moments.
 */
async function paired(batch: () => number | Promise<number>, rounds: number): Promise<{ rate: number; base: number }> {
  let rate = 0;
  let base = 0;
  for (let i = 0; i < rounds; i++) {
    base = Math.max(base, await timed(() => baselineBatch(5_000)));
    rate = Math.max(rate, await timed(batch));
  }
  return { rate, base };
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
const verdict = (n: number, target: number, base: number) =>
  `${fmt(n).padStart(7)}/s  (target >= ${fmt(target)}/s: ${n >= target ? 'met' : 'MISSED'})  ratio ${(n / base).toFixed(3)} of the baseline (${fmt(base)} queue loops/s)`;

/** One measurement, alone in a fresh worker thread (its own V8 isolate): what one sandbox's code taught the JIT never slows another's. */
type Job = { kind: 'runs'; id: string } | { kind: 'explore'; id: string };

async function measure(job: Job): Promise<{ rate: number; base: number; title: string }> {
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

function inWorker(job: Job): Promise<{ rate: number; base: number; title: string }> {
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
  console.log(`baseline: a bare event-queue loop of ${BASELINE_EVENTS} tasks, timed in rounds alternating with each rate; the ratio must not regress`);
  console.log('each rate is measured alone in a fresh worker thread\n');
  for (const id of sandboxIds()) {
    const { rate, base, title } = await inWorker({ kind: 'runs', id });
    console.log(`${id.padEnd(20)} complete runs         ${verdict(rate, RUN_TARGET, base)}  [${title}]`);
  }

  const single = await inWorker({ kind: 'explore', id: 'fencing-token' });
  console.log(`${'fencing-token'.padEnd(20)} explore, 1 thread     ${verdict(single.rate, EXPLORE_TARGET, single.base)}`);

  baselineBatch(20_000); // warm up
  const n = 200_000;
  const threads = Math.min(availableParallelism(), 4);
  const parallel = await paired(async () => {
    const outcome = await exploreInParallel('fencing-token', { n, baseSeed: 1 });
    if (outcome.status !== 'ok') throw new Error(`explore failed: ${JSON.stringify(outcome)}`);
    return n;
  }, 3);
  console.log(`${'fencing-token'.padEnd(20)} explore, ${threads} threads    ${verdict(parallel.rate, EXPLORE_TARGET, parallel.base * threads)}  (wall clock, worker start-up included; baseline x ${threads} threads)`);
  if (sink < 0) console.log(sink); // keeps the baseline's work observable
}
