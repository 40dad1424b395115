// The WebContainer runner: real `node` in the browser. One engine per page, booted on first use,
// each sandbox mounted in its own folder (/sandboxes/kit, /sandboxes/<id>).
//
// Files are mounted as sucrase-stripped `.js` with `.ts` specifiers rewritten: the engine's Node
// version is not ours to choose and may predate type stripping, and stripping is line-preserving,
// so error lines still point at the reader's TypeScript.
//
// `boot()` never rejects when its host is unreachable, so boot is bounded; when the engine is not
// there (timeout, failure, no cross-origin isolation, no SharedArrayBuffer) runs go to the
// fallback runner with a one-line notice saying why.
import type { RunResult } from '../../sandboxes/kit/types.ts';
import { tsSpecifiersToJs } from '../lib/sandbox-files.ts';
import { ReaderFailure, timeoutMessage, type ConsoleLine, type ReaderError, type RunHooks, type RunOutcome, type RunRequest, type Runner } from './runner.ts';

/** The part of `@webcontainer/api` this runner uses; tests pass a fake. */
export interface WebContainerProcessLike {
  exit: Promise<number>;
  output: ReadableStream<string>;
  kill(): void;
}
export interface DirectoryTree {
  [name: string]: { file: { contents: string } } | { directory: DirectoryTree };
}
export interface WebContainerLike {
  mount(tree: DirectoryTree): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; output?: boolean; env?: Record<string, string> }): Promise<WebContainerProcessLike>;
}
export interface WebContainerApiLike {
  WebContainer: { boot(options?: { coep?: 'require-corp' | 'credentialless' | 'none'; workdirName?: string }): Promise<WebContainerLike> };
}

export interface WebContainerRunnerOptions {
  /** Loads the API (a dynamic import in the page). */
  loadApi: () => Promise<WebContainerApiLike>;
  /** Loads the TypeScript stripper (lazily: only runs in the engine need it on the page). */
  loadTranspiler?: () => Promise<ToEsm>;
  /** Where runs go when the engine is not available. */
  fallback: Runner;
  /** Bound on boot; default 10 s. */
  bootTimeoutMs?: number;
  /** Wall-clock limit per run inside the engine (node's own start-up included); default 8 s. */
  runTimeoutMs?: number;
  /** Default: the page's `crossOriginIsolated`. */
  isIsolated?: () => boolean;
  /** Default: SharedArrayBuffer exists. */
  isSupported?: () => boolean;
  /**
   * While the engine boots: true waits for it (bounded), false (default) runs in the page at
   * once so the reader never waits for the engine.
   */
  waitForBoot?: boolean;
  /** Told whenever the engine's state changes, e.g. to update a notice on the page. */
  onStatus?(status: EngineStatus): void;
}

export type EngineStatus =
  | { state: 'idle' | 'booting' | 'ready' }
  | { state: 'unavailable'; notice: string };

export const RESULT_MARK = '@@lf-result ';
export const ERROR_MARK = '@@lf-error ';

const noticeFor = {
  isolation: 'Running in this page: this page is not cross-origin isolated, which the WebContainer engine needs.',
  unsupported: 'Running in this page: this browser cannot run the WebContainer engine.',
  timeout: (ms: number) => `Running in this page: the WebContainer engine did not start within ${Math.round(ms / 100) / 10} s.`,
  failed: (why: string) => `Running in this page: the WebContainer engine failed to start (${why}).`,
  booting: 'Running in this page while the WebContainer engine starts.',
};

/** The runner script each sandbox folder gets: `node run.js --seed N --json`. */
export const RUN_SCRIPT = String.raw`// Stack frames name the reader's .ts files (the mounted .js are line-for-line the same).
Error.prepareStackTrace = (err, frames) =>
  String(err) + frames.map((f) => '\n    at ' + String(f).replace(/(\/sandboxes\/[^\s:()]+)\.js(?=:\d)/g, '$1.ts')).join('');
const args = process.argv.slice(2);
const i = args.indexOf('--seed');
const seed = i >= 0 ? Number(args[i + 1]) : undefined;
try {
  const { run } = await import('./scenario.js');
  const result = await run({ seed });
  process.stdout.write('\n' + RESULT_MARK + JSON.stringify(result) + '\n');
} catch (err) {
  process.stdout.write('\n' + ERROR_MARK + JSON.stringify({ name: err?.name, message: err?.message ?? String(err), stack: err?.stack }) + '\n');
}
`.replace(/RESULT_MARK/, JSON.stringify(RESULT_MARK)).replace(/ERROR_MARK/, JSON.stringify(ERROR_MARK));

