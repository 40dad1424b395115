// `npm run sandbox` as a command: arguments, output, exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parseArgs } from '../../scripts/sandbox.ts';
import { UsageError } from '../../scripts/lib/sandbox-run.ts';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(argv);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('parseArgs', () => {
  it('reads the sandbox, seed, sources and modes', () => {
    expect(parseArgs(['fencing-token', '--seed', '42', '--solution', '--json'])).toMatchObject({
      id: 'fencing-token',
      seed: 42,
      source: { solution: true },
      json: true,
    });
    expect(parseArgs(['fencing-token', '--explore', '100', '--variant', 'ttl-x3'])).toMatchObject({
      explore: 100,
      source: { variant: 'ttl-x3' },
    });
  });

  it('refuses what it does not understand, with a reason', () => {
    expect(() => parseArgs([])).toThrow(new UsageError('which sandbox?'));
    expect(() => parseArgs(['a', 'b'])).toThrow(/one sandbox at a time/);
    expect(() => parseArgs(['a', '--seed', '-1'])).toThrow(/--seed needs a whole number/);
    expect(() => parseArgs(['a', '--frobnicate'])).toThrow(/unknown option --frobnicate/);
    expect(() => parseArgs(['a', '--file', 'store.ts'])).toThrow(/--file needs NAME=PATH/);
    expect(() => parseArgs(['a', '--file', 'store.ts=/nonexistent/x.ts'])).toThrow(/does not exist/);
    expect(() => parseArgs(['a', '--explore', '10', '--drawn'])).toThrow(/--drawn/);
  });
});

