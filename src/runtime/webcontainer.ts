// The WebContainer runner: real `node` in the browser. One engine per page, booted when a sandbox
// nears the viewport (prewarm), or on the first Run on iPhone and iPad.
//
// The engine runs the same transpiled files as the page, resolved by the same resolver
// (engine-tree.ts), under a run script that stops the reader's code in a worker thread when it runs
// too long and writes the outcome to a file (engine-run-script.ts); the runner reads that file with
// `fs.readFile` as soon as the script says it is written, or the process exits.
//
// Every engine step is bounded: `boot()` never rejects when its host is unreachable, and mount,
// spawn and the run may hang too. Whatever fails, the run goes to the in-page runner with one line
// saying why. A boot that finishes after its bound is adopted for later runs, not leaked; a process
// that outlives its run gets the instance torn down and booted again.
import type { RunResult } from '../../sandboxes/kit/types.ts';
import { currentBrowser, engineSupport, isIosOrIpados } from './engine-support.ts';
import { CONSOLE_MARK, DONE_MARK, ENGINE_DIR, type EngineOutcome } from './engine-run-script.ts';
import { mountTree, mountedPath, type DirectoryTree, type ToCjs } from './engine-tree.ts';
import type { ConsoleLine, ReaderError, RunOutcome } from '../lib/run-outcome.ts';
import { runnerNotice } from '../lib/ui-strings.ts';
import { timeoutMessage, type RunHooks, type RunRequest, type Runner } from './runner.ts';

export { mountTree, type DirectoryTree } from './engine-tree.ts';

/** The part of `@webcontainer/api` this runner uses; tests pass a fake. */
export interface WebContainerProcessLike {
  exit: Promise<number>;
  output: ReadableStream<string>;
  kill(): void;
}
export interface WebContainerLike {
  mount(tree: DirectoryTree): Promise<void>;
  spawn(
    command: string,
    args: string[],
    options?: { cwd?: string; output?: boolean; env?: Record<string, string> },
  ): Promise<WebContainerProcessLike>;
  fs: { readFile(path: string, encoding: 'utf-8'): Promise<string | Uint8Array> };
  /** Optional in fakes; the real engine has both. */
  on?(event: 'error', listener: (error: { message: string }) => void): () => void;
  teardown?(): void;
}
export interface WebContainerApiLike {
  WebContainer: {
    boot(options?: {
      coep?: 'require-corp' | 'credentialless' | 'none';
      workdirName?: string;
    }): Promise<WebContainerLike>;
  };
}

export const DEFAULT_BOOT_TIMEOUT_MS = 30_000;

export interface WebContainerRunnerOptions {
  /** Loads the API (a dynamic import in the page). */
  loadApi: () => Promise<WebContainerApiLike>;
  /** Loads the page's TypeScript transpiler (lazily: only runs in the engine need it). */
  loadTranspiler?: () => Promise<ToCjs>;
  /** Where runs go when the engine is not available. */
  fallback: Runner;
  /** Bound on boot; default 30 s (StackBlitz's Bolt uses 30 s). Runs go to the page meanwhile. */
  bootTimeoutMs?: number;
  /** Bound on each engine step: mount, spawn, reading the result; default 10 s. */
  stepTimeoutMs?: number;
  /** The reader's code's time limit, counted from when the worker thread starts; default 2 s, as in the page. */
  runTimeoutMs?: number;
  /** Extra time a run may take beyond its limit (node's own start-up) before the engine is given up on; default 10 s. */
  startupAllowanceMs?: number;
  /** Default: the page's `crossOriginIsolated`. */
  isIsolated?: () => boolean;
  /** Default: TutorialKit's check (SharedArrayBuffer; Chrome, Firefox, or Safari 16.4 and later). */
  isSupported?: () => boolean;
  /** Boot only when the reader runs something (never on prewarm); default: on iPhone and iPad. */
  bootOnDemand?: () => boolean;
  /** While the engine boots: true waits for it (bounded); false (default) runs in the page at once. */
  waitForBoot?: boolean;
  /** Told whenever the engine's state changes, e.g. to update a notice on the page. */
  onStatus?(status: EngineStatus): void;
}

export type EngineStatus = { state: 'idle' | 'booting' | 'ready' } | { state: 'unavailable'; notice: string };

const firstLine = (err: unknown) =>
  String((err as Error)?.message ?? err)
    .split('\n')[0]!
    .slice(0, 120) || 'unknown error';

/** Thrown inside a run when the engine, not the reader's code, failed: the run goes to the page. */
class EngineFailure extends Error {
  readonly notice: string;
  /** The instance is unusable: later runs go to the page too. */
  readonly broken: boolean;
  constructor(notice: string, broken: boolean) {
    super(notice);
    this.notice = notice;
    this.broken = broken;
  }
}

