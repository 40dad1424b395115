// scenario.ts — read-only: the cluster your code runs in, and what goes wrong in it.
//
// Workers A and B run the same election loop: try to lead by running your runJob(); if the lock
// is held by someone else, wait a second and try again. A starts first and gets token 33.
// Two seconds into its work A is paused (a stop-the-world GC) for 18 s, longer than its 10 s lease.
// A's keep-alive would renew every 3.3 s, but a paused process renews nothing: the lease expires
// on the lock service, B gets token 34, does the job and writes result.csv. Then A wakes up: its
// overdue timers run in order (a renewal goes out, the work finishes, the write goes out) and only
// then does the refused renewal come back. The judge reads the trace.
import { createCluster, judge, resolveSchedule, LockHeldError, RpcTimeoutError, WriteRejectedError } from '../kit/index.ts';
import type { Proc, RunOptions, RunResult, Schedule, StoreClient } from '../kit/index.ts';
import { runJob } from './job.ts';
import { handlePut } from './store.ts';
import { sandbox } from './sandbox.ts';

/** The lesson's schedule; `run({ schedule })` may override any part of it. */
export const defaultSchedule: Schedule = {
  pause: { node: 'A', at: 2_000, ms: 18_000 },
  latencyMs: [1, 10],
  dropRate: 0,
  partitions: [],
  clockSkewMs: {},
};

const WORK_MS = 5_000; // how long work() takes in runJob
const RETRY_MS = 1_000; // how long a refused worker waits before trying again
const MAX_STEP_DOWNS = 3; // times runJob may return without writing before the worker gives up

/**
 * A worker's life: run for leader by calling your runJob(). Refused (someone else leads) or cut
 * off by the network: try again a second later. The job is done once the worker's write has
 * landed; if runJob returns without writing (it stepped down), the worker runs for leader again.
 */
async function electionLoop(proc: Proc): Promise<void> {
  let landed = false;
  const store: StoreClient = { put: (key, value, token) => proc.store.put(key, value, token).then(() => void (landed = true)) };
  let stepDowns = 0;
  for (;;) {
    try {
      await runJob(proc.lock, store, proc);
      if (!landed && ++stepDowns > MAX_STEP_DOWNS) return proc.console.log(`gives up: stepped down ${MAX_STEP_DOWNS} times without writing`);
    } catch (err) {
      if (err instanceof WriteRejectedError) return proc.console.log(`gives up: ${err.message}`); // fenced off: a newer leader wrote
      if (!(err instanceof LockHeldError || err instanceof RpcTimeoutError)) throw err; // a bug in runJob: the run ends with an error
    }
    if (landed) return; // done, even if a later message (say, the release) was lost
    await proc.sleep(RETRY_MS);
  }
}

export async function run({ seed = sandbox.defaultSeed, schedule, onEvent }: RunOptions = {}): Promise<RunResult> {
  const { pause, ...conditions } = resolveSchedule(defaultSchedule, schedule);
  const cluster = createCluster({ seed, handlePut, readerFiles: sandbox.editable, onEvent, ...conditions });
  cluster.spawn('A', { at: 0, workMs: WORK_MS }, electionLoop);
  cluster.spawn('B', { at: 500, workMs: WORK_MS }, electionLoop);
  if (pause) cluster.pause(pause.node, pause.at, pause.ms);
  const trace = await cluster.run();
  return { sandbox: sandbox.id, seed, trace, verdict: judge(trace) };
}
