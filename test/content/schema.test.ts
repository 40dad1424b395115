import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lessonSchema } from '../../src/lib/lesson-schema.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const seedSource = readFileSync(join(root, 'lessons/leader-election/index.mdx'), 'utf8');

const valid = {
  title: 'Leader election',
  crux: 'Read lock and lease code, predict what it does, and pick the fix.',
  goal: 'Practise finding the gap between acquiring a lock and writing the data.',
  altitude: 'senior',
  order: 1,
  tags: ['leases'],
  sources: [
    {
      title: 'How to do distributed locking',
      url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
    },
  ],
};

/** Messages of a failed parse, as "path: message". */
const problems = (data: unknown) => {
  const r = lessonSchema.safeParse(data);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('lesson schema (direct)', () => {
  it('accepts a complete lesson, with or without the optional fields', () => {
    expect(lessonSchema.safeParse(valid).success).toBe(true);
    expect(lessonSchema.safeParse({ ...valid, minutes: 14, description: 'Meta text.' }).success).toBe(true);
  });

  it.each([
    ['title', { title: undefined }, /"title" is missing/],
    ['crux', { crux: undefined }, /"crux" is missing/],
    ['crux', { crux: 'Too short.' }, /crux/],
    ['crux', { crux: 'A crux that never ends with a full stop' }, /"crux" must be one full sentence/],
    ['goal', { goal: undefined }, /"goal" is missing/],
    ['altitude', { altitude: 'expert' }, /"altitude" must be one of zero \| junior \| middle \| senior; got "expert"/],
    ['altitude', { altitude: undefined }, /"altitude" is missing/],
    ['order', { order: 1.5 }, /"order" must be a whole number/],
    ['order', { order: '1' }, /"order" must be an integer/],
    ['minutes', { minutes: 0 }, /"minutes" must be at least 1/],
    ['tags', { tags: 'leases' }, /"tags" must be a list of strings/],
    ['sources', { sources: [] }, /"sources" needs at least one source/],
    [
      'sources',
      { sources: [{ title: 'x', url: 'not a url' }] },
      /"sources\[\]\.url" must be an absolute http\(s\) URL/,
    ],
    [
      'sources',
      { sources: [{ title: 'x', url: 'javascript:alert(1)' }] },
      /"sources\[\]\.url" must be an absolute http\(s\) URL/,
    ],
  ])('names the field when %s is wrong', (field, patch, message) => {
    const issues = problems({ ...valid, ...patch });
    expect(issues.some((i) => i.startsWith(field) && message.test(i))).toBe(true);
  });

  it('rejects unknown fields (typos) and says which', () => {
    const issues = problems({ ...valid, minute: 3 });
    expect(issues.join('\n')).toMatch(/unknown frontmatter field "minute"/);
  });
});

// Through Astro itself: a temporary copy of the project with one broken lesson, run `astro sync`.
describe('lessons collection (through Astro)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function project(lessons: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'lf-content-'));
    dirs.push(dir);
    for (const f of [
      'astro.config.mjs',
      'package.json',
      'tsconfig.json',
      'src/content.config.ts',
      'src/site.config.ts',
      'src/lib',
      'src/check',
      'src/integrations',
      'scripts/lib',
      'sandboxes',
    ]) {
      cpSync(join(root, f), join(dir, f), { recursive: true });
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [slug, source] of Object.entries(lessons)) {
      mkdirSync(join(dir, 'lessons', slug), { recursive: true });
      writeFileSync(join(dir, 'lessons', slug, 'index.mdx'), source);
    }
    return dir;
  }

  function sync(dir: string): Promise<{ code: number; output: string }> {
    const astro = join(root, 'node_modules/astro/bin/astro.mjs');
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [astro, 'sync'],
        { cwd: dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' } },
        (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}\n${stderr}` }),
      );
    });
  }

  it('accepts the seed lesson', async () => {
    const { code, output } = await sync(project({ 'leader-election': seedSource }));
    expect(output).not.toMatch(/InvalidContentEntryDataError/);
    expect(code).toBe(0);
  }, 60_000);

  it('fails on a wrong field, naming the file and the field', async () => {
    const broken = seedSource.replace(/^altitude: senior$/m, 'altitude: expert');
    const { code, output } = await sync(project({ broken }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/InvalidContentEntryDataError/);
    expect(output).toMatch(/lessons\/broken\/index\.mdx/);
    expect(output).toMatch(/altitude: "altitude" must be one of zero \| junior \| middle \| senior; got "expert"/);
  }, 60_000);

  it('fails on a missing field, naming the file and the field', async () => {
    const broken = seedSource.replace(/^goal:.*\n/m, '');
    const { code, output } = await sync(project({ 'no-goal': broken }));
    expect(code).not.toBe(0);
    expect(output).toMatch(/lessons\/no-goal\/index\.mdx/);
    expect(output).toMatch(/"goal" is missing/);
  }, 60_000);
});
