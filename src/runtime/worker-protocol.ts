// Messages between the page and the sandbox worker.
import type { TraceEvent } from '../../sandboxes/kit/types.ts';
import type { ConsoleLine, RunOutcome } from '../lib/run-outcome.ts';

export interface WorkerRequest {
  type: 'run';
  id: number;
  files: Record<string, string>;
  entry: string;
  seed: number;
}

/** Compile this sandbox's starter files and the kit ahead of the first run (worker-spawn.ts). Runs nothing but their top level. */
export interface WorkerPrepare {
  type: 'prepare';
  sandbox: string;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'started'; id: number }
  | { type: 'console'; id: number; line: ConsoleLine }
  | { type: 'event'; id: number; event: TraceEvent }
  | { type: 'done'; id: number; outcome: RunOutcome };
