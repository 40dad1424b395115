// The judge on hand-built traces: one per verdict, plus the edge cases that decide between them.
import { describe, expect, it } from 'vitest';
import { judge } from '../../sandboxes/kit/judge.ts';
import type { TraceEvent } from '../../sandboxes/kit/types.ts';

type Draft = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never;
const trace = (...events: Draft[]): TraceEvent[] => events.map((e, seq) => ({ ...e, seq }) as TraceEvent);

const grant = (t: number, holder: string, token: number): Draft => ({ kind: 'grant', t, node: 'lock', key: 'job-leader', holder, token, expiresAt: t + 10_000 });
const write = (kind: 'write-accepted' | 'write-rejected', t: number, writer: string, leaseToken: number | null, highest: number | null, token?: number, reason?: string): Draft => ({
  kind,
  t,
  node: 'store',
  key: 'result.csv',
  writer,
  token,
  leaseToken,
  highest,
  value: `result computed by ${writer}`,
  ...(reason ? { reason } : {}),
});

describe('judge', () => {
  it('stale-write-accepted: a write under token 33 lands after token 34 was accepted', () => {
    const v = judge(trace(grant(0, 'A', 33), grant(10_000, 'B', 34), write('write-accepted', 15_000, 'B', 34, null, 34), write('write-accepted', 20_000, 'A', 33, 34)));
    expect(v).toEqual({
      kind: 'stale-write-accepted',
      ok: false,
      summary: "Stale write accepted: A wrote result.csv with token 33 (the write carried no token) after B's token 34 was accepted.",
      decidedBy: 3,
    });
  });

  it('stale-write-rejected: the stale write is refused and the leader’s write is what remains', () => {
    const v = judge(trace(grant(0, 'A', 33), grant(10_000, 'B', 34), write('write-accepted', 15_000, 'B', 34, null, 34), write('write-rejected', 20_000, 'A', 33, 34, 33, 'token 33 < highest 34')));
    expect(v).toMatchObject({ kind: 'stale-write-rejected', ok: true, decidedBy: 3 });
    expect(v.summary).toBe("Stale write rejected: A's write to result.csv with token 33 was refused (token 33 < highest 34), and B's write with token 34 landed.");
  });

  it('no-stale-write: writes landed in token order', () => {
    const v = judge(trace(grant(0, 'A', 33), write('write-accepted', 5_000, 'A', 33, null, 33), grant(6_000, 'B', 34), write('write-accepted', 11_000, 'B', 34, 33, 34)));
    expect(v).toMatchObject({ kind: 'no-stale-write', ok: true, decidedBy: 3 });
    expect(v.summary).toBe("No stale write was attempted: B's write to result.csv with token 34 landed.");
  });

  it('an older write landing before the newer one is not stale (safety is about order of acceptance)', () => {
    const v = judge(trace(grant(0, 'A', 33), grant(10_000, 'B', 34), write('write-accepted', 12_000, 'A', 33, null), write('write-accepted', 15_000, 'B', 34, 33, 34)));
    expect(v.kind).toBe('no-stale-write');
  });

  it('no-progress: a store that rejects everything is safe but useless', () => {
    const v = judge(trace(grant(0, 'A', 33), grant(10_000, 'B', 34), write('write-rejected', 15_000, 'B', 34, null, 34, 'no'), write('write-rejected', 20_000, 'A', 33, null, 33, 'no')));
    expect(v).toMatchObject({ kind: 'no-progress', ok: false });
    expect(v.summary).toBe('No progress: no write to result.csv was accepted; B holds the highest token 34.');
  });

  it('no-progress: the key ends up with an older leader’s data', () => {
    const v = judge(trace(grant(0, 'A', 33), write('write-accepted', 5_000, 'A', 33, null, 33), grant(6_000, 'B', 34), write('write-rejected', 11_000, 'B', 34, 33, 34, 'wrong')));
    expect(v).toMatchObject({ kind: 'no-progress', decidedBy: 1 });
    expect(v.summary).toContain("result.csv holds A's write with token 33");
  });

  it('no-progress: nothing was written, or nothing was ever granted', () => {
    expect(judge(trace(grant(0, 'A', 33))).kind).toBe('no-progress');
    expect(judge(trace({ kind: 'start', t: 0, node: 'A' })).summary).toBe('No progress: no lease was ever granted.');
  });

  it('error beats everything, and carries the reader’s message and location', () => {
    const v = judge(
      trace(grant(0, 'A', 33), write('write-accepted', 1, 'A', 33, null), write('write-accepted', 2, 'A', null, 33), { kind: 'error', t: 3, node: 'store', message: 'boom', file: 'store.ts', line: 4 }),
    );
    expect(v).toEqual({ kind: 'error', ok: false, summary: 'Error on store (store.ts line 4): boom', decidedBy: 3, error: { message: 'boom', file: 'store.ts', line: 4 } });
  });

  it('a write from a node that never held a lease, after an accepted one, is stale', () => {
    const v = judge(trace(grant(0, 'A', 33), write('write-accepted', 1, 'A', 33, null, 33), write('write-accepted', 2, 'C', null, 33)));
    expect(v.kind).toBe('stale-write-accepted');
    expect(v.summary).toContain('C wrote result.csv with token none');
  });

  it('reads only the trace: judging twice, or a copy, gives the same verdict', () => {
    const t = trace(grant(0, 'A', 33), write('write-accepted', 5, 'A', 33, null, 33));
    expect(judge(structuredClone(t))).toEqual(judge(t));
  });
});
