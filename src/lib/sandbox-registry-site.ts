// The sandbox registry for the build and Vitest: the same Vite-fed files as the page's, each
// sandbox.ts validated (sandbox-meta-schema.ts), so a wrong field fails the build naming it.
import { createRegistry } from './sandbox-registry.ts';
import { parseSandboxMeta } from './sandbox-meta-schema.ts';
import { metaModules, sources } from './sandbox-registry-browser.ts';

export { sources };
export const sandboxes = createRegistry(sources, metaModules, parseSandboxMeta);
