// The run vocabulary every layer shares: what a run of a sandbox comes back with (a RunResult or a
// ReaderError), the reader's console lines, and the error that carries a ReaderError out of nested
// code. Pure types and tiny helpers: the runners produce these, lib and the components read them.
import type { RunResult } from '../../sandboxes/kit/types.ts';

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

export function isReaderError(outcome: RunOutcome): outcome is ReaderError {
  return !('verdict' in outcome);
}

/** Thrown (and caught) inside runners to carry a reader error out of nested code. */
export class ReaderFailure extends Error {
  readonly error: ReaderError;
  constructor(error: ReaderError) {
    super(error.message);
    this.error = error;
  }
}
