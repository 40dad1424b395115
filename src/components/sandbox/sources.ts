// Every sandbox and kit source, as text, keyed relative to `sandboxes/`. Only the lazy sandbox
// chunk imports this, so none of it is in the page's HTML or its initial JavaScript.
import { relativeToSandboxes } from '../../lib/sandbox-files.ts';

const raw = import.meta.glob<string>(['/sandboxes/**/*.ts', '!/sandboxes/**/*.test.ts'], { query: '?raw', import: 'default', eager: true });

export const sources: Record<string, string> = Object.fromEntries(
  Object.entries(raw).map(([path, text]) => [relativeToSandboxes(path), text]),
);
