// npm run bench — how fast the simulator is in Node:
//   complete scenario runs per second, per sandbox (target >= 20,000/s), and
//   explored schedules per second, on one thread and split across every core (target >= 50,000/s).
// Runs go through the same on-disk copy and native import as `npm run sandbox`.
import { availableParallelism } from 'node:os';
import { explore } from '../sandboxes/kit/explore.ts';
import { exploreInParallel, loadSandbox, sandboxIds } from './sandbox.ts';

const RUN_TARGET = 20_000;
const EXPLORE_TARGET = 50_000;

/** Best of `rounds` timed batches, in operations per second. */
async function rate(batch: () => Promise<number>, rounds: number): Promise<number> {
  let best = 0;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const ops = await batch();
    best = Math.max(best, ops / ((performance.now() - start) / 1000));
  }
  return best;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (n: number, target: number) => `${fmt(n)}/s  (target >= ${fmt(target)}/s: ${n >= target ? 'met' : 'MISSED'})`;

for (const id of sandboxIds()) {
  const { run, meta } = await loadSandbox(id);
  const batch = async () => {
    for (let seed = 0; seed < 5_000; seed++) await run({ seed });
    return 5_000;
  };
  await batch(); // warm up
  console.log(`${id.padEnd(20)} complete runs         ${verdict(await rate(batch, 5), RUN_TARGET)}  [${meta.title}]`);
}

const { run } = await loadSandbox('fencing-token');
const single = await rate(async () => (await explore(run, { n: 20_000, baseSeed: 1 })).to, 3);
console.log(`${'fencing-token'.padEnd(20)} explore, 1 thread     ${verdict(single, EXPLORE_TARGET)}`);

const n = 400_000;
const threads = Math.min(availableParallelism(), 4);
const parallel = await rate(async () => {
  const outcome = await exploreInParallel('fencing-token', { n, baseSeed: 1 });
  if (outcome.status !== 'ok') throw new Error(`explore failed: ${JSON.stringify(outcome)}`);
  return n;
}, 2);
console.log(`${'fencing-token'.padEnd(20)} explore, ${threads} threads    ${verdict(parallel, EXPLORE_TARGET)}  (wall clock, worker start-up included)`);
