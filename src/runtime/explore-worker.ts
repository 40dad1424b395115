/// <reference lib="webworker" />
// The explore module worker: a thin wrapper around explore-work.ts. The page terminates it to
// cancel, or when it goes quiet for too long (reader code that loops forever).
import { createExploreService } from './explore-work.ts';
import type { ExploreMessage, ExploreRequest } from './explore-protocol.ts';
import { addPrecompiled } from './modules.ts';
import precompiledKit from 'virtual:lf-precompiled-kit';

// The kit as the build compiled it: a cold worker's first schedule does not wait for sucrase.
addPrecompiled(precompiledKit);

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createExploreService((m: ExploreMessage) => scope.postMessage(m));
let queue = Promise.resolve();
scope.addEventListener('message', (e: MessageEvent<ExploreRequest>) => {
  queue = queue.then(() => handle(e.data)).catch(() => undefined);
});
scope.addEventListener('unhandledrejection', (e) => e.preventDefault());
scope.postMessage({ type: 'ready' } satisfies ExploreMessage);
