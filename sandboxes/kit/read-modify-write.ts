// Lesson 2's scenario: the split-brain cluster of kit/split-brain.ts, but the job reads, computes and
// writes (a ledger the leader appends to) against the versioned store (kit/versioned-store.ts).
// The lesson's schedule pauses A for 11 s, past its 10 s lease, so that it wakes after B has read the
// ledger and before B writes: with a token check on writes alone, A's write lands in between.
import { acceptAll } from './object-store.ts';
import { defaultSchedule as splitBrainSchedule, electionLoop, runTwoWorkers } from './split-brain.ts';
import type { Schedule } from './schedule.ts';
import type { LockClient } from './lock-client.ts';
import type { Proc } from './process.ts';
import type { VersionedHandlers, VersionedStoreClient } from './versioned-store.ts';
import type { RunOptions, RunResult, SandboxMeta } from './types.ts';

/** A pauses 2 s into its work for 11 s: it wakes at 13 s, between B's read (about 11 s) and B's write (about 16 s). */
export const readModifyWriteSchedule: Schedule = { ...splitBrainSchedule, pause: { node: 'A', at: 2_000, ms: 11_000 } };

export type RunVersionedJob = (lock: LockClient, store: VersionedStoreClient, proc: Proc) => Promise<void>;

export interface ReadModifyWriteOptions extends RunOptions {
  sandbox: SandboxMeta;
  runJob: RunVersionedJob;
  /** The store's handlers: the reader's store.ts. */
  handlers: VersionedHandlers;
}

/** A and B run the reader's runJob against the versioned store; the worker is done once one of its writes landed. */
export function runReadModifyWrite({ sandbox, runJob, handlers, ...run }: ReadModifyWriteOptions): Promise<RunResult> {
  return runTwoWorkers({
    ...run,
    sandbox,
    defaults: readModifyWriteSchedule,
    cluster: { handlePut: acceptAll, versioned: handlers },
    body: (cluster) =>
      electionLoop(runJob, (proc, landed): VersionedStoreClient => {
        const store = cluster.versionedStore(proc.name);
        return {
          get: (key, token) => store.get(key, token),
          register: (key, token) => store.register(key, token),
          put: (key, value, options) =>
            store.put(key, value, options).then((outcome) => (outcome.ok && landed(), outcome)),
        };
      }),
  });
}
