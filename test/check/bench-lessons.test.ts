// The 200 lessons `npm run bench:build` times are lessons a contributor could ship: they pass the checker
// and hold the components that cost build time. (The budgets themselves are timed by npm run bench:build,
// not here: even a CPU-time ratio of 200 to 20 lessons swung from 5x to 26x at load 15 on 2 cores.)
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateLessons } from '../../scripts/lib/bench-lessons.ts';
import { checkLessonsOnDisk, lessonFiles } from '../../src/check/lessons-on-disk.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the benchmark lessons', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lf-bench-lessons-'));
  cpSync(join(root, 'lessons'), join(dir, 'lessons'), { recursive: true });
  symlinkSync(join(root, 'sandboxes'), join(dir, 'sandboxes'), 'dir');
  const made = generateLessons(dir, 200);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are 200 lessons that pass the checker, each with a unique order and title', () => {
    expect(made.total).toBe(200);
    expect(made.real + made.copies + made.scaffolds).toBe(200);
    expect(made.copies).toBeGreaterThan(90);
    expect(made.scaffolds).toBeGreaterThan(90);
    expect(checkLessonsOnDisk(dir).map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([]);
    const sources = lessonFiles(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const field = (name: string) => sources.map((s) => new RegExp(`^${name}: (.*)$`, 'm').exec(s)?.[1]);
    expect(new Set(field('order')).size).toBe(200);
    expect(new Set(field('title')).size).toBe(200);
  }, 60_000);

  it('hold every component that costs build time, in most lessons', () => {
    const sources = readdirSync(join(dir, 'lessons')).map((slug) =>
      readFileSync(join(dir, 'lessons', slug, 'index.mdx'), 'utf8'),
    );
    for (const component of ['Sandbox', 'Explore', 'ScenarioLog', 'Quiz', 'Snippet']) {
      expect(
        sources.filter((s) => s.includes(`<${component} `) || s.includes(`<${component}\n`)).length,
        component,
      ).toBeGreaterThanOrEqual(199);
    }
    expect(sources.filter((s) => s.includes('<ExploreCount ')).length).toBeGreaterThanOrEqual(made.copies + made.real);
  });
});
