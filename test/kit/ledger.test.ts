// The ledger sandbox (lesson 2), through the same entry point as `npm run sandbox`: the starter
// (token checked on writes only) loses an update under the lesson’s schedule and in explored ones;
// each fix is judged by the judge over 10,000 schedules; a reader’s own fix is judged the same way.
import { describe, expect, it } from 'vitest';
import { exploreSandboxFromDisk, readMeta, runSandboxFromDisk } from '../../scripts/lib/sandbox-run.ts';
import type { ExploreResult, TraceEvent } from '../../sandboxes/kit/types.ts';

const N = 10_000;
const unsafe = (r: ExploreResult) =>
  r.counts['stale-write-accepted'] + r.counts['lost-update'] + r.counts['no-progress'] + r.counts.error;
type Write = Extract<TraceEvent, { kind: 'write-accepted' | 'write-rejected' }>;
const puts = (trace: TraceEvent[]) =>
  trace.filter((e): e is Write => e.kind === 'write-accepted' || e.kind === 'write-rejected');

describe('ledger: the lesson’s schedule', () => {
  it('starter: A’s write lands between B’s read and B’s write, and B’s write then replaces it unread', async () => {
    const { verdict, trace } = await runSandboxFromDisk('ledger');
    expect(verdict.kind).toBe('lost-update');
    expect(verdict.ok).toBe(false);
    expect(verdict.summary).toMatch(
      /^Lost update: B’s write to ledger with token 34, accepted at 15\.6\d\d s, replaced version 1 \(A’s write with token 33, accepted at 13\.0\d\d s\), yet the newest version B had seen was 0: A’s update was acknowledged, then overwritten by a write computed without it\. Also, deposed write accepted \(no newer write yet\): A’s write to ledger with token 33/,
    );
    const bRead = trace.find((e) => e.kind === 'read' && e.reader === 'B')!;
    const [aPut, bPut] = puts(trace);
    expect(aPut).toMatchObject({ kind: 'write-accepted', writer: 'A', version: 1, replaced: 0 });
    expect(bPut).toMatchObject({ kind: 'write-accepted', writer: 'B', version: 2, replaced: 1, basedOn: 0 });
    expect(bRead.seq).toBeLessThan(aPut!.seq);
  });

  it('solution (fenced reads): B’s read raised the store’s token to 34, so A’s write bounces and the ledger holds B’s', async () => {
    const { verdict, trace } = await runSandboxFromDisk('ledger', { solution: true });
    expect(verdict.kind).toBe('stale-write-rejected');
    expect(verdict.summary).toMatch(
      /^Stale write rejected: A’s write to ledger with token 33 was refused at 13\.0\d\d s \(token 33 < highest 34\); it was stale, since the lock service had granted B token 34 at 10\.6\d\d s: A had been deposed\. In the end ledger holds B’s write with token 34\.$/,
    );
    expect(trace.find((e) => e.kind === 'read' && e.reader === 'B')).toMatchObject({ token: 34 });
  });

  it('compare-and-set on the version: B’s first write conflicts, B re-reads A’s entry and appends to it; A’s deposed write is still reported', async () => {
    const { verdict, trace } = await runSandboxFromDisk('ledger', { variant: 'cas-version' });
    expect(verdict.kind).toBe('deposed-write-accepted');
    expect(puts(trace).map((e) => [e.kind, e.writer, e.reason ?? ''])).toEqual([
      ['write-accepted', 'A', ''],
      ['write-rejected', 'B', 'version is 1, not 0'],
      ['write-accepted', 'B', ''],
    ]);
    expect(puts(trace).at(-1)).toMatchObject({ value: 'result computed by A\nresult computed by B' });
  });

  it('a reader’s own fix is judged the same way: a store that refuses reads below the highest token but never raises it still loses the update', async () => {
    const job = (await import('node:fs'))
      .readFileSync(new URL('../../sandboxes/ledger/solution/job.ts', import.meta.url), 'utf8')
      .replaceAll('../../kit/', '../kit/');
    const store = `
import type { GetRequest, PutResult, RegisterRequest, StoreContext, VersionedPutRequest } from '../kit/index.ts';
export function handleGet(get: GetRequest, { memory }: StoreContext): PutResult {
  const highest = memory.get(get.key);
  return highest !== undefined && (get.token ?? 0) < highest ? { ok: false, reason: 'stale read' } : { ok: true };
}
export function handlePut(put: VersionedPutRequest, { memory }: StoreContext): PutResult {
  const highest = memory.get(put.key);
  if (put.token === undefined || (highest !== undefined && put.token < highest)) return { ok: false, reason: 'stale' };
  memory.set(put.key, put.token);
  return { ok: true };
}
export function handleRegister(register: RegisterRequest): PutResult {
  return { ok: true };
}
`;
    const { verdict } = await runSandboxFromDisk('ledger', { files: { 'job.ts': job, 'store.ts': store } });
    expect(verdict.kind).toBe('lost-update');
  });
});

