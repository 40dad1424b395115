// The one lookup of which sandboxes a lesson can name, shared by the components (at build time) and
// the lesson checker: a folder sandboxes/<id>/ with a sandbox.ts, the same files the components'
// import.meta.glob('/sandboxes/*/sandbox.ts') finds. When the sandbox registry (issue 8) lands,
// only this function changes.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function sandboxIds(root: string = process.cwd()): string[] {
  const dir = join(root, 'sandboxes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'sandbox.ts')))
    .map((d) => d.name)
    .sort();
}
