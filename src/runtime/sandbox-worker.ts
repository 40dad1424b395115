/// <reference lib="webworker" />
// The module worker behind the in-page runner. It evaluates one run at a time and streams
// console lines and trace events back; the page terminates it when a run takes too long.
import { evaluateScenario } from './evaluate.ts';
import type { WorkerRequest, WorkerMessage } from './worker-protocol.ts';

const post = (message: WorkerMessage) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(message);

async function onRequest(event: MessageEvent<WorkerRequest>): Promise<void> {
  const req = event.data;
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
self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => void onRequest(event));

self.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  post({ type: 'console', id: -1, line: { level: 'error', text: `Unhandled rejection: ${String((event).reason)}` } });
});

post({ type: 'ready' });
