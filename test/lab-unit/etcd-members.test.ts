// The lab gives each worker of the etcd sandboxes the real etcd member whose lease IDs rank as its
// simulated member’s did: read from the simulator’s own trace of the same seed (no etcd needed here).
import { describe, expect, it } from 'vitest';
import { simulatorRanks } from '../../lab/etcd-members.ts';
import type { TraceEvent } from '../../sandboxes/kit/types.ts';
import { runSandboxFromDisk } from '../../scripts/lib/sandbox-run.ts';

const log = (node: string, text: string, seq: number) => ({ t: seq, node, seq, kind: 'log', text }) as TraceEvent;

describe('simulatorRanks', () => {
  it('reads the lesson’s run (etcd-token, seed 7) as A on a member issuing larger lease IDs than B’s', async () => {
    const { trace } = await runSandboxFromDisk('etcd-token', {});
    const ranks = simulatorRanks(trace, ['A', 'B', 'C'])!;
    expect(ranks.get('A')).toBe(0);
    expect(ranks.get('B')).toBeGreaterThan(0);
    expect(ranks.get('C')).toBeGreaterThanOrEqual(0);
  });

  it('gives two workers whose clients shared a member the same rank, and ranks by the 16-bit member prefix', () => {
    const trace = [
      log('A', 'session 30000000001 done: closed', 0),
      log('B', 'session fa1500000002 done: closed', 1),
      log('C', 'session 30000000004 done: keep-alive deadline passed', 2),
    ];
    expect(simulatorRanks(trace, ['A', 'B', 'C'])).toEqual(
      new Map([
        ['A', 1],
        ['B', 0],
        ['C', 1],
      ]),
    );
  });

  it('is null when a worker opened no session (the lab then keeps the lesson’s order)', () => {
    expect(simulatorRanks([log('A', 'session 30000000001 done: closed', 0)], ['A', 'B'])).toBeNull();
  });
});
