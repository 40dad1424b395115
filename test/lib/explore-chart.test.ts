// The explore chart’s model: counts in words, bars on a round scale, examples worth replaying first,
// and one column (with its meaning) per verdict kind of the kit’s list.
import { describe, expect, it } from 'vitest';
import { chartModel, chartRow, formatCount, formatPercent, VERDICT_LEGEND } from '../../src/lib/explore-chart.ts';
import { VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import type { ExploreResult } from '../../sandboxes/kit/types.ts';

function result(stale: number, total: number, extra: Partial<ExploreResult['counts']> = {}): ExploreResult {
  const counts = {
    error: 0,
    'stale-write-accepted': stale,
    'lost-update': 0,
    'no-progress': 0,
    'deposed-write-accepted': 0,
    'stale-write-rejected': 0,
    'no-stale-write': 0,
    ...extra,
  };
  counts['no-stale-write'] =
    total -
    stale -
    counts['deposed-write-accepted'] -
    counts['stale-write-rejected'] -
    counts['lost-update'] -
    counts['no-progress'] -
    counts.error;
  return {
    baseSeed: 7,
    from: 0,
    to: total,
    counts,
    staleWriteRate: stale / total,
    examples: {
      'stale-write-accepted': stale
        ? [
            { index: 4, seed: 111 },
            { index: 9, seed: 222 },
          ]
        : [],
      'stale-write-rejected': counts['stale-write-rejected'] ? [{ index: 1, seed: 333 }] : [],
      'deposed-write-accepted': counts['deposed-write-accepted'] ? [{ index: 2, seed: 555 }] : [],
      'no-stale-write': [{ index: 0, seed: 444 }],
      'lost-update': counts['lost-update'] ? [{ index: 3, seed: 666 }] : [],
      'no-progress': [],
      error: [],
    },
  };
}

describe('explore chart model', () => {
  it('counts lost updates as unsafe: in the sentence, the bar and the summary', () => {
    const row = chartRow({ name: 'writes-only', result: result(0, 10_000, { 'lost-update': 250 }) });
    expect(row.sentence).toBe('0 of 10,000 schedules accepted a stale write (0%); 250 lost an update (2.5%)');
    expect(row).toMatchObject({ lost: 250, rate: 0.025, safe: false });
    expect(chartModel([{ name: 'writes-only', result: result(0, 10_000, { 'lost-update': 250 }) }]).summary).toBe(
      'No variant accepted a stale write in 10,000 schedules. An update was lost in some schedule of writes-only.',
    );
  });

  it('writes the counts out in words', () => {
    expect(chartRow({ name: 'ttl-x3', result: result(212, 1000) }).sentence).toBe(
      '212 of 1,000 schedules accepted a stale write (21.2%)',
    );
    expect(chartRow({ name: 'token-check', result: result(0, 10000, { 'stale-write-rejected': 567 }) }).sentence).toBe(
      '0 of 10,000 schedules accepted a stale write (0%)',
    );
    expect(chartRow({ name: 'x', result: result(3, 10000) }).percent).toBe('< 0.1%');
    expect(chartRow({ name: 'x', result: result(1, 1) }).sentence).toBe(
      '1 of 1 schedule accepted a stale write (100%)',
    );
  });

  it('computes rates from the counts and scales bars to a round maximum', () => {
    const m = chartModel([
      { name: 'no-fix', result: result(58, 1000) },
      { name: 'ttl-x3', result: result(10, 1000) },
      { name: 'token-check', result: result(0, 1000, { 'stale-write-rejected': 60 }) },
    ]);
    expect(m.rows.map((r) => r.rate)).toEqual([0.058, 0.01, 0]);
    expect(m.scale).toBe(0.1);
    expect(m.scaleLabel).toBe('0 – 10% of schedules');
    expect(m.rows[0]!.width).toBeCloseTo(58);
    expect(m.rows[1]!.width).toBeCloseTo(10);
    expect(m.rows[2]!.width).toBe(0);
    expect(m.rows.map((r) => r.safe)).toEqual([false, false, true]);
    expect(m.summary).toBe('2 of 3 versions accepted a stale write in some schedule: no-fix, ttl-x3.');
  });

  it('orders examples: stale writes accepted first, then deposed writes accepted, then rejected, then the rest', () => {
    const r = chartRow({
      name: 'v',
      result: result(2, 100, { 'stale-write-rejected': 1, 'deposed-write-accepted': 3 }),
    });
    expect(r.examples.map((e) => [e.verdict, e.example.seed])).toEqual([
      ['stale-write-accepted', 111],
      ['stale-write-accepted', 222],
      ['deposed-write-accepted', 555],
      ['stale-write-rejected', 333],
      ['no-stale-write', 444],
    ]);
  });

  it('says how many schedules accepted a deposed holder’s write before any newer one, beside the stale writes', () => {
    const r = chartRow({
      name: 'token-check',
      result: result(0, 10_000, { 'deposed-write-accepted': 278, 'stale-write-rejected': 580 }),
    });
    expect(r).toMatchObject({ stale: 0, deposed: 278, safe: true });
    expect(chartRow({ name: 'no-fix', result: result(580, 10_000, { 'deposed-write-accepted': 278 }) }).sentence).toBe(
      '580 of 10,000 schedules accepted a stale write (5.8%); in 278 others a deposed holder’s write was accepted before any newer one (2.8%)',
    );
    expect(r.sentence).toBe(
      '0 of 10,000 schedules accepted a stale write (0%); in 278 schedules a deposed holder’s write was accepted before any newer one (2.8%)',
    );
    expect(
      chartModel([{ name: 'token-check', result: result(0, 10_000, { 'deposed-write-accepted': 278 }) }]).summary,
    ).toBe(
      'No variant accepted a stale write in 10,000 schedules. A deposed holder’s write was accepted before any newer one in some schedule of token-check.',
    );
  });

  it('says in how many schedules the current leader’s writes did not all end up in the store (no progress), and never calls that safe', () => {
    // The etcd lesson’s starter (lease-id): random lease IDs as tokens rarely let a stale write in, but often
    // refuse the newest leader’s write. Its row must say so, not read as a clean 0%.
    const r = chartRow({
      name: 'lease-id',
      result: result(0, 1000, { 'no-progress': 431, 'stale-write-rejected': 200 }),
    });
    expect(r).toMatchObject({ stale: 0, safe: false });
    expect(r.sentence).toBe(
      '0 of 1,000 schedules accepted a stale write (0%); in 431 schedules the current leader’s writes did not all end up in the store (no progress, 43.1%)',
    );
    expect(
      chartRow({
        name: 'restore-with-bump',
        result: result(2, 1000, { 'no-progress': 1, 'deposed-write-accepted': 3 }),
      }).sentence,
    ).toBe(
      '2 of 1,000 schedules accepted a stale write (0.2%); in 1 other the current leader’s writes did not all end up in the store (no progress, 0.1%); in 3 others a deposed holder’s write was accepted before any newer one (0.3%)',
    );
    expect(
      chartModel([
        { name: 'lease-id', result: result(0, 1000, { 'no-progress': 431 }) },
        { name: 'is-owner-txn', result: result(0, 1000) },
      ]).summary,
    ).toBe(
      'No variant accepted a stale write in 1,000 schedules. The current leader’s writes did not all end up in the store (no progress) in some schedule of lease-id.',
    );
  });

  it('has one table column per verdict kind, in the kit’s order, each with its meaning in words', () => {
    expect(VERDICT_LEGEND.map((v) => v.kind)).toEqual([...VERDICT_KINDS]);
    const deposed = VERDICT_LEGEND.find((v) => v.kind === 'deposed-write-accepted')!;
    expect(deposed.label).toBe('Deposed write accepted (no newer write yet)');
    expect(deposed.meaning).toMatch(
      /^A deposed holder’s write landed after a newer lease had been granted, but before the store had accepted any write under it/,
    );
  });

  it('says so when nothing is unsafe, and handles an empty chart', () => {
    expect(chartModel([{ name: 'token-check', result: result(0, 1000) }]).summary).toBe(
      'No variant accepted a stale write in 1,000 schedules.',
    );
    expect(chartModel([]).rows).toEqual([]);
    expect(chartModel([{ name: 'a', result: result(1000, 1000) }]).scale).toBe(1);
  });

  it('formats numbers for reading', () => {
    expect(formatCount(10000)).toBe('10,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0568)).toBe('5.7%');
    expect(formatPercent(0.01)).toBe('1%');
    expect(formatPercent(1)).toBe('100%');
  });
});
