// One run of a sandbox in the page's worker, the build and the tests: loads the files through
// modules.ts (fresh module instances, virtual Date and Math.random) and turns whatever the reader's
// code threw into a ReaderError located in the reader's file and line.
// Runs in the module worker, in Node (tests, build-time solution runs) and anywhere with `eval`.
import type { ScheduleOverrides, TraceEvent } from '../../sandboxes/kit/types.ts';
import type { Files } from '../lib/sandbox-files.ts';
import { loadProgram } from './modules.ts';
import { ReaderFailure, type ConsoleLine, type ReaderError, type RunOutcome } from '../lib/run-outcome.ts';

export interface StackFrame {
  file: string;
  line: number;
  /** Unknown on line 1, where the wrapper and sucrase's preamble sit. */
  column?: number;
}

/** Frames of an error's stack that point into the run's files, innermost first. */
export function sandboxFrames(stack: string | undefined): StackFrame[] {
  const frames: StackFrame[] = [];
  const re = /sandbox:\/\/\/([^\s:()]+):(\d+):(\d+)/g;
  for (let m = re.exec(stack ?? ''); m; m = re.exec(stack ?? '')) {
    const line = Number(m[2]);
    frames.push(line === 1 ? { file: m[1]!, line } : { file: m[1]!, line, column: Number(m[3]) });
  }
  return frames;
}

/** A thrown value → a runtime reader error, located in the reader's files when the stack allows. */
export function runtimeError(err: unknown): ReaderError {
  if (err instanceof ReaderFailure) return err.error;
  const e = err as { name?: string; message?: string; stack?: string };
  const isError = typeof err === 'object' && err !== null && 'message' in err;
  const text = isError
    ? `${e.name ?? 'Error'}: ${e.message}`
    : `Uncaught ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`;
  const frames = sandboxFrames(isError ? e.stack : undefined);
  // Prefer the innermost frame in the sandbox's own files over the kit's.
  const frame = frames.find((f) => !f.file.startsWith('kit/')) ?? frames[0];
  if (!frame) return { kind: 'runtime', message: text };
  return {
    kind: 'runtime',
    message: `${frame.file.split('/').pop()}:${frame.line}: ${text}`,
    file: frame.file,
    line: frame.line,
    ...(frame.column ? { column: frame.column } : {}),
  };
}

export interface EvaluateOptions {
  seed: number;
  /** Called once the files are compiled, before any of them runs (the worker starts its time limit here). */
  onCompiled?: () => void;
  /** Overrides of the scenario's schedule (e.g. a shorter pause); absent: the scenario's own. */
  schedule?: ScheduleOverrides;
  onConsole?: (line: ConsoleLine) => void;
  onEvent?: (event: TraceEvent) => void;
}

/** A console that forwards formatted lines. */
export function makeConsole(onConsole: ((line: ConsoleLine) => void) | undefined): Console {
  const emit =
    (level: ConsoleLine['level']) =>
    (...args: unknown[]) =>
      onConsole?.({ level, text: args.map(formatArg).join(' ') });
  const c = {
    log: emit('log'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    debug: emit('debug'),
    trace: emit('debug'),
  };
  return c as unknown as Console;
}

function formatArg(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

/** Evaluates `entry` and the files it imports (fresh instances), then calls its `run({ seed, schedule })`. Never throws. */
export async function evaluateScenario(files: Files, entry: string, options: EvaluateOptions): Promise<RunOutcome> {
  try {
    const program = loadProgram(files, entry, { onCompiled: options.onCompiled });
    const result = await program.run(
      { seed: options.seed, ...(options.schedule ? { schedule: options.schedule } : {}), onEvent: options.onEvent },
      { console: makeConsole(options.onConsole) },
    );
    if (!result || typeof result !== 'object' || !('verdict' in result)) {
      return { kind: 'runtime', message: `${entry.split('/').pop()}: run() did not return a RunResult.`, file: entry };
    }
    return result;
  } catch (err) {
    return runtimeError(err);
  }
}
