// One runner per page, shared by every sandbox on it: the WebContainer engine is booted at most
// once, and the in-page worker is its fallback.
import { createWebContainerRunner, DEFAULT_BOOT_TIMEOUT_MS, type EngineStatus } from '../../runtime/webcontainer.ts';
import { createWorkerRunner } from '../../runtime/worker-runner.ts';
import type { Runner } from '../../runtime/runner.ts';
import { runnerNotice } from '../../lib/ui-strings.ts';

let runner: Runner | null = null;
let notice: string | null = null;
const listeners = new Set<(n: string | null) => void>();

/** `?runner=worker` skips the engine; `?boot-timeout=ms` changes its boot bound (default 30 s; for tests and slow links). */
function config() {
  const params = new URLSearchParams(location.search);
  const timeout = Number(params.get('boot-timeout'));
  return {
    workerOnly: params.get('runner') === 'worker',
    bootTimeoutMs: timeout > 0 ? timeout : DEFAULT_BOOT_TIMEOUT_MS,
  };
}

export function getRunner(): Runner {
  if (runner) return runner;
  const { workerOnly, bootTimeoutMs } = config();
  const worker = createWorkerRunner({ timeoutMs: 2000 });
  // The engine stops reader code after the same 2 s as the page, so both say the same thing.
  runner = workerOnly
    ? worker
    : createWebContainerRunner({
        loadApi: () => import('@webcontainer/api'),
        fallback: worker,
        bootTimeoutMs,
        runTimeoutMs: 2000,
        onStatus: (s: EngineStatus) => {
          // The same words as a run sent to the page while the engine boots (webcontainer.ts).
          notice = s.state === 'unavailable' ? s.notice : s.state === 'booting' ? runnerNotice.booting : null;
          listeners.forEach((fn) => fn(notice));
        },
      });
  return runner;
}

export function currentNotice(): string | null {
  return notice;
}

export function onNotice(fn: (n: string | null) => void): void {
  listeners.add(fn);
}
