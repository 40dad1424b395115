// One naming style for tests: `it('does what', …)`, never `test(…)`, so a reader meets one form (issue 8).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? testFiles(join(dir, e.name)) : /\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

it('every test file names its cases with it(), not test()', () => {
  const offenders = testFiles(join(ROOT, 'test'))
    .filter((f) => /^\s*test(\.\w+)*\(/m.test(readFileSync(f, 'utf8')))
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});
