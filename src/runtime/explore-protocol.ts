// Messages between the explore panel and its workers. A worker explores one part [from, to) of
// the range for every job it is given, in order, and can replay one seed of a job.
import type { ExploreResult, RunResult } from '../../sandboxes/kit/types.ts';
import type { Files } from '../lib/sandbox-files.ts';

/** One version of a sandbox to explore: the base files with `overrides` laid over. */
export interface ExploreJob {
  /** The variant's name, or 'mine'. */
  key: string;
  /** Paths relative to sandboxes/ ('fencing-token/store.ts') → source. */
  overrides: Files;
}

export type ExploreRequest =
  | {
      type: 'explore';
      id: number;
      /** The kit and the sandbox's own files, relative to sandboxes/. */
      base: Files;
      /** The scenario module ('fencing-token/scenario.ts'). */
      entry: string;
      jobs: ExploreJob[];
      n: number;
      baseSeed: number;
      from: number;
      to: number;
      /** Schedules between progress messages. */
      chunk?: number;
    }
  /** One seed of a job: on the schedule exploring draws for it (default), or the scenario's own ('default'). */
  | {
      type: 'replay';
      id: number;
      base: Files;
      entry: string;
      job: ExploreJob;
      seed: number;
      schedule?: 'drawn' | 'default';
    };

export type ExploreMessage =
  | { type: 'ready' }
  /** `done` schedules of this part are finished for `key` (cumulative within the part). */
  | { type: 'progress'; id: number; key: string; done: number }
  | { type: 'result'; id: number; key: string; result: ExploreResult }
  /** The job could not run at all (a syntax error, a throw while loading): one readable sentence. */
  | { type: 'job-error'; id: number; key: string; message: string }
  | { type: 'done'; id: number; ms: number }
  | { type: 'replayed'; id: number; result: RunResult }
  | { type: 'replay-error'; id: number; message: string };
