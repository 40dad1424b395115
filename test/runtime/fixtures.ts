// Loads the fake sandbox (test/runtime/fixtures) as a files map keyed like the real one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, 'fixtures');
/** The fake kit speaks the real contract: its types come from the real kit, not a copy. */
const REAL_TYPES = join(import.meta.dirname, '../../sandboxes/kit/types.ts');

export function fakeFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) files[relative(ROOT, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(ROOT);
  files['kit/types.ts'] = readFileSync(REAL_TYPES, 'utf8');
  return files;
}
