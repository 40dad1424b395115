// One interface for every way of running a sandbox: the WebContainer runner (real `node`)
// and the in-page worker runner. The UI talks only to this interface.
import type { RunResult, TraceEvent } from '../../sandboxes/kit/types.ts';

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

/** The reader's code did not produce a RunResult. */
export interface ReaderError {
  kind: 'syntax' | 'runtime' | 'timeout';
  /** One readable sentence, e.g. "Stopped after 2 s: does your code loop forever?". */
  message: string;
  /** Path relative to `sandboxes/`, when known. */
  file?: string;
  /** 1-based line in the reader's TypeScript, when known. */
  line?: number;
  column?: number;
}

export type RunOutcome = RunResult | ReaderError;

export interface ConsoleLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'debug';
  text: string;
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

export function isReaderError(outcome: RunOutcome): outcome is ReaderError {
  return !('verdict' in outcome);
}

export function timeoutMessage(ms: number): string {
  const s = ms / 1000;
  return `Stopped after ${Number.isInteger(s) ? s : s.toFixed(1)} s: does your code loop forever?`;
}

/** Thrown (and caught) inside runners to carry a reader error out of nested code. */
export class ReaderFailure extends Error {
  readonly error: ReaderError;
  constructor(error: ReaderError) {
    super(error.message);
    this.error = error;
  }
}
