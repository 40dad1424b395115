// Through the real commands, in a temporary copy of the project: npm run new-lesson writes a lesson,
// npm run check:lessons refuses it (placeholders, with their lines; GitHub annotations in Actions),
// and astro build still builds it, warning once; a broken lesson fails the build with file and line.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', GITHUB_ACTIONS: '' };

function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lf-scaffold-'));
  for (const f of [
    'astro.config.mjs',
    'package.json',
    'tsconfig.json',
    'src',
    'sandboxes',
    'lessons',
    'public',
    'scripts',
    'lab',
  ]) {
    cpSync(join(root, f), join(dir, f), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(
  dir: string,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: dir, env: { ...env, ...extraEnv }, maxBuffer: 1 << 24 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}
const astro = join(root, 'node_modules/astro/bin/astro.mjs');

describe('a scaffolded lesson, through the commands', () => {
  const dir = copyProject();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = 'lessons/lease-renewal/index.mdx';

  it('new-lesson writes it; check:lessons refuses it with each placeholder line, as annotations in Actions', async () => {
    const made = await run(dir, ['scripts/new-lesson.ts', 'lease-renewal', '--title', 'Lease renewal']);
    expect(made.code).toBe(0);
    expect(made.output).toContain(`wrote ${file}`);
    const source = readFileSync(join(dir, file), 'utf8');
    expect(source).toMatch(/^title: "Lease renewal"$/m);

    const checked = await run(dir, ['scripts/check-lessons.ts', file], { GITHUB_ACTIONS: 'true' });
    expect(checked.code).toBe(1);
    const firstPlaceholder = source.split('\n').findIndex((l) => l.includes('TODO(lesson)')) + 1;
    expect(checked.output).toContain(`${file}:${firstPlaceholder}:`);
    expect(checked.output).toContain(`::error file=${file},line=${firstPlaceholder},`);
    expect(checked.output).toMatch(/placeholder left from the scaffold/);

    const again = await run(dir, ['scripts/new-lesson.ts', 'lease-renewal']);
    expect(again.code).toBe(1);
    expect(again.output).toContain('already exists');
  }, 60_000);

  it('builds, with one warning line for its placeholders', async () => {
    const built = await run(dir, [astro, 'build']);
    expect(built.code, built.output).toBe(0);
    expect(existsSync(join(dir, 'dist/lessons/lease-renewal/index.html'))).toBe(true);
    expect(built.output.match(/placeholders? left from the scaffold/g)).toHaveLength(1);
  }, 300_000);

  it('a broken lesson fails the build, naming the file, the line and the fix', async () => {
    const source = readFileSync(join(dir, file), 'utf8').replace(
      '<Sandbox id="fencing-token" />',
      '<Sandbox id="fencing-tokn" />',
    );
    writeFileSync(join(dir, file), source);
    const line = source.split('\n').findIndex((l) => l.includes('fencing-tokn')) + 1;
    const built = await run(dir, [astro, 'build']);
    expect(built.code).not.toBe(0);
    expect(built.output).toContain(`${file}:${line}:10  <Sandbox id="fencing-tokn"> id names no sandbox`);
  }, 120_000);
});
