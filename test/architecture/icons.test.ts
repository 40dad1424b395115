// Icons live in one place (src/components/icons.ts, rendered by Icon.astro): a component that
// draws its own <svg> icon is a second copy to keep in step. Charts (the timeline) are drawings, not icons.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const DRAWINGS = new Set(['src/components/icons.ts', 'src/lib/timeline.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(astro|ts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

it('no file under src/ draws an inline <svg> icon except icons.ts (and the timeline, a chart)', () => {
  const offenders = files(join(ROOT, 'src'))
    .map((f) => relative(ROOT, f))
    .filter((f) => !DRAWINGS.has(f) && /<svg[\s>]/.test(readFileSync(join(ROOT, f), 'utf8')));
  expect(offenders).toEqual([]);
});