describe('main', { timeout: 60_000 }, () => {
  it('prints the log and the verdict, exit 0 — the same bytes for the same seed', async () => {
    const first = await capture(['acquire-then-write', '--seed', '3']);
    const second = await capture(['acquire-then-write', '--seed', '3']);
    expect(first.code).toBe(0);
    expect(first.out).toBe(second.out);
    expect(first.out).toMatch(/A paused until 20\.000 s: it runs nothing/);
    expect(first.out).toMatch(
      /verdict: stale-write-accepted\nStale write accepted: A’s write to result\.csv was accepted at 20\.0\d\d s, after the store had already accepted B’s write at/,
    );
  });

  it('prints a deposed write accepted in token order as such, never as "no stale write"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    // B (token 34) works twice as long, so A’s token-33 write, sent when A wakes at 20 s, lands first.
    const job = readFileSync(join(import.meta.dirname, '../../sandboxes/fencing-token/job.ts'), 'utf8').replace(
      'const data = await work();',
      'if (token > 33) await work(); const data = await work();',
    );
    writeFileSync(join(dir, 'job.ts'), job);
    const { code, out } = await capture(['fencing-token', '--file', `job.ts=${join(dir, 'job.ts')}`]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /verdict: deposed-write-accepted\nDeposed write accepted \(no newer write yet\): A’s write to result\.csv with token 33 was accepted at 20\.0\d\d s, after the lock service had granted B token 34 at 10\.\d+ s: A had been deposed\./,
    );
    expect(out).toContain('In the end result.csv holds B’s write with token 34.');
    expect(out).not.toMatch(/no-stale-write|No stale write/);
  });

  it('--json prints {verdict, seed, trace}', async () => {
    const { code, out } = await capture(['fencing-token', '--solution', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as { verdict: { kind: string } };
    expect(Object.keys(parsed)).toEqual(['verdict', 'seed', 'trace']);
    expect(parsed.verdict.kind).toBe('stale-write-rejected');
  });

  it('--file replaces an editable file; a syntax error there is exit 1 with file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    writeFileSync(join(dir, 'bad.ts'), 'export function handlePut() {\n  return {\n    ok: true,,\n  };\n}\n');
    const { code, err } = await capture(['fencing-token', '--file', `store.ts=${join(dir, 'bad.ts')}`]);
    expect(code).toBe(1);
    expect(err).toMatch(/^store\.ts:3: SyntaxError: /);
  });

  it('a reader error while running is a verdict (exit 0); bad usage is exit 1 with the usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    writeFileSync(
      join(dir, 'job.ts'),
      'export async function runJob(lock: any) {\n  await lock.acquire("job-leader", 10_000);\n  throw new TypeError("nope");\n}\n',
    );
    const run = await capture(['fencing-token', '--file', `job.ts=${join(dir, 'job.ts')}`]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/verdict: error\nError on A \(job\.ts line 3\): TypeError: nope/);
    const usage = await capture(['no-such-sandbox']);
    expect(usage.code).toBe(1);
    expect(usage.err).toMatch(/unknown sandbox "no-such-sandbox"[\s\S]*usage:/);
    expect((await capture(['fencing-token', '--variant', 'nope'])).err).toMatch(
      /no variant "nope" \(there are: no-fix, ttl-x3/,
    );
    expect((await capture(['fencing-token', '--file', `scenario.ts=${join(dir, 'job.ts')}`])).err).toMatch(
      /not an editable file/,
    );
  });

  it('--explore prints counts per verdict, the rate, and how to replay an example', async () => {
    const { code, out } = await capture(['fencing-token', '--explore', '3000', '--variant', 'no-fix']);
    expect(code).toBe(0);
    expect(out).toMatch(/^fencing-token \(variant no-fix\): 3000 schedules from base seed 7/);
    expect(out).toMatch(/stale-write-accepted\s+\d+\s+[\d.]+ %\s+e\.g\. seeds \d+/);
    // The numbers come with the assumptions they rest on (sandboxes/kit/fault-model.ts).
    expect(out).toContain('What the drawn schedules assume');
    expect(out).toContain('Process pauses [0.1 ms to 1 h]');
    expect(out).toContain('Stalled links (long one-way delays) [1 ms to 10 min]');
    const seed = /--drawn --seed (\d+)/.exec(out)![1]!;
    const replay = await capture(['fencing-token', '--variant', 'no-fix', '--drawn', '--seed', seed]);
    expect(replay.out).toMatch(/verdict: stale-write-accepted/);
  });

  it('--explore 0 is refused with the range it takes, not "NaN %"', async () => {
    const { code, out, err } = await capture(['fencing-token', '--explore', '0']);
    expect(code).toBe(1);
    expect(out).not.toMatch(/NaN/);
    expect(err).toMatch(/^--explore needs a whole number from 1 to 10,000,000 \(got "0"\)/);
  });

  it('--file with a folder names the folder and says what to give instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    const { code, err } = await capture(['fencing-token', '--file', `store.ts=${dir}`]);
    expect(code).toBe(1);
    expect(err).toContain(`--file store.ts=${dir}: ${dir} is a folder; give the path of the .ts file to use`);
    expect(err).not.toMatch(/EISDIR/);
  });

  it('a named import the kit does not export names the reader file and line; no temp folder in any message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    const job = readFileSync(join(import.meta.dirname, '../../sandboxes/fencing-token/job.ts'), 'utf8').replace(
      'import type {',
      "import { Frob } from '../kit/index.ts';\nimport type {",
    );
    writeFileSync(join(dir, 'job.ts'), job);
    const { code, err } = await capture(['fencing-token', '--file', `job.ts=${join(dir, 'job.ts')}`]);
    expect(code).toBe(1);
    expect(err).toMatch(
      /^job\.ts:5: the kit has no export named Frob \(job\.ts imports it from '\.\.\/kit\/index\.ts'\)/,
    );
    const thrown = await capture([
      'fencing-token',
      '--file',
      `job.ts=${join(dir, 'job.ts')}`.replace('job.ts=', 'store.ts='),
    ]);
    expect(`${err}${thrown.err}${thrown.out}`).not.toContain(tmpdir());
  });

  it('a renamed handlePut says store.ts must export it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    const store = readFileSync(join(import.meta.dirname, '../../sandboxes/fencing-token/store.ts'), 'utf8').replace(
      'function handlePut',
      'function handlePutt',
    );
    writeFileSync(join(dir, 'store.ts'), store);
    const { code, err } = await capture(['fencing-token', '--file', `store.ts=${join(dir, 'store.ts')}`]);
    expect(code).toBe(1);
    expect(err).toMatch(/^store\.ts must export handlePut: scenario\.ts imports it on line \d+/);
  });

  it('the replay hint keeps --file, so it replays the same code', async () => {
    const path = join(import.meta.dirname, '../../sandboxes/fencing-token/store.ts');
    const { code, out } = await capture(['fencing-token', '--explore', '300', '--file', `store.ts=${path}`]);
    expect(code).toBe(0);
    const hint = /^replay one: npm run sandbox -- (.*)$/m.exec(out)![1]!;
    expect(hint).toMatch(
      new RegExp(
        `^fencing-token --file store\\.ts=${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --drawn --seed \\d+$`,
      ),
    );
    const replay = await capture(hint.split(' '));
    expect(replay.out).toMatch(/with store\.ts from --file\), seed \d+, drawn schedule/);
  });

  it('code that loops forever: the message names the node, its last event and the file; --json still prints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-cli-'));
    const job = readFileSync(join(import.meta.dirname, '../../sandboxes/fencing-token/job.ts'), 'utf8').replace(
      'const data = await work();',
      'const data = await work();\n    while (data) {}',
    );
    writeFileSync(join(dir, 'job.ts'), job);
    const { code, out, err } = await capture(['fencing-token', '--json', '--file', `job.ts=${join(dir, 'job.ts')}`]);
    expect(code).toBe(1);
    const parsed = JSON.parse(out) as { error: { kind: string; message: string; file: string } };
    expect(parsed.error).toMatchObject({ kind: 'timeout', file: 'job.ts' });
    expect(parsed.error.message).toMatch(
      /^Stopped after 5 s of real time: after "([AB]): .*" at [\d.]+ s, the code running on \1 never handed control back to the simulator\. \1 runs runJob from job\.ts: does a loop in it never end\?/,
    );
    expect(err).toBe(parsed.error.message);
  });

  it('the ledger prints a lost update with the versions in the log, and --explore its rate and a lost update to replay', async () => {
    const { code, out } = await capture(['ledger']);
    expect(code).toBe(0);
    expect(out).toMatch(/store {2}put ledger from B accepted \(token 34\), version 1 → 2 \(it had read version 0\)/);
    expect(out).toMatch(/verdict: lost-update\nLost update: B’s write to ledger with token 34/);
    const explored = await capture(['ledger', '--explore', '2000', '--variant', 'writes-only']);
    expect(explored.out).toMatch(/lost updates in [\d.]+ % of schedules/);
    const seed = /--drawn --seed (\d+)/.exec(explored.out)![1]!;
    const replay = await capture(['ledger', '--variant', 'writes-only', '--drawn', '--seed', seed]);
    expect(replay.out).toMatch(/verdict: lost-update/);
  }, 60_000);
});
