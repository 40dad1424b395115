// The in-page runner: one module worker, reused across runs; a run that outlives its time
// limit gets the worker terminated and a fresh one spawned, so the page keeps working.
import type { RunOutcome } from '../lib/run-outcome.ts';
import type { RunHooks, RunRequest, Runner } from './runner.ts';
import { timeoutMessage } from './runner.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';
import { sandboxWorker, stopSandboxWorker } from './worker-spawn.ts';
import { runnerNotice } from '../lib/ui-strings.ts';

export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<WorkerMessage>) => void): void;
  addEventListener(type: 'error', fn: (e: ErrorEvent) => void): void;
}

export interface WorkerRunnerOptions {
  /** Creates the worker; injected so tests can fake it. */
  createWorker?: () => WorkerLike;
  /** Wall-clock limit per run, counted from the moment the worker starts evaluating. */
  timeoutMs?: number;
}

/** The page's sandbox worker (worker-spawn.ts: maybe started already, and preparing); stopping it lets the next one start. */
function defaultWorker(): WorkerLike {
  const worker = sandboxWorker();
  return {
    postMessage: (m: WorkerRequest) => worker.postMessage(m),
    terminate: () => stopSandboxWorker(worker),
    addEventListener: (type: 'message' | 'error', fn: (e: never) => void) =>
      worker.addEventListener(type, fn as EventListener),
  };
}

export function createWorkerRunner(options: WorkerRunnerOptions = {}): Runner {
  const createWorker = options.createWorker ?? defaultWorker;
  const defaultTimeout = options.timeoutMs ?? 2000;
  let worker: WorkerLike | null = null;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  let listener: ((m: WorkerMessage) => void) | null = null;
  let onCrash: ((message: string) => void) | null = null;

  const ensure = (): WorkerLike => {
    if (worker) return worker;
    const w = createWorker();
    w.addEventListener('message', (e) => listener?.(e.data));
    w.addEventListener('error', (e) => {
      e.preventDefault?.();
      onCrash?.(e.message || runnerNotice.workerFailedToLoad);
    });
    worker = w;
    return w;
  };

  const runOne = (req: RunRequest, hooks: RunHooks): Promise<RunOutcome> =>
    new Promise<RunOutcome>((resolve) => {
      const id = nextId++;
      const limit = req.timeoutMs ?? defaultTimeout;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let printed = 0;
      const finish = (outcome: RunOutcome) => {
        clearTimeout(timer);
        listener = null;
        onCrash = null;
        resolve(outcome);
      };
      listener = (m) => {
        if (m.type === 'ready') return;
        if (m.id !== id && m.id !== -1) return;
        if (m.type === 'started') {
          timer = setTimeout(() => {
            worker?.terminate();
            worker = null;
            finish({ kind: 'timeout', message: timeoutMessage(limit, printed) });
            ensure(); // respawn now, so the next run does not pay for it
          }, limit);
        } else if (m.type === 'console') {
          printed += 1;
          hooks.onConsole?.(m.line);
        } else if (m.type === 'event') {
          if (m.event.kind === 'log') printed += 1; // a job's or a store's console.log, kept in the trace
          hooks.onEvent?.(m.event);
        } else if (m.type === 'done') finish(m.outcome);
      };
      onCrash = (message) => {
        worker?.terminate();
        worker = null;
        finish({ kind: 'runtime', message: runnerNotice.workerStopped(message) });
      };
      const { files, entry, seed } = req;
      ensure().postMessage({ type: 'run', id, files, entry, seed });
    });

  return {
    name: 'worker',
    prewarm() {
      ensure();
    },
    run(req, hooks = {}) {
      hooks.onRunner?.({ runner: 'worker' });
      // One run at a time per worker: a second click waits for the first.
      const result = queue.then(() => runOne(req, hooks));
      queue = result.catch(() => undefined);
      return result;
    },
    dispose() {
      worker?.terminate();
      worker = null;
    },
  };
}
