// The judge on hand-built traces: one per outcome, plus the cases that decide between them (a deposed
// write that lands before the new holder’s, the leader’s own same-token write refused, writes that
// carry no token), and the precedence that picks the primary verdict from the findings.
import { describe, expect, it } from 'vitest';
import { judge } from '../../sandboxes/kit/judge.ts';
import { VERDICT_INFO, VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import { grant, kinds, trace, write, type Draft } from './trace-builder.ts';

describe('judge: order at the store', () => {
  it('stale-write-accepted: a write under token 33 lands after token 34 was accepted', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-accepted', 15_000, 'B', 34, null, 34),
        write('write-accepted', 20_000, 'A', 33, 34, 33),
      ),
    );
    expect(v).toMatchObject({ kind: 'stale-write-accepted', ok: false, decidedBy: 3 });
    expect(v.summary).toBe(
      'Stale write accepted: A’s write to result.csv with token 33 was accepted at 20.000 s, after the store had already accepted B’s write with token 34 at 15.000 s: order broken, an older lease’s write landed on a newer one’s.',
    );
    expect(v.findings[0]).toMatchObject({
      write: { writer: 'A', leaseToken: 33, token: 33 },
      overwrote: { writer: 'B', leaseToken: 34 },
      newer: { holder: 'B', token: 34 },
    });
    // The key left holding A’s write is a progress failure too: listed, not repeated in the summary.
    expect(kinds(v)).toEqual(['stale-write-accepted', 'no-progress']);
  });

  it('stale-write-accepted without tokens speaks of the lock service numbering its grants, never of a token the writer kept', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-accepted', 15_000, 'B', 34, null),
        write('write-accepted', 20_000, 'A', 33, 34),
      ),
    );
    expect(v.kind).toBe('stale-write-accepted');
    expect(v.summary).toBe(
      'Stale write accepted: A’s write to result.csv was accepted at 20.000 s, after the store had already accepted B’s write at 15.000 s: order broken, an older lease’s write landed on a newer one’s (the lock service numbered A’s lease 33 and B’s 34; neither write carried a token).',
    );
  });

  it('a write from a node that never held a lease, after an accepted one, is stale', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        write('write-accepted', 1, 'A', 33, null, 33),
        write('write-accepted', 2, 'C', null, 33),
      ),
    );
    expect(v.kind).toBe('stale-write-accepted');
    expect(v.summary).toContain(
      '(the lock service numbered A’s lease 33, C held no lease; C’s write carried no token)',
    );
  });
});

