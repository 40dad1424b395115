// The judge on hand-built traces of the versioned store (lesson 2): a write that replaced a version
// its writer never saw is a lost update; a compare-and-set conflict is no finding by itself; a write
// that replaced exactly what its writer read is none; lesson 1’s writes (no versions) are untouched.
import { describe, expect, it } from 'vitest';
import { judge } from '../../sandboxes/kit/judge.ts';
import { VERDICT_INFO, VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import { grant, kinds, trace, write, type Draft } from './trace-builder.ts';

const read = (t: number, reader: string, leaseToken: number, version: number): Draft => ({
  kind: 'read',
  t,
  node: 'store',
  key: 'ledger',
  reader,
  leaseToken,
  version,
  value: '',
});
/** An accepted write that turned version `replaced` into `replaced + 1`, sent by a writer who had seen `basedOn`. */
const put = (
  t: number,
  writer: string,
  leaseToken: number,
  replaced: number,
  basedOn: number | null,
  extra: { token?: number; ifVersion?: number } = {},
): Draft => ({
  kind: 'write-accepted',
  t,
  node: 'store',
  key: 'ledger',
  writer,
  leaseToken,
  highest: null,
  value: `entry by ${writer}`,
  version: replaced + 1,
  replaced,
  basedOn,
  ...extra,
});
/** A write refused because the key was at `version`, not `ifVersion`. */
const conflict = (t: number, writer: string, leaseToken: number, version: number, ifVersion: number): Draft => ({
  kind: 'write-rejected',
  t,
  node: 'store',
  key: 'ledger',
  writer,
  leaseToken,
  highest: null,
  value: '',
  version,
  ifVersion,
  basedOn: ifVersion,
  reason: `version is ${version}, not ${ifVersion}`,
});

describe('judge: lost updates', () => {
  it('lost-update comes right after stale-write-accepted in the precedence, unsafe', () => {
    expect(VERDICT_KINDS.slice(0, 4)).toEqual(['error', 'stale-write-accepted', 'lost-update', 'no-progress']);
    expect(VERDICT_INFO['lost-update']).toMatchObject({ ok: false, label: 'Lost update' });
  });

  it('the deposed holder’s write lands between B’s read and B’s write: B’s write replaced a version B never read', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        read(10, 'A', 33, 0),
        grant(10_600, 'B', 34),
        read(10_611, 'B', 34, 0),
        put(13_002, 'A', 33, 0, 0, { token: 33 }),
        put(15_626, 'B', 34, 1, 0, { token: 34 }),
      ),
    );
    expect(v).toMatchObject({ kind: 'lost-update', ok: false, decidedBy: 5 });
    expect(v.summary).toBe(
      'Lost update: B’s write to ledger with token 34, accepted at 15.626 s, replaced version 1 (A’s write with token 33, accepted at 13.002 s), yet the newest version B had seen was 0: A’s update was acknowledged, then overwritten by a write computed without it. ' +
        'Also, deposed write accepted (no newer write yet): A’s write to ledger with token 33 was accepted at 13.002 s, after the lock service had granted B token 34 at 10.600 s: A had been deposed. The store had accepted no write with a newer token for ledger yet, so the writes it accepted stayed in token order (all that a highest-seen token check would promise); yet A’s write landed after the lease had passed to B.',
    );
    expect(v.findings[0]).toMatchObject({
      write: { writer: 'B', replaced: 1, basedOn: 0 },
      lost: { writer: 'A', version: 1 },
    });
    expect(kinds(v)).toEqual(['lost-update', 'deposed-write-accepted']);
  });

  it('a blind write over an existing version is a lost update: its writer had never read the key', () => {
    const v = judge(
      trace(grant(0, 'A', 33), put(1, 'A', 33, 0, null), grant(20_000, 'B', 34), put(21_000, 'B', 34, 1, null)),
    );
    expect(v.kind).toBe('lost-update');
    expect(v.findings[0]!.sentence).toContain('yet B had never read ledger: A’s update was acknowledged');
  });

  it('no lost update when the write replaced exactly the version its writer had read (A’s early write, then B reads it)', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_600, 'B', 34),
        put(10_700, 'A', 33, 0, 0, { token: 33 }),
        read(10_800, 'B', 34, 1),
        put(15_000, 'B', 34, 1, 1, { token: 34 }),
      ),
    );
    expect(v.kind).toBe('deposed-write-accepted');
    expect(kinds(v)).toEqual(['deposed-write-accepted']);
  });

  it('compare-and-set: the leader’s conflict is no finding; it re-reads and lands, and the deposed write is still reported', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_600, 'B', 34),
        put(13_002, 'A', 33, 0, 0, { ifVersion: 0 }),
        conflict(15_626, 'B', 34, 1, 0),
        read(15_642, 'B', 34, 1),
        put(15_660, 'B', 34, 1, 1, { ifVersion: 1 }),
      ),
    );
    expect(kinds(v)).toEqual(['deposed-write-accepted']);
    expect(v.ok).toBe(true);
    expect(v.summary).toContain('In the end ledger holds B’s write');
  });

  it('compare-and-set alone: the deposed holder re-reads and writes on top of the new holder’s fresh state, which is no lost update but breaks order', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_600, 'B', 34),
        put(15_000, 'B', 34, 0, 0, { ifVersion: 0 }),
        conflict(20_000, 'A', 33, 1, 0),
        read(20_010, 'A', 33, 1),
        put(20_020, 'A', 33, 1, 1, { ifVersion: 1 }),
      ),
    );
    expect(kinds(v)).toEqual(['stale-write-accepted', 'no-progress', 'stale-write-rejected']);
    expect(kinds(v)).not.toContain('lost-update');
  });

  it('a conflict refusal of a deposed holder is a stale write rejected, naming the version', () => {
    const v = judge(
      trace(
        grant(0, 'A', 33),
        grant(10_600, 'B', 34),
        put(15_000, 'B', 34, 0, 0, { ifVersion: 0 }),
        conflict(20_000, 'A', 33, 1, 0),
      ),
    );
    expect(v.kind).toBe('stale-write-rejected');
    expect(v.summary).toContain('A’s write to ledger was refused at 20.000 s (version is 1, not 0); it was stale');
  });

  it('lesson 1’s writes carry no versions: a write over another never counts as a lost update', () => {
    const v = judge(
      trace(grant(0, 'A', 33), write('write-accepted', 1, 'A', 33, null), write('write-accepted', 2, 'A', 33, 33)),
    );
    expect(v.kind).toBe('no-stale-write');
  });
});