/** The mounted tree: `/package.json` (ESM) and `/sandboxes/<dir>/<file>.js` for every file of the run. */
export type ToEsm = (path: string, source: string) => string;

export function mountTree(req: RunRequest, toEsm: ToEsm): DirectoryTree {
  const root: DirectoryTree = {
    'package.json': { file: { contents: JSON.stringify({ name: 'lf-sandboxes', private: true, type: 'module' }) } },
  };
  const sandboxes: DirectoryTree = {};
  root.sandboxes = { directory: sandboxes };
  const put = (path: string, contents: string) => {
    const parts = path.split('/');
    let dir = sandboxes;
    for (const part of parts.slice(0, -1)) {
      const next = (dir[part] ??= { directory: {} });
      if (!('directory' in next)) throw new Error(`${path}: a file is in the way`);
      dir = next.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  };
  for (const [path, source] of Object.entries(req.files)) {
    put(path.replace(/\.ts$/, '.js'), tsSpecifiersToJs(toEsm(path, source)));
  }
  put(`${req.sandbox}/run.js`, RUN_SCRIPT);
  return root;
}

export function spawnArgs(req: RunRequest): { command: string; args: string[]; options: { cwd: string } } {
  return { command: 'node', args: ['run.js', '--seed', String(req.seed), '--json'], options: { cwd: `sandboxes/${req.sandbox}` } };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g;

/** Maps a node stack (paths like /home/x/sandboxes/fencing-token/store.js:12:3) to the reader's .ts file and line. */
export function errorFromNode(payload: { name?: string; message?: string; stack?: string }, sandbox: string): ReaderError {
  const text = `${payload.name ?? 'Error'}: ${payload.message ?? ''}`;
  const re = /sandboxes\/([^\s:()]+)\.(?:js|ts):(\d+):(\d+)/g;
  const frames: { file: string; line: number; column: number }[] = [];
  for (let m = re.exec(payload.stack ?? ''); m; m = re.exec(payload.stack ?? '')) {
    frames.push({ file: `${m[1]}.ts`, line: Number(m[2]), column: Number(m[3]) });
  }
  const frame = frames.find((f) => f.file.startsWith(`${sandbox}/`) && !f.file.endsWith('/run.ts')) ?? frames.find((f) => !f.file.endsWith('/run.ts'));
  if (!frame) return { kind: 'runtime', message: text };
  return { kind: 'runtime', message: `${frame.file.split('/').pop()}:${frame.line}: ${text}`, file: frame.file, line: frame.line, column: frame.column };
}

export function createWebContainerRunner(options: WebContainerRunnerOptions): Runner {
  const bootTimeout = options.bootTimeoutMs ?? 10_000;
  const runTimeout = options.runTimeoutMs ?? 8_000;
  const isIsolated = options.isIsolated ?? (() => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true);
  const isSupported = options.isSupported ?? (() => typeof SharedArrayBuffer === 'function');
  let status: EngineStatus = { state: 'idle' };
  let engine: WebContainerLike | null = null;
  let booting: Promise<void> | null = null;

  const setStatus = (s: EngineStatus) => {
    status = s;
    options.onStatus?.(s);
  };

  const boot = (): Promise<void> => {
    if (booting) return booting;
    if (!isIsolated()) {
      setStatus({ state: 'unavailable', notice: noticeFor.isolation });
      return (booting = Promise.resolve());
    }
    if (!isSupported()) {
      setStatus({ state: 'unavailable', notice: noticeFor.unsupported });
      return (booting = Promise.resolve());
    }
    setStatus({ state: 'booting' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), bootTimeout)));
    const attempt = options
      .loadApi()
      .then((api) => api.WebContainer.boot({ coep: 'require-corp', workdirName: 'leases-and-fences' }));
    booting = Promise.race([attempt, timeout]).then(
      (won) => {
        clearTimeout(timer);
        if (won === 'timeout') setStatus({ state: 'unavailable', notice: noticeFor.timeout(bootTimeout) });
        else {
          engine = won;
          setStatus({ state: 'ready' });
        }
      },
      (err: unknown) => {
        clearTimeout(timer);
        const why = String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 120) || 'unknown error';
        setStatus({ state: 'unavailable', notice: noticeFor.failed(why) });
      },
    );
    return booting;
  };

  const inPage = (req: RunRequest, hooks: RunHooks, notice: string) => {
    hooks.onRunner?.({ runner: 'worker', notice });
    const { onRunner: _ignored, ...rest } = hooks;
    return options.fallback.run(req, rest);
  };

  const runInEngine = async (wc: WebContainerLike, req: RunRequest, hooks: RunHooks): Promise<RunOutcome> => {
    hooks.onRunner?.({ runner: 'webcontainer' });
    let tree: DirectoryTree;
    const toEsm = await (options.loadTranspiler ?? (() => import('./transpile.ts').then((m) => m.transpileToEsm)))();
    try {
      tree = mountTree(req, toEsm);
    } catch (err) {
      if (err instanceof ReaderFailure) return err.error;
      throw err;
    }
    await wc.mount(tree);
    const { command, args, options: spawnOptions } = spawnArgs(req);
    const proc = await wc.spawn(command, args, spawnOptions);
    let pending = '';
    let result: RunResult | null = null;
    let thrown: ReaderError | null = null;
    const other: string[] = [];
    const onLine = (raw: string) => {
      const line = raw.replace(ANSI, '').replace(/\r$/, '');
      if (line.startsWith(RESULT_MARK)) result = JSON.parse(line.slice(RESULT_MARK.length)) as RunResult;
      else if (line.startsWith(ERROR_MARK)) thrown = errorFromNode(JSON.parse(line.slice(ERROR_MARK.length)), req.sandbox);
      else if (line.trim() !== '') {
        other.push(line);
        hooks.onConsole?.({ level: 'log', text: line } satisfies ConsoleLine);
      }
    };
    const pump = proc.output.pipeTo(
      new WritableStream<string>({
        write(chunk) {
          const lines = (pending + chunk).split('\n');
          pending = lines.pop() ?? '';
          lines.forEach(onLine);
        },
        close() {
          if (pending) onLine(pending);
          pending = '';
        },
      }),
    ).catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = req.timeoutMs ?? runTimeout;
    const timedOut = new Promise<'timeout'>((ok) => (timer = setTimeout(() => ok('timeout'), limit)));
    const exit = await Promise.race([proc.exit, timedOut]);
    clearTimeout(timer);
    if (exit === 'timeout') {
      proc.kill();
      return { kind: 'timeout', message: timeoutMessage(limit) };
    }
    await Promise.race([pump, new Promise((ok) => setTimeout(ok, 200))]);
    if (pending) {
      onLine(pending);
      pending = '';
    }
    if (result) return result;
    if (thrown) return thrown;
    // Uncaught at load time (e.g. a ReferenceError while importing): node printed the stack.
    const stack = other.join('\n');
    const head = other.find((l) => /^\w*Error\b/.test(l)) ?? other[other.length - 1] ?? `node exited with code ${exit}`;
    const [, name, message] = /^(\w*Error):\s*(.*)$/.exec(head) ?? [];
    return errorFromNode({ name: name ?? 'Error', message: message ?? head, stack }, req.sandbox);
  };

  return {
    name: 'webcontainer',
    prewarm() {
      options.fallback.prewarm?.();
    },
    async run(req, hooks = {}) {
      const ready = boot();
      if (status.state === 'booting') {
        if (!options.waitForBoot) return inPage(req, hooks, noticeFor.booting);
        await ready;
      }
      if (status.state === 'unavailable') return inPage(req, hooks, status.notice);
      if (!engine) return inPage(req, hooks, noticeFor.failed('no engine'));
      return runInEngine(engine, req, hooks);
    },
    dispose() {
      options.fallback.dispose?.();
    },
  };
}
