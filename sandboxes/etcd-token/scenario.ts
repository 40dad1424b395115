// scenario.ts — read-only: the cluster your code runs in, and what goes wrong in it.
//
// The lock service is etcd (kit/kv.ts): keys with revisions, leases, transactions. Workers A and B
// run your runJob() (kit/etcd-split-brain.ts); A starts first and owns /job-leader. Two seconds into
// its work A is paused for 18 s, longer than its 10 s lease: the lease expires, etcd deletes A's lock
// key, B's key is now the oldest and B owns the lock. Then A wakes up and writes too. At 30 s, C (the
// job's next run) takes the lock and writes again. ops.ts may restore etcd from an older snapshot.
import { runEtcdSplitBrain } from '../kit/index.ts';
import type { RunOptions, RunResult } from '../kit/index.ts';
import { runJob } from './job.ts';
import { handlePut } from './store.ts';
import { restore } from './ops.ts';
import { sandbox } from './sandbox.ts';

export function run(options: RunOptions = {}): Promise<RunResult> {
  return runEtcdSplitBrain({ ...options, sandbox, runJob, handlePut, restore });
}
