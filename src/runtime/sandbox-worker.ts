/// <reference lib="webworker" />
// The module worker behind the in-page runner. It evaluates one run at a time and streams
// console lines and trace events back; the page terminates it when a run takes too long.
import { evaluateScenario } from './evaluate.ts';
import { addPrecompiled, loadProgram } from './modules.ts';
import precompiledKit from 'virtual:lf-precompiled-kit';
import type { WorkerPrepare, WorkerRequest, WorkerMessage } from './worker-protocol.ts';

addPrecompiled(precompiledKit);

const post = (message: WorkerMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

async function onRequest(event: MessageEvent<WorkerRequest | WorkerPrepare>): Promise<void> {
  const req = event.data;
  if (req.type === 'prepare') return void prepare(req.sandbox);
  if (req.type !== 'run') return;
  let started = false;
  const start = () => {
    if (!started) post({ type: 'started', id: req.id });
    started = true;
  };
  const outcome = await evaluateScenario(req.files, req.entry, {
    seed: req.seed,
    // The time limit is for the reader's code: it starts once sucrase has compiled the files
    // (slow in a cold worker on a busy machine), not before.
    onCompiled: start,
    onConsole: (line) => post({ type: 'console', id: req.id, line }),
    onEvent: (e) => post({ type: 'event', id: req.id, event: e }),
  });
  start();
  post({ type: 'done', id: req.id, outcome: JSON.parse(JSON.stringify(outcome)) as typeof outcome });
}

// A run that throws rejects: the unhandledrejection listener below reports it.
self.addEventListener('message', (event: MessageEvent<WorkerRequest | WorkerPrepare>) => void onRequest(event));

const prepared = new Set<string>();

/**
 * Compiles a sandbox's starter files and the kit into the module loader's cache (keyed by path and
 * source, so a run of the same text finds them compiled, and the kit's instances are shared). The
 * starter files are the site's own: their top level, which loadProgram runs once as a check, ends.
 * The sources load here as their own chunk, off the page's main thread.
 */
async function prepare(sandbox: string): Promise<void> {
  if (prepared.has(sandbox)) return;
  prepared.add(sandbox);
  try {
    const { sandboxes } = await import('../lib/sandbox-registry-browser.ts');
    const { meta } = sandboxes.get(sandbox);
    loadProgram(sandboxes.get(sandbox).runFiles(), `${sandbox}/${meta.entry}`);
  } catch {
    // Only a head start: the run compiles whatever is missing and reports any error itself.
  }
}

self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  post({ type: 'console', id: -1, line: { level: 'error', text: `Unhandled rejection: ${String(event.reason)}` } });
});

post({ type: 'ready' });