describe('judge: a deposed holder’s write that broke no order', () => {
  const early = trace(
    grant(0, 'A', 33),
    grant(10_800, 'B', 34),
    write('write-accepted', 13_140, 'A', 33, null, 33),
    write('write-accepted', 15_830, 'B', 34, 33, 34),
  );

  it('deposed-write-accepted: landed after B was granted 34 but before B’s first write, so in token order; reported, not "no stale write"', () => {
    const v = judge(early);
    expect(v).toMatchObject({ kind: 'deposed-write-accepted', ok: true, decidedBy: 2 });
    expect(v.summary).toBe(
      'Deposed write accepted (no newer write yet): A’s write to result.csv with token 33 was accepted at 13.140 s, after the lock service had granted B token 34 at 10.800 s: A had been deposed. The store had accepted no write with a newer token for result.csv yet, so the writes it accepted stayed in token order (all that a highest-seen token check would promise); yet A’s write landed after the lease had passed to B. In the end result.csv holds B’s write with token 34.',
    );
    expect(v.findings).toEqual([
      expect.objectContaining({
        kind: 'deposed-write-accepted',
        decidedBy: 2,
        write: expect.objectContaining({ writer: 'A', leaseToken: 33, token: 33, accepted: true }) as unknown,
        newer: { holder: 'B', token: 34, seq: 1, t: 10_800 },
      }),
    ]);
  });

  it('the same write after B’s is order broken; both of A’s writes are reported', () => {
    const v = judge(
      trace(...(early.map(({ seq: _, ...e }) => e) as Draft[]), write('write-accepted', 20_000, 'A', 33, 34, 33)),
    );
    expect(v.kind).toBe('stale-write-accepted');
    expect(kinds(v)).toEqual(['stale-write-accepted', 'no-progress', 'deposed-write-accepted']);
    expect(v.summary).toContain(
      'Also, deposed write accepted (no newer write yet): A’s write to result.csv with token 33 was accepted at 13.140 s',
    );
  });

  it('a deposed write without a token reads naturally for sandbox 1: grants numbered 33 and 34, the write carried no token', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_800, 'B', 34),
        write('write-accepted', 13_140, 'A', 33, null),
        write('write-accepted', 15_830, 'B', 34, 33),
      ),
    );
    expect(v.kind).toBe('deposed-write-accepted');
    expect(v.summary).toBe(
      'Deposed write accepted (no newer write yet): A’s write to result.csv was accepted at 13.140 s, after the lock service had granted B token 34 at 10.800 s: A had been deposed (the lock service numbered A’s lease 33; A’s write carried no token). The store had accepted no write under a newer lease for result.csv yet, so the writes it accepted stayed in the order of the lock service’s grants; yet A’s write landed after the lease had passed to B. In the end result.csv holds B’s write (the lock service numbered B’s lease 34; B’s write carried no token).',
    );
    expect(v.summary).not.toMatch(/with token|A’s token|token order/);
  });

  it('a deposed write carrying another value (a wall-clock stamp) names both the stamp and the lease', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_800, 'B', 34),
        write('write-accepted', 13_140, 'A', 33, null, 5_012.25),
        write('write-accepted', 15_830, 'B', 34, 33, 9_876),
      ),
    );
    expect(v.findings[0]!.sentence).toContain('A’s write to result.csv carrying token 5012.3 was accepted at 13.140 s');
    expect(v.findings[0]!.sentence).toContain('(the lock service numbered A’s lease 33; A’s write carried 5012.3)');
  });

  it('a write that lands while its writer still holds the newest lease is not deposed', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        write('write-accepted', 5_000, 'A', 33, null, 33),
        grant(6_000, 'B', 34),
        write('write-accepted', 11_000, 'B', 34, 33, 34),
      ),
    );
    expect(v).toMatchObject({ kind: 'no-stale-write', ok: true, decidedBy: 3 });
    expect(v.summary).toBe(
      'No stale write in this run: no write from a deposed holder reached the store. In the end result.csv holds B’s write with token 34.',
    );
  });
});

describe('judge: refused writes', () => {
  it('stale-write-rejected: the refused token really was stale, and the leader’s write is what remains', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-accepted', 15_000, 'B', 34, null, 34),
        write('write-rejected', 20_000, 'A', 33, 34, 33, 'token 33 < highest 34'),
      ),
    );
    expect(v).toMatchObject({ kind: 'stale-write-rejected', ok: true, decidedBy: 3 });
    expect(v.summary).toBe(
      'Stale write rejected: A’s write to result.csv with token 33 was refused at 20.000 s (token 33 < highest 34); it was stale, since the lock service had granted B token 34 at 10.000 s: A had been deposed. In the end result.csv holds B’s write with token 34.',
    );
    expect(v.findings[0]).toMatchObject({
      write: { writer: 'A', leaseToken: 33, accepted: false },
      newer: { holder: 'B', token: 34 },
    });
  });

  it('the leader’s own same-token second write refused by `token <= highest` is no progress, never "stale write rejected"', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-accepted', 10_010, 'B', 34, null, 34),
        write('write-rejected', 15_000, 'B', 34, 34, 34, 'token 34 is not newer than 34'),
        write('write-rejected', 20_000, 'A', 33, 34, 33, 'token 33 is not newer than 34'),
      ),
    );
    expect(v).toMatchObject({ kind: 'no-progress', ok: false, decidedBy: 3 });
    expect(v.summary).toBe(
      'No progress: the store refused B’s write to result.csv with token 34 at 15.000 s (token 34 is not newer than 34), yet token 34 was the newest the lock service had granted: the store turned away the current leader, not a stale writer. Also, stale write rejected: A’s write to result.csv with token 33 was refused at 20.000 s (token 33 is not newer than 34); it was stale, since the lock service had granted B token 34 at 10.000 s: A had been deposed.',
    );
    expect(kinds(v)).toEqual(['no-progress', 'stale-write-rejected']);
  });

  it('a refused write from the holder of the newest lease is a progress failure even if a later leader lands', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        write('write-rejected', 5_000, 'A', 33, null, 33, 'no'),
        grant(6_000, 'B', 34),
        write('write-accepted', 11_000, 'B', 34, null, 34),
      ),
    );
    expect(v).toMatchObject({ kind: 'no-progress', decidedBy: 1 });
    expect(kinds(v)).toEqual(['no-progress']);
  });
});

