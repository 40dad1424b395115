import { describe, expect, it } from 'vitest';
import { formatLog, traceToLog } from '../../sandboxes/kit/log.ts';
import type { TraceEvent } from '../../sandboxes/kit/types.ts';

const events: TraceEvent[] = [
  { t: 1, node: 'lock', seq: 0, kind: 'grant', key: 'job-leader', holder: 'A', token: 33, expiresAt: 10_001 },
  { t: 2_000, node: 'A', seq: 1, kind: 'pause-start', until: 20_000 },
  { t: 10_001, node: 'A', seq: 2, kind: 'send', to: 'lock', msg: 'renew job-leader', id: 7 },
  {
    t: 15_000,
    node: 'store',
    seq: 3,
    kind: 'write-accepted',
    key: 'result.csv',
    writer: 'B',
    token: 34,
    leaseToken: 34,
    highest: null,
    value: 'x',
  },
  {
    t: 20_002,
    node: 'store',
    seq: 4,
    kind: 'write-rejected',
    key: 'result.csv',
    writer: 'A',
    token: 33,
    leaseToken: 33,
    highest: 34,
    value: 'y',
    reason: 'token 33 < highest 34',
  },
];

describe('traceToLog / formatLog', () => {
  it('words each event, and leaves sends and receives out unless asked', () => {
    const rows = traceToLog(events);
    expect(rows.map((r) => r.message)).toEqual([
      'lease job-leader granted to A, token 33, expires at 10.001 s',
      'A paused until 20.000 s: it runs nothing',
      'put result.csv from B accepted (token 34)',
      'put result.csv from A rejected: token 33 < highest 34',
    ]);
    expect(rows[1]).toEqual({
      t: 2_000,
      node: 'A',
      message: 'A paused until 20.000 s: it runs nothing',
      seq: 1,
      kind: 'pause-start',
    });
    expect(traceToLog(events, { network: true })).toHaveLength(5);
  });

  it('aligns time and node columns', () => {
    expect(formatLog(traceToLog(events))).toBe(
      [
        ' 0.001 s  lock   lease job-leader granted to A, token 33, expires at 10.001 s',
        ' 2.000 s  A      A paused until 20.000 s: it runs nothing',
        '15.000 s  store  put result.csv from B accepted (token 34)',
        '20.002 s  store  put result.csv from A rejected: token 33 < highest 34',
      ].join('\n'),
    );
  });
});
