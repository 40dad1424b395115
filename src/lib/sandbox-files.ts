// Pure helpers about sandbox files: paths, module resolution, storage keys and the file set of a run.
// No DOM, no Node: used by the Sandbox UI, both runners and the tests.

import { builtBase, siteStorageKey } from './site-url.ts';

/** Paths are relative to `sandboxes/`: 'kit/index.ts', 'fencing-token/store.ts'. */
export type Files = Record<string, string>;

/** localStorage key of the reader's version of one editable file (scoped to the site's base, see siteStorageKey). */
export function storageKey(sandbox: string, file: string, base: string = builtBase()): string {
  return siteStorageKey(`lf:sandbox:${sandbox}:${file}`, base);
}

/** '/sandboxes/kit/index.ts' or 'sandboxes/kit/index.ts' → 'kit/index.ts'. */
export function relativeToSandboxes(path: string): string {
  return path.replace(/^\/?sandboxes\//, '');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Joins and normalises '.' and '..' segments; never climbs above the root. */
export function joinPath(base: string, rel: string): string {
  const out: string[] = [];
  for (const part of `${base}/${rel}`.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

/** Resolves an import specifier written in `from` against the files of a run; null when it is not one of them. */
export function resolveSpecifier(from: string, specifier: string, files: Files): string | null {
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) return null;
  const base = specifier.startsWith('/') ? '' : dirname(from);
  const path = joinPath(base, specifier.replace(/^\/?sandboxes\//, ''));
  for (const candidate of [path, `${path}.ts`, `${path}/index.ts`, path.replace(/\.js$/, '.ts')]) {
    if (candidate in files) return candidate;
  }
  return null;
}

/** Rewrites relative `.ts` import specifiers to `.js` (for plain `node` without type stripping). */
export function tsSpecifiersToJs(code: string): string {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*?)\.ts\2/g,
    (_m, head: string, quote: string, path: string) => `${head}${quote}${path}.js${quote}`,
  );
}

/** Rewrites a file's relative import specifiers as if it moved from `from` to `to` (both relative to sandboxes/). */
export function rebaseImports(code: string, from: string, to: string): string {
  if (dirname(from) === dirname(to)) return code;
  const fromParts = dirname(to).split('/').filter(Boolean);
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]*)\2/g,
    (_m, head: string, q: string, spec: string) => {
      const target = joinPath(dirname(from), spec).split('/');
      let common = 0;
      while (common < fromParts.length && common < target.length - 1 && fromParts[common] === target[common]) common++;
      const up = fromParts.length - common;
      const rel = `${up ? '../'.repeat(up) : './'}${target.slice(common).join('/')}`;
      return `${head}${q}${rel}${q}`;
    },
  );
}

/** The solution's version of an editable file, when the sandbox ships one. */
export function solutionPath(sandbox: string, file: string): string {
  return joinPath(`${sandbox}/solution`, file);
}
