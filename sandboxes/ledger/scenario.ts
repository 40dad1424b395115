// scenario.ts — read-only: the cluster your code runs in, and what goes wrong in it.
//
// Workers A and B run the same election loop (kit/split-brain.ts): try to lead by running your
// runJob(); if the lock is held by someone else, wait a second and try again.
// The job reads the ledger, computes its entry (5 s of work) and writes the ledger back with the
// entry appended. The store (kit/versioned-store.ts) keeps a version per key and runs your store.ts.
// A starts first and gets token 33, reads the ledger, and two seconds into its work it is paused
// for 11 s, longer than its 10 s lease. The lease expires, B gets token 34 and reads the ledger;
// A wakes at 13 s, before B has written, and writes. The judge reads the trace.
import { runReadModifyWrite } from '../kit/index.ts';
import type { RunOptions, RunResult } from '../kit/index.ts';
import { runJob } from './job.ts';
import { handleGet, handlePut, handleRegister } from './store.ts';
import { sandbox } from './sandbox.ts';

export function run(options: RunOptions = {}): Promise<RunResult> {
  return runReadModifyWrite({ ...options, sandbox, runJob, handlers: { handleGet, handlePut, handleRegister } });
}
