// The sandbox registry fed by Vite: every .ts file under sandboxes/ as text and each sandbox.ts module,
// found by folder. This one is for the page's lazy chunks: it trusts the metadata the build already
// validated (sandbox-registry-site.ts), so no Zod reaches the browser.
import { createRegistry } from './sandbox-registry.ts';
import { relativeToSandboxes } from './sandbox-files.ts';

const raw = import.meta.glob<string>(['/sandboxes/**/*.ts', '!/sandboxes/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const metas = import.meta.glob<Record<string, unknown>>('/sandboxes/*/sandbox.ts', { eager: true });

export const sources = Object.fromEntries(Object.entries(raw).map(([path, text]) => [relativeToSandboxes(path), text]));
/** id → that folder's sandbox.ts exports. */
export const metaModules: Record<string, unknown> = Object.fromEntries(
  Object.entries(metas).map(([path, mod]) => [path.split('/')[2]!, mod]),
);
export const sandboxes = createRegistry(sources, metaModules);
