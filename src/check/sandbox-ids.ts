// The one lookup of which sandboxes a lesson can name, shared by the components (at build time) and
// the lesson checker: the ids of the sandbox registry read from <root>/sandboxes (every folder with a
// sandbox.ts, validated), so a lesson names exactly the sandboxes the site and the CLI know.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';

export function sandboxIds(root: string = process.cwd()): string[] {
  const dir = join(root, 'sandboxes');
  return existsSync(dir) ? registryFromDisk(dir).ids : [];
}
