// Exploring schedules: fixed counts for a fixed range, exact merging of split ranges, and what the
// fencing-token variants show over 10,000 schedules.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exploreInParallel, exploreSandboxFromDisk, readMeta } from '../../scripts/lib/sandbox-run.ts';
import { drawSchedule, mergeExplore, scheduleSeed } from '../../sandboxes/kit/explore.ts';
import { VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import {
  CLOCKS,
  DROPS,
  FAULT_MODEL,
  faultModelLines,
  LATENCY,
  PARTITIONS,
  PAUSES,
  shareLongerThan,
  STALLS,
} from '../../sandboxes/kit/fault-model.ts';
import type { ExploreResult } from '../../sandboxes/kit/types.ts';

describe('drawSchedule', () => {
  it('is a pure function of the seed, and schedule i depends only on (baseSeed, i)', () => {
    expect(drawSchedule(42)).toEqual(drawSchedule(42));
    expect(drawSchedule(42)).not.toEqual(drawSchedule(43));
    expect(scheduleSeed(7, 500)).toBe(scheduleSeed(7, 500));
    expect(drawSchedule(scheduleSeed(7, 500))).toEqual(drawSchedule(scheduleSeed(7, 500)));
  });

  it('replaces the scenario’s own pause with its drawn list', () => {
    for (let i = 0; i < 100; i++) expect(drawSchedule(scheduleSeed(3, i)).pause).toBeNull();
  });

  describe('over 10,000 draws', () => {
    const schedules = Array.from({ length: 10_000 }, (_, i) => drawSchedule(scheduleSeed(7, i)));
    const pauses = schedules.flatMap((s) => s.pauses!);
    const stalls = schedules.flatMap((s) => s.stalls!);
    const partitions = schedules.flatMap((s) => s.partitions!);
    const jumps = schedules.flatMap((s) => s.clockJumps!);
    const share = <T>(xs: readonly T[], f: (x: T) => boolean) => xs.filter(f).length / xs.length;

    it('pauses are heavy-tailed: most far under a second, some minutes long, none outside 0.1 ms to 1 h', () => {
      const ms = pauses.map((p) => p.ms);
      expect(Math.min(...ms)).toBeGreaterThanOrEqual(PAUSES.length.minMs);
      expect(Math.max(...ms)).toBeLessThanOrEqual(PAUSES.length.maxMs);
      expect(share(ms, (x) => x < 1_000)).toBeGreaterThan(0.9);
      expect(ms.filter((x) => x > 3 * 60_000).length).toBeGreaterThan(10); // pauses of minutes, far past a 60 s TTL
      expect(ms.some((x) => x > 20 * 60_000)).toBe(true);
      // The drawn shares match the distribution FAULT_MODEL describes.
      for (const x of [1, 1_000, 60_000])
        expect(share(ms, (m) => m > x)).toBeCloseTo(shareLongerThan(PAUSES.length, x), 2);
      expect(new Set(pauses.map((p) => p.node))).toEqual(new Set(['A', 'B']));
    });

    it('runs have zero, one or several pauses', () => {
      const counts = new Set(schedules.map((s) => s.pauses!.length));
      for (const k of [0, 1, 2, 3, 4]) expect(counts).toContain(k);
    });

    it('links stall one way for up to 10 min, some longer than GitHub’s 90 s', () => {
      expect(stalls.length).toBeGreaterThan(8_000);
      expect(stalls.every((s) => s.ms >= STALLS.length.minMs && s.ms <= STALLS.length.maxMs)).toBe(true);
      expect(stalls.filter((s) => s.ms > 90_000).length).toBeGreaterThan(50);
      expect(stalls.some((s) => s.from === 'A' && s.to === 'store')).toBe(true);
      expect(stalls.some((s) => s.from === 'lock' && s.to === 'B')).toBe(true);
    });

    it('partitions are drawn in about one run in four, between a worker and a service', () => {
      expect(share(schedules, (s) => s.partitions!.length > 0)).toBeCloseTo(PARTITIONS.probability, 1);
      expect(
        partitions.every((p) => ['A', 'B'].includes(p.a) && ['lock', 'store'].includes(p.b) && p.to > p.from),
      ).toBe(true);
    });

    it('clocks are offset, drift and step, within their bounds', () => {
      expect(
        schedules.every(
          (s) => Math.abs(s.clockSkewMs!.A!) <= CLOCKS.offsetMs && Math.abs(s.clockDriftPpm!.B!) <= CLOCKS.driftPpm,
        ),
      ).toBe(true);
      expect(schedules.some((s) => s.clockDriftPpm!.A! !== 0)).toBe(true);
      expect(jumps.length).toBeGreaterThan(3_000);
      expect(jumps.every((j) => Math.abs(j.ms) >= CLOCKS.jumpMs[0] && Math.abs(j.ms) <= CLOCKS.jumpMs[1])).toBe(true);
      expect(jumps.some((j) => j.ms < 0) && jumps.some((j) => j.ms > 0)).toBe(true);
    });

    it('lost messages and latency stay in their bounds', () => {
      expect(share(schedules, (s) => s.dropRate! > 0)).toBeCloseTo(1 - DROPS.noneShare, 1);
      expect(
        schedules.every(
          (s) =>
            s.dropRate! < DROPS.maxRate &&
            s.latencyMs![0] >= LATENCY.minMs[0] &&
            s.latencyMs![1] < LATENCY.minMs[1] + LATENCY.spreadMs[1],
        ),
      ).toBe(true);
    });
  });
});

describe('the fault model in words', () => {
  it('names every fault drawSchedule draws, with bounds and at least one source each', () => {
    expect(FAULT_MODEL.map((f) => f.fault)).toEqual([
      'Process pauses',
      'Network latency',
      'Lost messages',
      'Stalled links (long one-way delays)',
      'Partitions',
      'Clock offset',
      'Clock drift',
      'Clock steps',
    ]);
    for (const f of FAULT_MODEL) {
      expect(f.bounds).not.toBe('');
      expect(f.sources.length).toBeGreaterThan(0);
      for (const s of f.sources) expect(s.url).toMatch(/^https:\/\//);
    }
    const lines = faultModelLines().join('\n');
    expect(lines).toContain('Process pauses [0.1 ms to 1 h]');
    // The power law in words: a caret ("x^-0.3") reads as a typo on /fault-model/.
    expect(lines).toContain(`falls as x to the power −${PAUSES.length.alpha}`);
    expect(lines).not.toContain('^');
    expect(lines).toContain('https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html');
    expect(lines).toContain('https://github.blog/2012-12-26-downtime-last-saturday/');
  });
});

describe('explore', () => {
  it('gives fixed counts for a fixed range and base seed', async () => {
    const result = await exploreSandboxFromDisk('fencing-token', { n: 2_000, baseSeed: 7 });
    expect(result.counts).toEqual({
      error: 0,
      'stale-write-accepted': 27,
      'lost-update': 0,
      'no-progress': 0,
      'deposed-write-accepted': 6,
      'stale-write-rejected': 0,
      'no-stale-write': 1_967,
    });
    expect(Object.keys(result.counts)).toEqual([...VERDICT_KINDS]);
    expect(result.staleWriteRate).toBe(0.0135);
    expect(result.examples['stale-write-accepted'].map((e) => e.index)).toEqual([15, 69, 140]);
    expect(result.examples['stale-write-accepted'][0]!.seed).toBe(scheduleSeed(7, 15));
  });

  it('splitting a range, in any order, merges to exactly the one-pass result', async () => {
    const whole = await exploreSandboxFromDisk('fencing-token', { n: 3_000, baseSeed: 11 });
    const cuts = [0, 450, 1_999, 3_000];
    const parts = await Promise.all(
      cuts
        .slice(1)
        .map((to, k) => exploreSandboxFromDisk('fencing-token', { n: 3_000, baseSeed: 11, from: cuts[k], to })),
    );
    expect(mergeExplore(parts.reverse())).toEqual(whole);
  });

  it('refuses to merge parts of different explorations', async () => {
    const a = await exploreSandboxFromDisk('fencing-token', { n: 10, baseSeed: 1 });
    const b = await exploreSandboxFromDisk('fencing-token', { n: 10, baseSeed: 2 });
    expect(() => mergeExplore([a, b])).toThrow(/different base seeds/);
  });
});

describe('fencing-token variants over 10,000 schedules', async () => {
  const { variants = [] } = readMeta('fencing-token');
  const results = new Map<string, ExploreResult>();
  const rates = new Map<string, number>();
  for (const { name } of variants) {
    const result = await exploreSandboxFromDisk('fencing-token', { n: 10_000, baseSeed: 7, variant: name });
    results.set(name, result);
    rates.set(name, result.counts['stale-write-accepted']);
  }

  it('lists the six variants', () => {
    expect([...rates.keys()]).toEqual([
      'no-fix',
      'ttl-x3',
      'check-lease-before-put',
      'keep-alive-onlost',
      'wall-clock-tokens',
      'token-check',
    ]);
  });

  it('token-check never accepts a stale write, and no run errs (hour-long pauses fit in the run)', () => {
    const { counts } = results.get('token-check')!;
    expect(counts['stale-write-accepted']).toBe(0);
    expect(counts['stale-write-rejected']).toBe(rates.get('no-fix'));
    expect(counts['deposed-write-accepted'] + counts['stale-write-rejected'] + counts['no-stale-write']).toBe(10_000);
  });

  it('a deposed write that lands before the new holder’s is counted as such, the same with or without the token check', () => {
    // The check refuses only tokens below one already accepted; a deposed write that arrives first gets through it.
    const deposed = results.get('token-check')!.counts['deposed-write-accepted'];
    expect(deposed).toBeGreaterThan(0);
    expect(results.get('no-fix')!.counts['deposed-write-accepted']).toBe(deposed);
    expect(results.get('no-fix')!.counts.error).toBe(0);
  });

  it.each(['ttl-x3', 'check-lease-before-put', 'keep-alive-onlost', 'wall-clock-tokens'])(
    '%s narrows the window but does not close it',
    (name) => {
      expect(rates.get(name)).toBeGreaterThan(0);
      expect(rates.get(name)).toBeLessThan(rates.get('no-fix')!);
    },
  );

  it('no-fix accepts stale writes', () => {
    expect(rates.get('no-fix')).toBeGreaterThan(0);
  });
});

describe('a reader’s longer TTL', () => {
  it('a 60 s lease still lets stale writes through over 10,000 schedules (pauses and stalls have no cap below it)', async () => {
    const job = readFileSync(join(import.meta.dirname, '../../sandboxes/fencing-token/job.ts'), 'utf8');
    const edited = job.replace("lock.acquire('job-leader', 10_000)", "lock.acquire('job-leader', 60_000)");
    expect(edited).not.toBe(job);
    const result = await exploreSandboxFromDisk('fencing-token', {
      n: 10_000,
      baseSeed: 7,
      files: { 'job.ts': edited },
    });
    expect(result.counts['stale-write-accepted']).toBeGreaterThan(0);
    expect(result.counts.error).toBe(0);
  }, 120_000);
});

describe('the store’s token check at 100,000 schedules', () => {
  it('accepts no write out of token order (explored in worker threads)', async () => {
    const outcome = await exploreInParallel('fencing-token', { n: 100_000, baseSeed: 7, solution: true });
    expect(outcome.status).toBe('ok');
    const { counts } = (outcome as { result: ExploreResult }).result;
    expect(counts['stale-write-accepted']).toBe(0);
    expect(counts.error).toBe(0);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(100_000);
  }, 600_000);
});
