// scenario.ts — read-only: the cluster your code runs in, and what goes wrong in it.
//
// Workers A and B run the same election loop (kit/split-brain.ts): try to lead by running your
// runJob(); if the lock is held by someone else, wait a second and try again.
// A starts first and gets token 33.
// Two seconds into its work A is paused for 18 s (say a SIGSTOP or a suspended VM), longer than its 10 s lease.
// The lease expires on the lock service, B gets token 34, does the job and writes result.csv.
// Then A wakes up, finishes the work it was doing, and writes too. The judge reads the trace.
import { runSplitBrain } from '../kit/index.ts';
import type { RunOptions, RunResult } from '../kit/index.ts';
import { runJob } from './job.ts';
import { handlePut } from './store.ts';
import { sandbox } from './sandbox.ts';

export function run(options: RunOptions = {}): Promise<RunResult> {
  return runSplitBrain({ ...options, sandbox, runJob, handlePut });
}
