// The real sandboxes as a files map keyed relative to sandboxes/, as the browser's sources.ts has them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SANDBOXES = join(import.meta.dirname, '../../sandboxes');

export function allSources(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files[relative(SANDBOXES, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(SANDBOXES);
  return files;
}
