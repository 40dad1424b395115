// One interface for every way of running a sandbox: the WebContainer runner (real `node`)
// and the in-page worker runner. The UI talks only to this interface; what a run returns
// (RunOutcome, ReaderError, ConsoleLine) is in src/lib/run-outcome.ts.
import type { TraceEvent } from '../../sandboxes/kit/types.ts';
import type { ConsoleLine, RunOutcome } from '../lib/run-outcome.ts';

export type RunnerName = 'webcontainer' | 'worker';

/** What a run needs. Paths are relative to `sandboxes/` and include the kit's files. */
export interface RunRequest {
  /** The sandbox id, e.g. 'acquire-then-write'. */
  sandbox: string;
  /** Every file the run may import, keyed by path relative to `sandboxes/` ('kit/index.ts', 'acquire-then-write/job.ts'). */
  files: Record<string, string>;
  /** The scenario module, relative to `sandboxes/` ('acquire-then-write/scenario.ts'). It exports `run({ seed })`. */
  entry: string;
  seed: number;
  /** Wall-clock limit for the reader's code; defaults to the runner's own (2 s in the worker). */
  timeoutMs?: number;
}

/** Streaming callbacks; all optional. */
export interface RunHooks {
  onConsole?(line: ConsoleLine): void;
  /** Trace events as they happen, when the scenario streams them (else only the final trace). */
  onEvent?(event: TraceEvent): void;
  /** Which runner handles this run, and why when it is not the preferred one. */
  onRunner?(info: RunnerInfo): void;
}

export interface RunnerInfo {
  runner: RunnerName;
  /** One line for the reader, e.g. "Running in this page: the WebContainer engine did not start within 10 s." */
  notice?: string;
}

export interface Runner {
  readonly name: RunnerName;
  run(request: RunRequest, hooks?: RunHooks): Promise<RunOutcome>;
  /** Start loading what the first run needs (worker, engine) without running anything. */
  prewarm?(): void;
  dispose?(): void;
}

/** Console lines from which a stopped run's message names printing as a likely cause too. */
export const MANY_CONSOLE_LINES = 1000;

/** Why a run was stopped; `printed` console lines by then (each one travels to the page and into the log). */
export function timeoutMessage(ms: number, printed = 0): string {
  const s = ms / 1000;
  const loop = `Stopped after ${Number.isInteger(s) ? s : s.toFixed(1)} s: does your code loop forever?`;
  return printed >= MANY_CONSOLE_LINES
    ? `${loop} It had printed ${printed.toLocaleString('en')} console lines by then, and printing that much is slow too: print less, or only what you need to see.`
    : loop;
}
