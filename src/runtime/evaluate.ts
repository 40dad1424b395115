// The in-page module evaluator: strips types with sucrase (line-preserving), turns imports into
// `require` calls resolved against the run's files, and evaluates each file once per run.
// Runs in the module worker, in Node (tests, build-time solution runs) and anywhere with `eval`.
import type { RunResult, ScheduleOverrides, TraceEvent } from '../../sandboxes/kit/types.ts';
import { resolveSpecifier, type Files } from '../lib/sandbox-files.ts';
import type { ConsoleLine, ReaderError, RunOutcome } from './runner.ts';
import { ReaderFailure, transpileToCjs } from './transpile.ts';

export { ReaderFailure, transpileToCjs, transpileToEsm, syntaxError } from './transpile.ts';

const URL_PREFIX = 'sandbox:///';
// The wrapper sits on the first line of the file, so line N of the reader's file is line N of the code.
const WRAP_HEAD = '(function (exports, require, module, console, __lf_import_meta) {';

type ModuleFactory = (exports: object, require: (s: string) => unknown, module: { exports: object }, console: unknown, importMeta: { url: string }) => void;

/** Compiled factories survive across runs (keyed by path and source); module instances never do. */
const factoryCache = new Map<string, ModuleFactory>();

function compile(path: string, source: string): ModuleFactory {
  const key = `${path}\0${source}`;
  const cached = factoryCache.get(key);
  if (cached) return cached;
  const code = transpileToCjs(path, source);
  let factory: ModuleFactory;
  try {
    // Indirect eval: global scope, and `sourceURL` names the file in stack traces.
    factory = (0, eval)(`${WRAP_HEAD}${code}\n})\n//# sourceURL=${URL_PREFIX}${path}`) as ModuleFactory;
  } catch (err) {
    // sucrase accepted it but the engine did not (e.g. a duplicate `let`): no line from the engine.
    throw new ReaderFailure({ kind: 'syntax', message: `${path.split('/').pop()}: ${String((err as Error)?.message ?? err)}`, file: path });
  }
  if (factoryCache.size > 200) factoryCache.clear();
  factoryCache.set(key, factory);
  return factory;
}

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
  const text = isError ? `${e.name ?? 'Error'}: ${e.message}` : `Uncaught ${typeof err === 'string' ? JSON.stringify(err) : String(err)}`;
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
  /** Overrides of the scenario's schedule (e.g. a shorter pause); absent: the scenario's own. */
  schedule?: ScheduleOverrides;
  onConsole?(line: ConsoleLine): void;
  onEvent?(event: TraceEvent): void;
}

/** A console that forwards formatted lines. */
export function makeConsole(onConsole: ((line: ConsoleLine) => void) | undefined): Console {
  const emit = (level: ConsoleLine['level']) => (...args: unknown[]) => onConsole?.({ level, text: args.map(formatArg).join(' ') });
  const c = { log: emit('log'), info: emit('info'), warn: emit('warn'), error: emit('error'), debug: emit('debug'), trace: emit('debug') };
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

/** Evaluates `entry` and the files it imports, then calls its `run({ seed, schedule })`. Never throws. */
export async function evaluateScenario(files: Files, entry: string, options: EvaluateOptions): Promise<RunOutcome> {
  const modules = new Map<string, { exports: Record<string, unknown> }>();
  const sandboxConsole = makeConsole(options.onConsole);

  const load = (path: string): Record<string, unknown> => {
    const existing = modules.get(path);
    if (existing) return existing.exports;
    const source = files[path];
    if (source === undefined) throw new Error(`Cannot find module '${path}'`);
    const factory = compile(path, source);
    const module = { exports: {} as Record<string, unknown> };
    modules.set(path, module);
    const require = (specifier: string) => {
      const target = resolveSpecifier(path, specifier, files);
      if (!target) throw new Error(`Cannot find module '${specifier}' imported from ${path}`);
      return load(target);
    };
    factory(module.exports, require, module, sandboxConsole, { url: `${URL_PREFIX}${path}` });
    return module.exports;
  };

  try {
    const scenario = load(entry);
    const run = scenario.run;
    if (typeof run !== 'function') return { kind: 'runtime', message: `${entry} does not export a run() function.`, file: entry };
    const result = (await run({ seed: options.seed, ...(options.schedule ? { schedule: options.schedule } : {}), onEvent: options.onEvent })) as RunResult;
    if (!result || typeof result !== 'object' || !('verdict' in result)) {
      return { kind: 'runtime', message: `${entry}: run() did not return a RunResult.`, file: entry };
    }
    return result;
  } catch (err) {
    return runtimeError(err);
  }
}
