// The page's one sandbox worker, started as early as a sandbox starts loading: the sandbox element
// (eager) asks for it while the editor's chunk is still loading, so the worker's own chunk loads in
// parallel, and it compiles the sandbox's starter files and the kit ahead of the first Run
// (`prepare`). The in-page runner (worker-runner.ts) takes this same worker for its runs.
import type { WorkerPrepare } from './worker-protocol.ts';

let current: Worker | null = null;

/** The page's sandbox worker, started now if it is not running. */
export function sandboxWorker(): Worker {
  if (current) return current;
  const worker = new Worker(new URL('./sandbox-worker.ts', import.meta.url), { type: 'module', name: 'sandbox' });
  // A worker that fails to load is dropped, so the next caller starts a fresh one.
  worker.addEventListener('error', () => {
    if (current === worker) current = null;
  });
  current = worker;
  return worker;
}

/** Stops `worker` (a run that never ended); the next sandboxWorker() starts a fresh one. */
export function stopSandboxWorker(worker: Worker): void {
  if (current === worker) current = null;
  worker.terminate();
}

/** Has the worker compile `sandbox`'s starter files and the kit now, so the first Run finds them compiled. */
export function prepareSandbox(sandbox: string): void {
  const request: WorkerPrepare = { type: 'prepare', sandbox };
  sandboxWorker().postMessage(request);
}