describe(`ledger: ${N.toLocaleString('en')} explored schedules per variant`, async () => {
  const meta = readMeta('ledger');
  const results = new Map<string, ExploreResult>();
  for (const { name } of meta.variants!)
    results.set(name, await exploreSandboxFromDisk('ledger', { n: N, baseSeed: 7, variant: name }));

  it('lists the five variants, the solution among them', () => {
    expect([...results.keys()]).toEqual([
      'writes-only',
      'fenced-reads',
      'register-first',
      'cas-version',
      'cas-plus-token',
    ]);
    expect(meta.variants!.find((v) => v.name === 'fenced-reads')!.dir).toBe('solution');
  });

  it('the starter loses an update in some schedule, and never breaks token order', () => {
    const r = results.get('writes-only')!;
    expect(r.counts['lost-update']).toBeGreaterThan(0);
    expect(r.counts['stale-write-accepted']).toBe(0);
  });

  it.each(['fenced-reads', 'register-first', 'cas-plus-token'])(
    '%s is safe and makes progress in every schedule',
    (name) => {
      expect(unsafe(results.get(name)!)).toBe(0);
    },
  );

  it('compare-and-set alone never loses an update, but lets a deposed holder write on top of fresh state', () => {
    const r = results.get('cas-version')!;
    expect(r.counts['lost-update']).toBe(0);
    expect(r.counts['stale-write-accepted']).toBeGreaterThan(0);
  });

  it('adding the token to compare-and-set refuses exactly those late writes, and still admits a deposed write that lands first', () => {
    const cas = results.get('cas-version')!;
    const both = results.get('cas-plus-token')!;
    expect(both.counts['stale-write-rejected']).toBeGreaterThanOrEqual(cas.counts['stale-write-accepted']);
    expect(both.counts['deposed-write-accepted']).toBe(cas.counts['deposed-write-accepted']);
    expect(both.counts['deposed-write-accepted']).toBeGreaterThan(0);
  });

  it('making the store see the new token first leaves fewer deposed writes accepted than checking writes alone', () => {
    expect(results.get('fenced-reads')!.counts['deposed-write-accepted']).toBeLessThan(
      results.get('cas-plus-token')!.counts['deposed-write-accepted'],
    );
  });
});

describe('ledger: the timeline says the lost update in words', () => {
  it('names the version replaced unread and whose update is lost', async () => {
    const { describeTimeline, renderTimeline } = await import('../../src/lib/timeline.ts');
    const { trace } = await runSandboxFromDisk('ledger');
    const text = describeTimeline(trace).join('\n');
    expect(renderTimeline(trace)).toContain('class="tl-write tl-accepted tl-lost');
    expect(text).toMatch(
      /the store accepts a write from B carrying token 34, replacing version 1 \(A’s write\), which B had never read: A’s update is lost\./,
    );
  });
});
