// Which world a sandbox runs in, read from the runner its scenario.ts calls (scenario.ts is
// read-only, so this holds for every reader edit): the plain split brain (a LockClient and an object
// store), the read-modify-write one (a LockClient and the versioned store) or the etcd one (an etcd
// client with sessions and mutexes, workers A, B and C). The lab sets up the same parts on real
// services, with the lesson's own schedule for that runner.
import { readModifyWriteSchedule } from '../sandboxes/kit/read-modify-write.ts';
import { defaultSchedule } from '../sandboxes/kit/split-brain.ts';
import type { ScheduleOverrides } from '../sandboxes/kit/types.ts';
import { runFiles } from '../scripts/lib/sandbox-run.ts';

export type LabWorld = 'split-brain' | 'read-modify-write' | 'etcd-split-brain';

const RUNNERS: [RegExp, LabWorld][] = [
  [/\brunEtcdSplitBrain\s*\(/, 'etcd-split-brain'],
  [/\brunReadModifyWrite\s*\(/, 'read-modify-write'],
  [/\brunSplitBrain\s*\(/, 'split-brain'],
];

export function labWorld(id: string): LabWorld {
  const { meta, files } = runFiles(id);
  const scenario = files[`${id}/${meta.entry}`] ?? '';
  for (const [call, world] of RUNNERS) if (call.test(scenario)) return world;
  throw new Error(
    `lab: ${id}/${meta.entry} calls none of runSplitBrain, runReadModifyWrite, runEtcdSplitBrain: the lab cannot run this sandbox on real services`,
  );
}

/** The lesson's pause for the world's runner (kit/split-brain.ts or kit/read-modify-write.ts). */
export function lessonPause(world: LabWorld): NonNullable<ScheduleOverrides['pause']> {
  return (world === 'read-modify-write' ? readModifyWriteSchedule : defaultSchedule).pause!;
}

/**
 * Lesson ms per real ms for a world's runs. 5 by default (lab/run.ts). The ledger's schedule has A
 * wake 2.4 s after B read the ledger, and a real etcd revokes expired leases in a loop every 500 ms
 * (its lessor's runLoop), so B's grant comes up to 500 ms of real time after the TTL: 2.5 lesson
 * seconds at 5x, enough to miss the window; at 2x it is at most 1 lesson second.
 */
export const defaultScale = (world: LabWorld, fallback: number): number =>
  world === 'read-modify-write' ? 2 : fallback;

/** The workers the runner starts: etcd-split-brain adds C, the job's next run. */
export const workerNodes = (world: LabWorld): string[] => (world === 'etcd-split-brain' ? ['A', 'B', 'C'] : ['A', 'B']);
