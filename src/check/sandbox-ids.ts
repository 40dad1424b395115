// The one lookup of which sandboxes a lesson can name, shared by the components (at build time) and
// the lesson checker: the ids the sandbox registry has for <root>/sandboxes (every folder but kit/
// with a sandbox.ts, as registryFromDisk finds them), so a lesson names exactly the sandboxes the site
// and the CLI know. Only the folder names are read: every component's props are checked with it, and
// reading every sandbox's sources for each (as this once did) cost a 200-lesson build 33 s of CPU.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function sandboxIds(root: string = process.cwd()): string[] {
  const dir = join(root, 'sandboxes');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'kit' && existsSync(join(dir, e.name, 'sandbox.ts')))
    .map((e) => e.name)
    .sort();
}
