// One home for the words the interactive parts show: the scripts of the sandbox, the Explore panel,
// the replay, search and the confirm dialog write no sentence of their own; they read
// src/lib/ui-strings.ts. The exceptions run with every page and would pull the whole table into its
// first JavaScript (see ui-strings.ts), so each is named here with its file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const FOLDERS = ['sandbox', 'explore', 'replay', 'search', 'dialog'].map((f) => join('src/components', f));

/** Loaded with the page, not when used: their few words stay beside them. */
const EAGER: Record<string, string[]> = {
  'src/components/sandbox/sandbox-element.ts': ['Loading the editor and the runner…', 'The editor'],
  'src/components/explore/explore-element.ts': ['The explore panel'],
};

/** A quoted sentence: a capitalised word and at least two more, comments left out. */
function sentences(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/ .*$/gm, '');
  return [...code.matchAll(/(['"`])([A-Z][a-z’']*(?: (?!\$\{)[^'"`\n]*?){2,})\1/g)].map((m) => m[2]!);
}

describe('the words of the interactive parts', () => {
  it('are in src/lib/ui-strings.ts, not written in the components’ scripts', () => {
    const found: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.ts'))) {
        const path = `${folder}/${file}`;
        const allowed = EAGER[path] ?? [];
        for (const s of sentences(readFileSync(join(ROOT, path), 'utf8'))) {
          if (!allowed.some((a) => s.startsWith(a))) found.push(`${path}: "${s}"`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('the scan finds a sentence written in a script (it would catch one)', () => {
    expect(sentences("status('Reset to the starter code.'); // A comment with words")).toEqual([
      'Reset to the starter code.',
    ]);
  });
});
