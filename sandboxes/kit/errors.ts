// What kit calls throw into reader code (so a scenario can tell "someone else leads" from a bug),
// and how a reader's own error is turned into a message with a file and line.

/**
 * Kit errors are expected outcomes (Go's `err` values), thrown many times per run: they skip the
 * stack trace, which would cost more than the rest of the run (V8 reads `stackTraceLimit` in Error()).
 */
class KitError extends Error {
  constructor(message: string) {
    const E = Error as { stackTraceLimit?: number };
    const limit = E.stackTraceLimit;
    E.stackTraceLimit = 0;
    super(message);
    E.stackTraceLimit = limit;
  }
}

/** acquire() refused: a live lease on `key` is held (like Go's `return err // someone else leads`). */
export class LockHeldError extends KitError {
  readonly key: string;
  readonly heldBy: string;
  constructor(key: string, heldBy: string) {
    super(`lock ${key} is held by ${heldBy}`);
    this.name = 'LockHeldError';
    this.key = key;
    this.heldBy = heldBy;
  }
}

/** renew() refused: this node's lease on `key` is gone (expired, or never held). */
export class LeaseLostError extends KitError {
  readonly key: string;
  constructor(key: string) {
    super(`lease ${key} is lost`);
    this.name = 'LeaseLostError';
    this.key = key;
  }
}

/** put() refused by the store. */
export class WriteRejectedError extends KitError {
  readonly key: string;
  readonly reason: string;
  constructor(key: string, reason: string) {
    super(`put ${key} rejected${reason ? `: ${reason}` : ''}`);
    this.name = 'WriteRejectedError';
    this.key = key;
    this.reason = reason;
  }
}

/** get() refused by the store (a fenced read whose token is below one the store has seen). */
export class ReadRejectedError extends KitError {
  readonly key: string;
  readonly reason: string;
  constructor(key: string, reason: string) {
    super(`get ${key} refused${reason ? `: ${reason}` : ''}`);
    this.name = 'ReadRejectedError';
    this.key = key;
    this.reason = reason;
  }
}

/** A request or its reply was lost (drop or partition); the caller gave up waiting. */
export class RpcTimeoutError extends KitError {
  readonly to: string;
  constructor(to: string, request: string) {
    super(`no reply from ${to} to "${request}"`);
    this.name = 'RpcTimeoutError';
    this.to = to;
  }
}

export interface ErrorInfo {
  message: string;
  file?: string;
  line?: number;
}

/** A thrown value → message, plus the innermost frame in one of the reader's files (by base name). */
export function describeError(err: unknown, files: readonly string[]): ErrorInfo {
  if (!(err instanceof Error))
    return { message: `threw ${typeof err === 'string' ? JSON.stringify(err) : String(err)}` };
  const message = err.name === 'Error' ? err.message : `${err.name}: ${err.message}`;
  const stack = String(err.stack ?? '');
  // Skip V8's "Name: message" first line, which may itself mention a file.
  const frames = stack.startsWith(String(err)) ? stack.slice(String(err).length) : stack;
  for (const m of frames.matchAll(/([^\s/\\()@]+\.ts)(?:\?[^\s:)]*)?:(\d+)/g)) {
    if (files.includes(m[1]!)) return { message, file: m[1]!, line: Number(m[2]) };
  }
  return { message };
}
