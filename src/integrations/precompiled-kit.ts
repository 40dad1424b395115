// A Vite plugin: `virtual:lf-precompiled-kit` is every kit file (sandboxes/kit/*.ts) already compiled
// by the same sucrase call the page's module loader makes (transpileToCjs), keyed by path with a hash
// of the source it came from. The sandbox worker hands it to the loader (addPrecompiled), so a cold
// worker's first run evaluates the kit instead of transpiling ~150 KB of TypeScript; a file whose
// source differs from the one compiled here is transpiled as before.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { Precompiled } from '../runtime/modules.ts';

const ID = 'virtual:lf-precompiled-kit';
/** The module's text for the kit's sources as they were last read: a build loads it once per worker bundle. */
let made: { sources: string; module: string } | undefined;
const KIT = fileURLToPath(new URL('../../sandboxes/kit/', import.meta.url));
// Node's own require (type stripping): synchronous, so the load never awaits. Rolldown times a hook
// from its start to its end, awaits included, and its PLUGIN_TIMINGS warning blamed this plugin's load
// (1.0 s over 80 calls: one per module of the worker bundles, each awaiting the same import).
const nativeRequire = createRequire(import.meta.url);

export function precompiledKit(): Plugin {
  return {
    name: 'lf:precompiled-kit',
    // Filters: Rolldown calls into JavaScript only for this module, not for every module of every bundle.
    resolveId: {
      filter: { id: /^virtual:lf-precompiled-kit$/ },
      handler: () => `\0${ID}`,
    },
    load: {
      filter: { id: /^\0virtual:lf-precompiled-kit$/ },
      handler() {
        const files = readdirSync(KIT)
          .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
          .sort()
          .map((name) => ({
            path: `kit/${name}`,
            file: join(KIT, name),
            source: readFileSync(join(KIT, name), 'utf8'),
          }));
        for (const { file } of files) this.addWatchFile(file);
        const sources = files.map((f) => `${f.path}\0${f.source}`).join('\0');
        if (made?.sources !== sources) {
          // Loaded here, not at the top: the Astro config imports this file, and `astro sync` needs no runtime.
          const { transpileToCjs } = nativeRequire(
            '../runtime/transpile.ts',
          ) as typeof import('../runtime/transpile.ts');
          const { sourceHash } = nativeRequire('../runtime/modules.ts') as typeof import('../runtime/modules.ts');
          const out: Record<string, Precompiled> = {};
          for (const { path, source } of files)
            out[path] = { hash: sourceHash(source), code: transpileToCjs(path, source) };
          made = { sources, module: `export default ${JSON.stringify(out)};` };
        }
        return made.module;
      },
    },
  };
}
