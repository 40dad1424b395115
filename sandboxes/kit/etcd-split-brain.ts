// The split-brain scenario of kit/split-brain.ts with etcd as the lock service: workers A and B run
// the reader's runJob against an etcd-like store (kv.ts, etcd-client.ts) and an object store, under
// the same default schedule (A paused 2 s in, for 18 s, past its 10 s lease) and the same judge.
// A third worker, C, is the job's next run at 30 s: a new leader after the others are done.
// A restore of the etcd cluster from an older snapshot can be scheduled too.
import { createCluster } from './cluster.ts';
import { RpcTimeoutError, WriteRejectedError } from './errors.ts';
import { etcdClient, KvError, type Etcd, type EtcdHooks } from './etcd-client.ts';
import { judge } from './judge.ts';
import { KvService, type RestorePlan } from './kv.ts';
import { resolveSchedule } from './schedule.ts';
import { defaultSchedule } from './split-brain.ts';
import type { PutHandler, StoreClient } from './object-store.ts';
import type { Proc } from './process.ts';
import type { RunOptions, RunResult, SandboxMeta } from './types.ts';

export const WORK_MS = 5_000; // how long work() takes, as in split-brain.ts
export const RETRY_MS = 1_000; // how long a worker waits before running for leader again
/** When C, the job's next run, starts: after A and B are done in the default schedule. */
export const NEXT_RUN_AT = 30_000;
export const MAX_ATTEMPTS = 10; // attempts without a landed write before a worker gives up (a few lost messages in a row must not end the job)

export type EtcdJob = (etcd: Etcd, store: StoreClient, proc: Proc) => Promise<void>;

export interface EtcdSplitBrainOptions extends RunOptions {
  sandbox: SandboxMeta;
  runJob: EtcdJob;
  handlePut: PutHandler;
  /** Restore the etcd cluster from its older snapshot during the run; null for none. */
  restore?: RestorePlan | null;
}

/**
 * A worker's life: run the reader's runJob until its write has landed (in the object store, or a
 * put outside the lock prefix in etcd). Each attempt's sessions are closed when runJob returns or
 * throws (Go: defer s.Close()). A refused store write ends the worker: a newer leader wrote.
 */
function workerLoop(runJob: EtcdJob, makeEtcd: (proc: Proc, hooks: EtcdHooks) => Etcd) {
  return async (proc: Proc): Promise<void> => {
    let landed = false;
    const hooks: EtcdHooks = { landed: () => void (landed = true), sessions: [] };
    const etcd = makeEtcd(proc, hooks);
    const store: StoreClient = {
      put: (key, value, token) => proc.store.put(key, value, token).then(() => void (landed = true)),
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await runJob(etcd, store, proc);
      } catch (err) {
        if (err instanceof WriteRejectedError) return proc.console.log(`gives up: ${err.message}`);
        if (!(err instanceof KvError || err instanceof RpcTimeoutError)) throw err; // a bug in runJob: the run ends with an error
        proc.console.log(`attempt failed: ${err.message}`);
      } finally {
        const open = hooks.sessions.splice(0);
        await Promise.all(open.map((s) => s.close()));
      }
      if (landed) return;
      if (attempt >= MAX_ATTEMPTS) return proc.console.log(`gives up: ${attempt} attempts without a write landing`);
      await proc.sleep(RETRY_MS);
    }
  };
}

/** A starts at 0 s, B at 0.5 s and C (the next run) at 30 s; the pause and the restore (if any); then the judge. */
export async function runEtcdSplitBrain({
  sandbox,
  runJob,
  handlePut,
  restore = null,
  seed = sandbox.defaultSeed,
  schedule,
  onEvent,
}: EtcdSplitBrainOptions): Promise<RunResult> {
  const { pause, ...conditions } = resolveSchedule(defaultSchedule, schedule);
  const cluster = createCluster({ seed, handlePut, readerFiles: sandbox.editable, onEvent, ...conditions });
  const { world, net } = cluster;
  const kv = new KvService(world);
  const loop = workerLoop(runJob, (proc, hooks) => etcdClient(world, net, world.node(proc.name), kv, hooks));
  cluster.spawn('A', { at: 0, workMs: WORK_MS }, loop);
  cluster.spawn('B', { at: 500, workMs: WORK_MS }, loop);
  cluster.spawn('C', { at: NEXT_RUN_AT, workMs: WORK_MS }, loop); // the job's next run
  if (pause) cluster.pause(pause.node, pause.at, pause.ms);
  if (restore) world.sched.at(restore.at, null, () => kv.restore(restore));
  const trace = await cluster.run();
  return { sandbox: sandbox.id, seed, trace, verdict: judge(trace) };
}
