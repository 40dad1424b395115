// A Vite plugin: `virtual:lf-precompiled-kit` is every kit file (sandboxes/kit/*.ts) already compiled
// by the same sucrase call the page's module loader makes (transpileToCjs), keyed by path with a hash
// of the source it came from. The sandbox worker hands it to the loader (addPrecompiled), so a cold
// worker's first run evaluates the kit instead of transpiling ~150 KB of TypeScript; a file whose
// source differs from the one compiled here is transpiled as before.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { transpileToCjs } from '../runtime/transpile.ts';
import { sourceHash, type Precompiled } from '../runtime/modules.ts';

const ID = 'virtual:lf-precompiled-kit';
const KIT = fileURLToPath(new URL('../../sandboxes/kit/', import.meta.url));

export function precompiledKit(): Plugin {
  return {
    name: 'lf:precompiled-kit',
    resolveId(id) {
      return id === ID ? `\0${ID}` : undefined;
    },
    load(id) {
      if (id !== `\0${ID}`) return undefined;
      const out: Record<string, Precompiled> = {};
      for (const name of readdirSync(KIT).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort()) {
        const file = join(KIT, name);
        this.addWatchFile(file);
        const source = readFileSync(file, 'utf8');
        const path = `kit/${name}`;
        out[path] = { hash: sourceHash(source), code: transpileToCjs(path, source) };
      }
      return `export default ${JSON.stringify(out)};`;
    },
  };
}
