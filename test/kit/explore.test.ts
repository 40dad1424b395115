// Exploring schedules: fixed counts for a fixed range, exact merging of split ranges, and what the
// fencing-token variants show over 10,000 schedules.
import { describe, expect, it } from 'vitest';
import { exploreSandboxFromDisk, readMeta } from '../../scripts/sandbox.ts';
import { drawSchedule, mergeExplore, scheduleSeed } from '../../sandboxes/kit/explore.ts';
import { VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import type { ExploreResult } from '../../sandboxes/kit/types.ts';

describe('drawSchedule', () => {
  it('is a pure function of the seed, and schedule i depends only on (baseSeed, i)', () => {
    expect(drawSchedule(42)).toEqual(drawSchedule(42));
    expect(drawSchedule(42)).not.toEqual(drawSchedule(43));
    expect(scheduleSeed(7, 500)).toBe(scheduleSeed(7, 500));
  });

  it('covers pauses far shorter than the 10 s TTL as well as much longer ones, drops and skew', () => {
    const schedules = Array.from({ length: 2_000 }, (_, i) => drawSchedule(scheduleSeed(1, i)));
    const pauses = schedules.map((s) => s.pause!.ms);
    expect(Math.min(...pauses)).toBeLessThan(200);
    expect(Math.max(...pauses)).toBeGreaterThan(30_000);
    expect(pauses.filter((ms) => ms < 10_000).length).toBeGreaterThan(1_000);
    expect(schedules.some((s) => s.dropRate! > 0)).toBe(true);
    expect(new Set(schedules.map((s) => s.pause!.node))).toEqual(new Set(['A', 'B']));
    expect(schedules.every((s) => Math.abs(s.clockSkewMs!.A!) <= 10_000)).toBe(true);
  });
});

describe('explore', () => {
  it('gives fixed counts for a fixed range and base seed', async () => {
    const result = await exploreSandboxFromDisk('fencing-token', { n: 2_000, baseSeed: 7 });
    expect(result.counts).toEqual({ error: 0, 'stale-write-accepted': 120, 'lost-update': 0, 'no-progress': 0, 'deposed-write-accepted': 47, 'stale-write-rejected': 0, 'no-stale-write': 1_833 });
    expect(Object.keys(result.counts)).toEqual([...VERDICT_KINDS]);
    expect(result.staleWriteRate).toBe(0.06);
    expect(result.examples['stale-write-accepted'].map((e) => e.index)).toEqual([2, 29, 123]);
    expect(result.examples['stale-write-accepted'][0]!.seed).toBe(scheduleSeed(7, 2));
  });

  it('splitting a range, in any order, merges to exactly the one-pass result', async () => {
    const whole = await exploreSandboxFromDisk('fencing-token', { n: 3_000, baseSeed: 11 });
    const cuts = [0, 450, 1_999, 3_000];
    const parts = await Promise.all(cuts.slice(1).map((to, k) => exploreSandboxFromDisk('fencing-token', { n: 3_000, baseSeed: 11, from: cuts[k], to })));
    expect(mergeExplore(parts.reverse())).toEqual(whole);
  });

  it('refuses to merge parts of different explorations', async () => {
    const a = await exploreSandboxFromDisk('fencing-token', { n: 10, baseSeed: 1 });
    const b = await exploreSandboxFromDisk('fencing-token', { n: 10, baseSeed: 2 });
    expect(() => mergeExplore([a, b])).toThrow(/different base seeds/);
  });
});

describe('fencing-token variants over 10,000 schedules', async () => {
  const { variants = [] } = await readMeta('fencing-token');
  const results = new Map<string, ExploreResult>();
  const rates = new Map<string, number>();
  for (const { name } of variants) {
    const result = await exploreSandboxFromDisk('fencing-token', { n: 10_000, baseSeed: 7, variant: name });
    results.set(name, result);
    rates.set(name, result.counts['stale-write-accepted']);
  }

  it('lists the six variants', () => {
    expect([...rates.keys()]).toEqual(['no-fix', 'ttl-x3', 'check-lease-before-put', 'keep-alive-onlost', 'wall-clock-tokens', 'token-check']);
  });

  it('token-check never accepts a stale write, and always makes progress (drops and all)', () => {
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
  });

  it.each(['ttl-x3', 'check-lease-before-put', 'keep-alive-onlost', 'wall-clock-tokens'])('%s narrows the window but does not close it', (name) => {
    expect(rates.get(name)).toBeGreaterThan(0);
    expect(rates.get(name)).toBeLessThan(rates.get('no-fix')!);
  });
});