/** Resolves with `promise`, or rejects with EngineFailure after `ms`. */
function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_ok, fail) => {
    timer = setTimeout(
      () => fail(new EngineFailure(runnerNotice.step(what, runnerNotice.noAnswerWithin(ms)), true)),
      ms,
    );
  });
  return Promise.race([
    promise.then(
      (v) => v,
      (err: unknown) => {
        throw err instanceof EngineFailure ? err : new EngineFailure(runnerNotice.step(what, firstLine(err)), true);
      },
    ),
    limit,
  ]).finally(() => clearTimeout(timer));
}

const wait = (ms: number) => new Promise<'late'>((ok) => setTimeout(() => ok('late'), ms));

/** Maps the frames of a node stack (…/sandboxes/fencing-token/store.js:12:3) to the reader's files, as the page does. */
export function errorFromNode(thrown: { text: string; name?: string; message?: string; stack: string }): ReaderError {
  const stack = thrown.stack;
  // A file node could not compile (sucrase accepted it): node names it on the stack's first line.
  const compile = /^[^\n]*sandboxes\/([^\s:()]+)\.(?:js|ts):(\d+)\n/.exec(stack);
  if (thrown.name === 'SyntaxError' && compile) {
    const file = `${compile[1]}.ts`;
    const line = Number(compile[2]);
    const message = thrown.message ?? thrown.text.replace(/^SyntaxError: /, '');
    return { kind: 'syntax', message: `${file.split('/').pop()}:${line}: SyntaxError: ${message}`, file, line };
  }
  const frames: { file: string; line: number; column?: number }[] = [];
  const re = /sandboxes\/([^\s:()]+)\.(?:js|ts):(\d+):(\d+)/g;
  for (let m = re.exec(stack); m; m = re.exec(stack)) {
    const line = Number(m[2]);
    // Line 1 carries the page's wrapper there, so the page knows no column on it; neither do we.
    frames.push(line === 1 ? { file: `${m[1]}.ts`, line } : { file: `${m[1]}.ts`, line, column: Number(m[3]) });
  }
  const frame = frames.find((f) => !f.file.startsWith('kit/')) ?? frames[0];
  if (!frame) return { kind: 'runtime', message: thrown.text };
  return {
    kind: 'runtime',
    message: `${frame.file.split('/').pop()}:${frame.line}: ${thrown.text}`,
    file: frame.file,
    line: frame.line,
    ...(frame.column ? { column: frame.column } : {}),
  };
}