describe('judge: progress', () => {
  it('no-progress: a store that rejects everything is safe but useless', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-rejected', 15_000, 'B', 34, null, 34, 'no'),
        write('write-rejected', 20_000, 'A', 33, null, 33, 'no'),
      ),
    );
    expect(v).toMatchObject({ kind: 'no-progress', ok: false, decidedBy: 2 });
    expect(kinds(v)).toEqual(['no-progress', 'no-progress', 'stale-write-rejected']);
    expect(v.findings[1]!.sentence).toBe(
      'no write to result.csv was accepted; the newest lease granted was B’s, token 34.',
    );
  });

  it('no-progress: the key ends up with an older leader’s data', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        write('write-accepted', 5_000, 'A', 33, null, 33),
        grant(6_000, 'B', 34),
        write('write-rejected', 11_000, 'B', 34, 33, 34, 'wrong'),
      ),
    );
    expect(v).toMatchObject({ kind: 'no-progress', decidedBy: 3 });
    expect(v.findings[1]).toMatchObject({
      kind: 'no-progress',
      decidedBy: 1,
      sentence:
        'result.csv ends holding A’s write with token 33 rather than a write from B under the newest lease, token 34.',
    });
  });

  it('no-progress: nothing was written', () => {
    const v = judge(trace(grant(0, 'A', 33)));
    expect(v).toMatchObject({
      kind: 'no-progress',
      decidedBy: 0,
      summary: 'No progress: no write reached the store; the newest lease granted was A’s, token 33.',
    });
  });

  it('no-progress: nothing was ever granted', () => {
    expect(judge(trace({ kind: 'start', t: 0, node: 'A' }))).toEqual({
      kind: 'no-progress',
      ok: false,
      summary: 'No progress: no lease was ever granted.',
      findings: [{ kind: 'no-progress', sentence: 'no lease was ever granted.' }],
    });
  });
});

describe('judge: the verdict', () => {
  it('error beats everything, and carries the reader’s message and location', () => {
    const v = judge(
      trace(grant(0, 'A', 33), write('write-accepted', 1, 'A', 33, null), write('write-accepted', 2, 'A', null, 33), {
        kind: 'error',
        t: 3,
        node: 'store',
        message: 'boom',
        file: 'store.ts',
        line: 4,
      }),
    );
    expect(v).toMatchObject({
      kind: 'error',
      ok: false,
      summary: 'Error on store (store.ts line 4): boom',
      decidedBy: 3,
      error: { message: 'boom', file: 'store.ts', line: 4 },
    });
    expect(kinds(v)).toEqual(['error']);
  });

  it('the primary verdict is the first finding in VERDICT_KINDS order, and its ok comes from VERDICT_INFO', () => {
    const traces = [
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-rejected', 15_000, 'B', 34, null, 34, 'no'),
        write('write-accepted', 16_000, 'A', 33, null, 33),
      ),
      trace(
        grant(0, 'A', 33),
        grant(10_000, 'B', 34),
        write('write-accepted', 12_000, 'A', 33, null, 33),
        write('write-accepted', 15_000, 'B', 34, 33, 34),
        write('write-rejected', 20_000, 'A', 33, 34, 33),
      ),
    ];
    for (const t of traces) {
      const v = judge(t);
      const ranks = v.findings.map((f) => VERDICT_KINDS.indexOf(f.kind));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(v.kind).toBe(v.findings[0]!.kind);
      expect(v.ok).toBe(VERDICT_INFO[v.kind].ok);
    }
    expect(judge(traces[1]!)).toMatchObject({ kind: 'deposed-write-accepted' });
    expect(kinds(judge(traces[1]!))).toEqual(['deposed-write-accepted', 'stale-write-rejected']);
  });

  it('reads only the trace: judging twice, or a copy, gives the same verdict', () => {
    const t = trace(grant(0, 'A', 33), write('write-accepted', 5, 'A', 33, null, 33));
    expect(judge(structuredClone(t))).toEqual(judge(t));
  });
});
