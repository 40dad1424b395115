// The sandbox registry fed by Vite (the build, the page's lazy chunks, Vitest): every .ts file under
// sandboxes/ as text and each sandbox.ts module, found by folder, so a new sandbox needs no edit here.
import { createRegistry } from './sandbox-registry.ts';
import { relativeToSandboxes } from './sandbox-files.ts';

const raw = import.meta.glob<string>(['/sandboxes/**/*.ts', '!/sandboxes/**/*.test.ts'], { query: '?raw', import: 'default', eager: true });
const metas = import.meta.glob<Record<string, unknown>>('/sandboxes/*/sandbox.ts', { eager: true });

export const sources = Object.fromEntries(Object.entries(raw).map(([path, text]) => [relativeToSandboxes(path), text]));
export const sandboxes = createRegistry(
  sources,
  Object.fromEntries(Object.entries(metas).map(([path, mod]) => [path.split('/')[2]!, mod])),
);
