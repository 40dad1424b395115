// Property tests of the judge over thousands of real runs: schedules drawn as Explore draws them,
// mixed with pauses chosen so the deposed leader’s write lands early (before the new holder’s first
// write). Each property is checked against the trace itself, not against the judge’s own word.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSandbox } from '../../scripts/lib/sandbox-run.ts';
import { drawSchedule } from '../../sandboxes/kit/explore.ts';
import type { RunResult, ScheduleOverrides, TraceEvent } from '../../sandboxes/kit/types.ts';

type Write = Extract<TraceEvent, { kind: 'write-accepted' | 'write-rejected' }>;
const RUNS = 10_000;

/**
 * Half drawn as Explore draws them; half with A paused early for about a TTL (9-14 s from 1.5-2.5 s in),
 * so its work finishes after B was granted the lease but often before B’s own work does.
 */
const schedules = fc.oneof(
  fc.nat({ max: 0xffffffff }).map((seed) => ({ seed, schedule: drawSchedule(seed) })),
  fc
    .record({
      seed: fc.nat({ max: 0xffffffff }),
      at: fc.integer({ min: 1_500, max: 2_500 }),
      ms: fc.integer({ min: 9_000, max: 14_000 }),
    })
    .map(({ seed, at, ms }): { seed: number; schedule: ScheduleOverrides } => ({
      seed,
      schedule: { pause: { node: 'A', at, ms } },
    })),
);

/** From the trace alone: accepted writes that landed after a newer token was granted, and whether each broke order. */
function deposedWrites(trace: readonly TraceEvent[]): { write: Write; newest: number; broke: boolean }[] {
  let newest = -Infinity;
  const highest = new Map<string, number>();
  const out: { write: Write; newest: number; broke: boolean }[] = [];
  for (const e of trace) {
    if (e.kind === 'grant') newest = Math.max(newest, e.token);
    if (e.kind !== 'write-accepted') continue;
    const mine = e.leaseToken ?? -Infinity;
    const top = highest.get(e.key) ?? -Infinity;
    if (mine < newest) out.push({ write: e, newest, broke: mine < top });
    highest.set(e.key, Math.max(top, mine));
  }
  return out;
}

describe(`the store’s token check over ${RUNS.toLocaleString('en')} schedules`, () => {
  it('accepts nothing out of token order, reports every deposed accepted write, and the leader makes progress', async () => {
    const { run } = await loadSandbox('fencing-token', { solution: true });
    let early = 0;
    await fc.assert(
      fc.asyncProperty(schedules, async ({ seed, schedule }) => {
        const { trace, verdict }: RunResult = await run({ seed, schedule });
        // Order at the store: per key, accepted lease tokens never go down.
        const seen = new Map<string, number>();
        for (const e of trace) {
          if (e.kind !== 'write-accepted') continue;
          expect(
            e.leaseToken,
            `seq ${e.seq}: ${e.writer}’s write under ${e.leaseToken} after ${seen.get(e.key)}`,
          ).toBeGreaterThanOrEqual(seen.get(e.key) ?? -Infinity);
          seen.set(e.key, e.leaseToken!);
        }
        expect(verdict.kind).not.toBe('stale-write-accepted');
        // Every deposed accepted write is a finding naming the writer, its token and the newer token.
        for (const { write, newest } of deposedWrites(trace)) {
          early++;
          const finding = verdict.findings.find((f) => f.write?.seq === write.seq);
          expect(finding).toMatchObject({
            kind: 'deposed-write-accepted',
            write: { writer: write.writer, leaseToken: write.leaseToken },
            newer: { token: newest },
          });
          expect(finding!.sentence).toContain(`${write.writer}’s write to ${write.key} with token ${write.leaseToken}`);
          expect(finding!.sentence).toContain(`token ${newest}`);
        }
        // Progress: the key ends holding the write of the newest lease’s holder, under that lease.
        expect(['deposed-write-accepted', 'stale-write-rejected', 'no-stale-write']).toContain(verdict.kind);
        const grants = trace.filter((e) => e.kind === 'grant');
        const leader = grants.reduce((a, b) => (b.token > a.token ? b : a));
        const last = trace.filter((e): e is Write => e.kind === 'write-accepted').at(-1);
        expect(last).toMatchObject({ writer: leader.holder, leaseToken: leader.token });
        // "Stale write rejected" only for tokens that really were stale.
        if (verdict.kind === 'stale-write-rejected') {
          const refused = trace.find((e) => e.seq === verdict.decidedBy) as Write;
          const newestThen = Math.max(...grants.filter((g) => g.seq < refused.seq).map((g) => g.token));
          expect(refused.leaseToken!).toBeLessThan(newestThen);
        }
      }),
      { numRuns: RUNS },
    );
    // The schedules really exercised the case: deposed writes that landed in token order.
    expect(early).toBeGreaterThan(RUNS / 20);
  }, 600_000);

  it('without tokens (sandbox 1’s starter), every deposed accepted write is still reported, and never said to carry a token', async () => {
    const { run } = await loadSandbox('acquire-then-write');
    let early = 0;
    await fc.assert(
      fc.asyncProperty(schedules, async ({ seed, schedule }) => {
        const { trace, verdict } = await run({ seed, schedule });
        for (const { write, newest, broke } of deposedWrites(trace)) {
          const finding = verdict.findings.find((f) => f.write?.seq === write.seq && f.kind !== 'no-progress');
          expect(finding).toMatchObject({
            kind: broke ? 'stale-write-accepted' : 'deposed-write-accepted',
            write: { writer: write.writer, leaseToken: write.leaseToken },
          });
          expect(finding!.sentence).toMatch(
            new RegExp(`${write.writer}’s write carried no token|neither write carried a token`),
          );
          expect(finding!.sentence).not.toMatch(/with token/);
          if (!broke) {
            early++;
            expect(finding!.sentence).toContain(`token ${newest}`);
          }
        }
      }),
      { numRuns: 2_000 },
    );
    expect(early).toBeGreaterThan(50);
  }, 600_000);
});
