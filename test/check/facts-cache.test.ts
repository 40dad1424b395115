// The build’s lesson check keeps each lesson’s result on disk (src/check/facts-cache.ts): the results are
// the checker’s own, a warm check reads them back instead of parsing again, and a changed lesson is
// checked afresh (never a stale result).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedCheckLesson } from '../../src/check/facts-cache.ts';
import { checkLessonsOnDisk } from '../../src/check/lessons-on-disk.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the cached lesson check', () => {
  // A project with the real lessons and sandboxes, and a node_modules of its own (for the cache) that
  // links the checker’s parsers.
  const dir = mkdtempSync(join(tmpdir(), 'lf-facts-cache-'));
  cpSync(join(root, 'lessons'), join(dir, 'lessons'), { recursive: true });
  symlinkSync(join(root, 'sandboxes'), join(dir, 'sandboxes'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{}');
  mkdirSync(join(dir, 'node_modules'));
  for (const p of ['satteri', 'astro', '@babel', 'js-yaml', 'yaml', 'github-slugger'])
    symlinkSync(join(root, 'node_modules', p), join(dir, 'node_modules', p), 'dir');
  const cache = join(dir, 'node_modules/.cache/leases-and-fences/check');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const lesson = join(dir, 'lessons/leader-election/index.mdx');
  // One real problem, so there is something to compare: an unknown sandbox.
  writeFileSync(
    lesson,
    readFileSync(lesson, 'utf8').replace('<Sandbox id="fencing-token" />', '<Sandbox id="fencing-tokn" />'),
  );

  it('gives what the uncached checker gives, and keeps one result per lesson', () => {
    const plain = checkLessonsOnDisk(dir);
    expect(plain.some((p) => p.message.includes('fencing-tokn'))).toBe(true);
    expect(checkLessonsOnDisk(dir, undefined, cachedCheckLesson(dir))).toEqual(plain);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(3);
    expect(checkLessonsOnDisk(dir, undefined, cachedCheckLesson(dir))).toEqual(plain);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(3); // the same keys again
  });

  it('reads a kept result back instead of parsing again, and checks a changed lesson afresh', () => {
    // Mark every kept result: a read-back result carries the mark.
    for (const f of readdirSync(cache)) {
      const stored = JSON.parse(readFileSync(join(cache, f), 'utf8')) as { problems: { message: string }[] };
      for (const p of stored.problems) p.message = `kept: ${p.message}`;
      writeFileSync(join(cache, f), JSON.stringify(stored));
    }
    const warm = checkLessonsOnDisk(dir, undefined, cachedCheckLesson(dir));
    expect(warm.find((p) => p.message.includes('fencing-tokn'))?.message).toMatch(/^kept: /);

    writeFileSync(lesson, `${readFileSync(lesson, 'utf8')}\nOne more line.\n`);
    const changed = checkLessonsOnDisk(dir, undefined, cachedCheckLesson(dir));
    expect(changed.find((p) => p.message.includes('fencing-tokn'))?.message).not.toMatch(/^kept: /);
  });
});
