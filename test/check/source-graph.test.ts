// The build caches' key over a module’s source graph (src/check/source-graph.ts), on real files in a
// temporary folder: a changed byte in any reachable module is a new key; a file outside the graph is not.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceGraphKey } from '../../src/check/source-graph.ts';

describe('sourceGraphKey', () => {
  const root = mkdtempSync(join(tmpdir(), 'lf-source-graph-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'lib'));
  const write = (path: string, text: string) => writeFileSync(join(root, path), text);
  write('entry.ts', "import { b } from './lib/b.ts';\nexport const a = () => import('./lazy.ts');\n");
  write('lib/b.ts', "import './side.ts';\nimport type { A } from '../entry.ts';\nexport const b = 1;\n");
  write('lib/side.ts', 'globalThis.x = 1;\n');
  write('lazy.ts', 'export const lazy = 1;\n');
  write('unrelated.ts', 'export const u = 1;\n');
  const entry = join(root, 'entry.ts');
  const key = () => sourceGraphKey(entry, root);

  it('is the same for the same files, given as a path or a file URL', () => {
    expect(key()).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(key());
    expect(sourceGraphKey(pathToFileURL(entry), root)).toBe(key());
  });

  it('changes when a file reached through a static, side-effect or dynamic import changes', () => {
    for (const [path, text] of [
      ['lib/b.ts', "import './side.ts';\nimport type { A } from '../entry.ts';\nexport const b = 2;\n"],
      ['lib/side.ts', 'globalThis.x = 2;\n'],
      ['lazy.ts', 'export const lazy = 2;\n'],
    ]) {
      const before = key();
      write(path!, text!);
      expect(key(), path).not.toBe(before);
    }
  });

  it('stays the same when a file outside the import graph changes', () => {
    const before = key();
    write('unrelated.ts', 'export const u = 2;\n');
    write('lib/new.ts', 'export const n = 1;\n');
    expect(key()).toBe(before);
  });

  it('names files relative to the root, so a moved project whose files are the same keeps its key', () => {
    const other = mkdtempSync(join(tmpdir(), 'lf-source-graph-'));
    try {
      mkdirSync(join(other, 'lib'));
      for (const path of ['entry.ts', 'lib/b.ts', 'lib/side.ts', 'lazy.ts'])
        writeFileSync(join(other, path), readFileSync(join(root, path)));
      expect(sourceGraphKey(join(other, 'entry.ts'), other)).toBe(key());
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
