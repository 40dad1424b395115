// The split-brain scenario every leader-election sandbox runs: two workers race for one lease,
// the first is paused past its TTL, the second takes over, the first wakes up and writes.
// A sandbox's scenario.ts passes in the reader's runJob and store handler; the rest is here.
import { createCluster } from './cluster.ts';
import { LockHeldError, ReadRejectedError, RpcTimeoutError, WriteRejectedError } from './errors.ts';
import { judge } from './judge.ts';
import { resolveSchedule } from './schedule.ts';
import type { Schedule } from './schedule.ts';
import type { Cluster, ClusterOptions } from './cluster.ts';
import type { Proc } from './process.ts';
import type { LockClient } from './lock-client.ts';
import type { PutHandler, StoreClient } from './object-store.ts';
import type { RunOptions, RunResult, SandboxMeta } from './types.ts';

/** The lesson's schedule: A pauses 2 s into its work, for 18 s, past its 10 s lease. `run({ schedule })` overrides any part. */
export const defaultSchedule: Schedule = {
  pause: { node: 'A', at: 2_000, ms: 18_000 },
  pauses: [],
  latencyMs: [1, 10],
  dropRate: 0,
  partitions: [],
  stalls: [],
  clockSkewMs: {},
  clockDriftPpm: {},
  clockJumps: [],
};

const WORK_MS = 5_000; // how long work() takes in runJob
const RETRY_MS = 1_000; // how long a refused worker waits before trying again
const MAX_STEP_DOWNS = 3; // times runJob may return without writing before the worker gives up

export type RunJob = (lock: LockClient, store: StoreClient, proc: Proc) => Promise<void>;

/**
 * A worker's life: run for leader by calling the reader's runJob(). Refused (someone else leads) or
 * cut off by the network: try again a second later. The job is done once the worker's write has
 * landed; if runJob returns without writing (it stepped down), the worker runs for leader again.
 * `storeFor` hands runJob its store client, calling `landed()` when a write of the worker's lands.
 */
export function electionLoop<S>(
  runJob: (lock: LockClient, store: S, proc: Proc) => Promise<void>,
  storeFor: (proc: Proc, landed: () => void) => S,
) {
  return async (proc: Proc): Promise<void> => {
    let landed = false;
    const store = storeFor(proc, () => void (landed = true));
    let stepDowns = 0;
    for (;;) {
      try {
        await runJob(proc.lock, store, proc);
        if (!landed && ++stepDowns > MAX_STEP_DOWNS)
          return proc.console.log(`gives up: stepped down ${MAX_STEP_DOWNS} times without writing`);
      } catch (err) {
        if (err instanceof WriteRejectedError || err instanceof ReadRejectedError)
          return proc.console.log(`gives up: ${err.message}`); // fenced off: a newer leader wrote
        if (!(err instanceof LockHeldError || err instanceof RpcTimeoutError)) throw err; // a bug in runJob: the run ends with an error
      }
      if (landed) return; // done, even if a later message (say, the release) was lost
      await proc.sleep(RETRY_MS);
    }
  };
}

export interface SplitBrainOptions extends RunOptions {
  sandbox: SandboxMeta;
  runJob: RunJob;
  handlePut: PutHandler;
}

/** A starts at 0 s and B at 0.5 s, both running the reader's runJob; then the pause; then the judge. */
export async function runSplitBrain({ sandbox, runJob, handlePut, ...run }: SplitBrainOptions): Promise<RunResult> {
  // A renamed or missing export arrives here as undefined: say which file must export what.
  if (typeof runJob !== 'function')
    throw new TypeError(
      `job.ts must export a function runJob(lock, store, proc); ${sandbox.id}’s scenario got ${typeof runJob}`,
    );
  if (typeof handlePut !== 'function')
    throw new TypeError(
      `store.ts must export a function handlePut(put, store); ${sandbox.id}’s scenario got ${typeof handlePut}`,
    );
  const storeFor = (proc: Proc, landed: () => void): StoreClient => ({
    put: (key, value, token) => proc.store.put(key, value, token).then(landed),
  });
  return runTwoWorkers({
    ...run,
    sandbox,
    defaults: defaultSchedule,
    cluster: { handlePut },
    body: () => electionLoop(runJob, storeFor),
  });
}

export interface TwoWorkersOptions extends RunOptions {
  sandbox: SandboxMeta;
  /** The scenario's own schedule; `schedule` overrides any part. */
  defaults: Schedule;
  /** The stores' handlers. */
  cluster: Pick<ClusterOptions, 'handlePut' | 'versioned'>;
  /** Each worker's life, given the cluster (for clients a worker reaches through it). */
  body: (cluster: Cluster) => (proc: Proc) => Promise<void>;
}

/** The split-brain cluster shared by every scenario of the track: A at 0 s, B at 0.5 s, the pause, then the judge. */
export async function runTwoWorkers({
  sandbox,
  seed = sandbox.defaultSeed,
  schedule,
  onEvent,
  onClock,
  defaults,
  cluster: stores,
  body,
}: TwoWorkersOptions): Promise<RunResult> {
  const { pause, pauses, ...conditions } = resolveSchedule(defaults, schedule);
  const cluster = createCluster({ seed, ...stores, readerFiles: sandbox.editable, onEvent, onClock, ...conditions });
  const loop = body(cluster);
  cluster.spawn('A', { at: 0, workMs: WORK_MS }, loop);
  cluster.spawn('B', { at: 500, workMs: WORK_MS }, loop);
  for (const p of pause ? [pause, ...pauses] : pauses) cluster.pause(p.node, p.at, p.ms);
  const trace = await cluster.run();
  return { sandbox: sandbox.id, seed, trace, verdict: judge(trace) };
}