/** The result file's contents → the run's outcome; null when it is not one (corrupted). */
export function outcomeFromFile(text: string): RunOutcome | null {
  let parsed: EngineOutcome;
  try {
    parsed = JSON.parse(text) as EngineOutcome;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  if ('result' in parsed) {
    const r = parsed.result as RunResult | null;
    return r && typeof r === 'object' && 'verdict' in r && Array.isArray(r.trace) ? r : null;
  }
  if ('reader' in parsed && parsed.reader && typeof parsed.reader.message === 'string') return parsed.reader;
  if ('thrown' in parsed && parsed.thrown && typeof parsed.thrown.text === 'string')
    return errorFromNode({ ...parsed.thrown, stack: String(parsed.thrown.stack ?? '') });
  if ('timeout' in parsed && typeof parsed.timeout === 'number')
    return { kind: 'timeout', message: timeoutMessage(parsed.timeout) };
  if ('crashed' in parsed && typeof parsed.crashed === 'string')
    return { kind: 'runtime', message: runnerNotice.workerStopped(parsed.crashed) };
  return null;
}

/** `node lf-run/run.cjs <entry> <seed> <limit> <result file>`, in the workdir. */
export function spawnArgs(req: RunRequest, limitMs: number, resultFile: string): { command: string; args: string[] } {
  return {
    command: 'node',
    args: [`${ENGINE_DIR}/run.cjs`, mountedPath(req.entry), String(req.seed), String(limitMs), resultFile],
  };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;
const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);

/** One line of the run's output → a console line (tagged by the run script), the done mark, or nothing. */
export function parseOutputLine(raw: string): ConsoleLine | 'done' | null {
  const line = raw.replace(ANSI, '').replace(/\r$/, '');
  if (line === DONE_MARK) return 'done';
  if (!line.startsWith(CONSOLE_MARK)) return null; // the engine's own output, not the reader's
  try {
    const parsed = JSON.parse(line.slice(CONSOLE_MARK.length)) as Partial<ConsoleLine>;
    if (typeof parsed.text === 'string' && LEVELS.has(parsed.level as string))
      return { level: parsed.level!, text: parsed.text };
  } catch {
    // fall through: a corrupted line is still shown, as written
  }
  return { level: 'log', text: line.slice(CONSOLE_MARK.length) };
}

export function createWebContainerRunner(options: WebContainerRunnerOptions): Runner {
  const bootTimeout = options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS;
  const stepTimeout = options.stepTimeoutMs ?? 10_000;
  const runLimit = options.runTimeoutMs ?? 2_000;
  const allowance = options.startupAllowanceMs ?? 10_000;
  const isIsolated = options.isIsolated ?? (() => currentBrowser().crossOriginIsolated);
  const isSupported =
    options.isSupported ?? (() => engineSupport({ ...currentBrowser(), crossOriginIsolated: true }).ok);
  const bootOnDemand = options.bootOnDemand ?? (() => isIosOrIpados(currentBrowser()));
  let status: EngineStatus = { state: 'idle' };
  let engine: WebContainerLike | null = null;
  let booting: Promise<void> | null = null;
  let disposed = false;
  let runs = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** Settles when the last engine run's process is gone (or its instance replaced). */
  let lastCleanup: Promise<void> = Promise.resolve();
  /** Rejects the run in flight when the engine reports an error. */
  let abortRun: ((failure: EngineFailure) => void) | null = null;

  const setStatus = (s: EngineStatus) => {
    status = s;
    options.onStatus?.(s);
  };

  const unavailable = (notice: string) => setStatus({ state: 'unavailable', notice });

  const adopt = (wc: WebContainerLike) => {
    if (disposed) {
      wc.teardown?.();
      return;
    }
    engine = wc;
    wc.on?.('error', (error) => {
      // Cookie blockers and shields, among others, stop the engine after boot (WebContainer docs).
      if (engine !== wc) return;
      const failure = new EngineFailure(runnerNotice.stopped(firstLine(error?.message)), true);
      retire(wc, failure.notice);
      abortRun?.(failure);
    });
    setStatus({ state: 'ready' });
  };

  /** Tears an engine down for good; later runs go to the page with `notice`. */
  const retire = (wc: WebContainerLike, notice: string) => {
    if (engine === wc) engine = null;
    try {
      wc.teardown?.();
    } catch {
      // already torn down
    }
    unavailable(notice);
  };

  const startBoot = (): Promise<void> => {
    if (booting) return booting;
    if (!isIsolated()) {
      unavailable(runnerNotice.isolation);
      return (booting = Promise.resolve());
    }
    if (!isSupported()) {
      unavailable(runnerNotice.unsupported);
      return (booting = Promise.resolve());
    }
    setStatus({ state: 'booting' });
    const attempt = options
      .loadApi()
      .then((api) => api.WebContainer.boot({ coep: 'require-corp', workdirName: 'leases-and-fences' }));
    // A boot that lands after the bound is still adopted: the reader's next run uses it.
    const settled = attempt.then(adopt, (err: unknown) => unavailable(runnerNotice.failed(firstLine(err))));
    booting = Promise.race([settled, wait(bootTimeout)]).then(() => {
      if (status.state === 'booting') unavailable(runnerNotice.timeout(bootTimeout));
    });
    return booting;
  };

  /** A process that outlived its run: the only sure stop is a new instance (webcontainer-core#1121). */
  const recycle = async (wc: WebContainerLike) => {
    if (engine !== wc) return;
    engine = null;
    try {
      wc.teardown?.();
    } catch {
      // already torn down
    }
    booting = null;
    await startBoot();
  };

  const inPage = (req: RunRequest, hooks: RunHooks, notice: string) => {
    hooks.onRunner?.({ runner: 'worker', notice });
    const rest: RunHooks = { ...hooks };
    delete rest.onRunner; // reported above: the fallback must not report itself as the runner too
    return options.fallback.run(req, rest);
  };

  /** Runs one request in the engine; a reader's outcome, or EngineFailure. Resolves `cleanup` when the process is gone. */
  const runInEngine = async (
    wc: WebContainerLike,
    req: RunRequest,
    cleanup: (p: Promise<void>) => void,
  ): Promise<{ outcome: RunOutcome; lines: ConsoleLine[] }> => {
    const toCjs = await (options.loadTranspiler ?? (() => import('./transpile.ts').then((m) => m.transpileToCjs)))();
    let tree: DirectoryTree;
    try {
      tree = mountTree(req, toCjs);
    } catch (err) {
      throw new EngineFailure(runnerNotice.step('could not be given the files', firstLine(err)), false);
    }
    const aborted = new Promise<never>((_ok, fail) => (abortRun = fail));
    aborted.catch(() => undefined);
    const guard = <T>(p: Promise<T>, ms: number, what: string) => Promise.race([bounded(p, ms, what), aborted]);
    await guard(wc.mount(tree), stepTimeout, 'did not accept the files');
    const limit = req.timeoutMs ?? runLimit;
    const resultFile = `${ENGINE_DIR}/result-${++runs}.json`;
    const { command, args } = spawnArgs(req, limit, resultFile);
    const proc = await guard(wc.spawn(command, args), stepTimeout, 'did not start node');

    const lines: ConsoleLine[] = [];
    let signalDone: () => void = () => {};
    const done = new Promise<'done'>((ok) => (signalDone = () => ok('done')));
    let pending = '';
    const onLine = (raw: string) => {
      const parsed = parseOutputLine(raw);
      if (parsed === 'done') signalDone();
      else if (parsed) lines.push(parsed);
    };
    const pump = proc.output
      .pipeTo(
        new WritableStream<string>({
          write(chunk) {
            const parts = (pending + chunk).split('\n');
            pending = parts.pop() ?? '';
            parts.forEach(onLine);
          },
          close() {
            if (pending) onLine(pending);
            pending = '';
          },
        }),
      )
      .catch(() => undefined);
    const exited = proc.exit.then(
      (code) => ({ code }),
      () => ({ code: -1 }),
    );

    const read = () =>
      bounded(wc.fs.readFile(resultFile, 'utf-8'), stepTimeout, 'did not return the result').then((data) =>
        typeof data === 'string' ? data : new TextDecoder().decode(data),
      );
    const settle = (kill: boolean) => {
      // The script exits by itself once the file is written; if it does not, it is stopped for sure.
      cleanup(
        Promise.race([exited, wait(kill ? 0 : 2_000)]).then(async (r) => {
          if (r !== 'late') return;
          proc.kill();
          if ((await Promise.race([exited, wait(1_000)])) === 'late') await recycle(wc);
        }),
      );
    };

    const first = await Promise.race([done, exited, wait(limit + allowance), aborted]);
    if (first === 'late') {
      settle(true);
      throw new EngineFailure(
        runnerNotice.step('did not finish the run', runnerNotice.noResultWithin(limit + allowance)),
        false,
      );
    }
    let text: string | null = await read().catch(() => null);
    if (text === null && first === 'done') {
      // The mark came before the file could be read: the exit settles it.
      await Promise.race([exited, wait(stepTimeout)]);
      text = await read().catch(() => null);
    }
    settle(false);
    // Console lines precede the done mark on the output; after an exit that beat the output, the
    // stream closes soon.
    if (first !== 'done') await Promise.race([pump, wait(1_000)]);
    if (pending) {
      onLine(pending);
      pending = '';
    }
    if (text === null) {
      const code = await Promise.race([exited, wait(0)]);
      const why = code === 'late' ? 'no result file' : `node exited with code ${code.code} without a result`;
      throw new EngineFailure(runnerNotice.step('ended the run without a result', why), false);
    }
    const outcome = outcomeFromFile(text);
    if (!outcome)
      throw new EngineFailure(runnerNotice.step('returned an unreadable result', `${text.length} bytes`), false);
    return { outcome, lines };
  };

  const runOne = async (req: RunRequest, hooks: RunHooks): Promise<RunOutcome> => {
    await lastCleanup;
    if (status.state === 'idle') void startBoot(); // on-demand devices, or a run before any prewarm
    if (status.state === 'booting') {
      if (!options.waitForBoot) return inPage(req, hooks, runnerNotice.booting);
      await booting;
    }
    if (status.state === 'unavailable') return inPage(req, hooks, status.notice);
    const wc = engine;
    if (!wc) return inPage(req, hooks, runnerNotice.booting);
    hooks.onRunner?.({ runner: 'webcontainer' });
    try {
      const { outcome, lines } = await runInEngine(wc, req, (p) => {
        lastCleanup = p.catch(() => undefined);
      });
      // Console lines are shown once the engine's outcome is known, so a run that falls back to
      // the page never shows the same line twice.
      lines.forEach((l) => hooks.onConsole?.(l));
      return outcome;
    } catch (err) {
      const failure =
        err instanceof EngineFailure ? err : new EngineFailure(runnerNotice.step('failed', firstLine(err)), true);
      if (failure.broken && engine === wc) retire(wc, failure.notice);
      return inPage(req, hooks, failure.notice);
    } finally {
      abortRun = null;
    }
  };

  return {
    name: 'webcontainer',
    prewarm() {
      options.fallback.prewarm?.();
      if (status.state === 'idle' && !bootOnDemand()) void startBoot();
    },
    run(req, hooks = {}) {
      // One run at a time: a second click waits for the first (and for its process to end).
      const result = queue.then(() => runOne(req, hooks));
      queue = result.catch(() => undefined);
      return result;
    },
    dispose() {
      disposed = true;
      if (engine) retire(engine, runnerNotice.stopped('the page closed it'));
      options.fallback.dispose?.();
    },
  };
}
