/// <reference lib="webworker" />
// The explore module worker: a thin wrapper around explore-work.ts. The page terminates it to
// cancel, or when it goes quiet for too long (reader code that loops forever).
import { createExploreService } from './explore-work.ts';
import type { ExploreMessage, ExploreRequest } from './explore-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createExploreService((m: ExploreMessage) => scope.postMessage(m));
let queue = Promise.resolve();
scope.addEventListener('message', (e: MessageEvent<ExploreRequest>) => {
  queue = queue.then(() => handle(e.data)).catch(() => undefined);
});
scope.addEventListener('unhandledrejection', (e) => e.preventDefault());
scope.postMessage({ type: 'ready' } satisfies ExploreMessage);
