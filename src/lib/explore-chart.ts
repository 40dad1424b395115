// ExploreResults → the facts the explore panel draws: one row per variant with its stale-write
// count, rate, bar length and a sentence that says it all in words (including deposed holders'
// writes accepted before any newer one). Pure (no DOM), tested directly; the panel renders rows as CSS
// bars plus a data table with one column per verdict kind (the kit's VERDICT_KINDS), never colour
// or length alone.
import { VERDICT_INFO, VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import type { ExploreExample, ExploreResult, VerdictKind } from '../../sandboxes/kit/types.ts';

/** Every kind, in precedence order, with its label and what it means: the table's columns and legend. */
export const VERDICT_LEGEND: readonly { kind: VerdictKind; label: string; meaning: string }[] = VERDICT_KINDS.map(
  (kind) => ({
    kind,
    label: VERDICT_INFO[kind].label,
    meaning: VERDICT_INFO[kind].meaning.charAt(0).toUpperCase() + VERDICT_INFO[kind].meaning.slice(1),
  }),
);

/** Examples worth replaying first: failures, then deposed and rejected writes; an error last, a quiet run never first. */
const EXAMPLE_ORDER: readonly VerdictKind[] = [...VERDICT_KINDS.filter((k) => k !== 'error'), 'error'];

export interface ChartInput {
  /** The variant's name ('ttl-x3'), or 'your code'. */
  name: string;
  result: ExploreResult;
}

export interface ChartRow {
  name: string;
  total: number;
  stale: number;
  /** Schedules whose primary verdict was a deposed holder's write accepted before any newer write. */
  deposed: number;
  /** Schedules whose primary verdict was a lost update (lesson 2's versioned store; 0 elsewhere). */
  lost: number;
  /** Unsafe schedules (stale + lost) / total, 0..1: the bar. */
  rate: number;
  /** '21.2%', '0%', '< 0.1%'. */
  percent: string;
  /** Bar length in % of the chart's scale (0..100). */
  width: number;
  /** '212 of 1,000 schedules accepted a stale write (21.2%)', then lost updates, no progress and deposed writes accepted before any newer one, if any. */
  sentence: string;
  counts: Record<VerdictKind, number>;
  /** The schedules worth replaying first: failures, deposed and rejected writes, then quiet runs. */
  examples: { verdict: VerdictKind; example: ExploreExample }[];
  /** Every schedule was judged safe and made progress. */
  safe: boolean;
}

export interface ChartModel {
  rows: ChartRow[];
  /** The rate the full bar length stands for (a round number at or above the largest rate). */
  scale: number;
  /** '0 – 25% of schedules'. */
  scaleLabel: string;
  /** One sentence over all rows, for the status line. */
  summary: string;
}

const SCALES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1];

export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatPercent(rate: number): string {
  if (!(rate > 0)) return '0%';
  if (rate >= 1) return '100%';
  const pct = rate * 100;
  if (pct < 0.1) return '< 0.1%';
  return `${pct.toFixed(1).replace(/\.0$/, '')}%`;
}

export function chartRow(input: ChartInput, scale = 1): ChartRow {
  const { name, result } = input;
  const counts = { ...result.counts };
  const total = VERDICT_KINDS.reduce((s, v) => s + (counts[v] ?? 0), 0);
  const stale = counts['stale-write-accepted'] ?? 0;
  const deposed = counts['deposed-write-accepted'] ?? 0;
  const lost = counts['lost-update'] ?? 0;
  const rate = total ? (stale + lost) / total : 0;
  const percent = formatPercent(rate);
  const schedules = total === 1 ? 'schedule' : 'schedules';
  const noProgress = counts['no-progress'] ?? 0;
  // Each schedule has one primary verdict, so later clauses count "others" once an earlier one counted any.
  const inSome = (n: number, before: number) =>
    `in ${formatCount(n)} ${before ? 'other' : 'schedule'}${n === 1 ? '' : 's'}`;
  const lostToo = lost ? `; ${formatCount(lost)} lost an update (${formatPercent(lost / total)})` : '';
  const stalled = noProgress
    ? `; ${inSome(noProgress, stale + lost)} the current leader’s writes did not all end up in the store (no progress, ${formatPercent(noProgress / total)})`
    : '';
  const also = deposed
    ? `; ${inSome(deposed, stale + lost + noProgress)} a deposed holder’s write was accepted before any newer one (${formatPercent(deposed / total)})`
    : '';
  const sentence = `${formatCount(stale)} of ${formatCount(total)} ${schedules} accepted a stale write (${formatPercent(total ? stale / total : 0)})${lostToo}${stalled}${also}`;
  const examples: ChartRow['examples'] = [];
  for (const verdict of EXAMPLE_ORDER) {
    for (const example of result.examples[verdict] ?? []) examples.push({ verdict, example });
  }
  return {
    name,
    total,
    stale,
    deposed,
    lost,
    rate,
    percent,
    width: scale > 0 ? Math.min(100, (rate / scale) * 100) : 0,
    sentence,
    counts,
    examples,
    safe: stale === 0 && lost === 0 && (counts['no-progress'] ?? 0) === 0 && (counts.error ?? 0) === 0,
  };
}

export function chartModel(inputs: readonly ChartInput[]): ChartModel {
  const rates = inputs.map(({ result }) => {
    const total = VERDICT_KINDS.reduce((s, v) => s + (result.counts[v] ?? 0), 0);
    return total ? ((result.counts['stale-write-accepted'] ?? 0) + (result.counts['lost-update'] ?? 0)) / total : 0;
  });
  const max = Math.max(0, ...rates);
  const scale = SCALES.find((s) => s >= max) ?? 1;
  const rows = inputs.map((input) => chartRow(input, scale));
  const unsafe = rows.filter((r) => r.stale > 0).map((r) => r.name);
  const lost = rows.filter((r) => r.lost > 0).map((r) => r.name);
  const deposed = rows.filter((r) => r.deposed > 0).map((r) => r.name);
  const stale =
    rows.length === 0
      ? 'Nothing explored yet.'
      : unsafe.length === 0
        ? `No variant accepted a stale write in ${formatCount(rows[0]!.total)} schedules.`
        : `${unsafe.length} of ${rows.length} ${rows.length === 1 ? 'version' : 'versions'} accepted a stale write in some schedule: ${unsafe.join(', ')}.`;
  const lostToo = lost.length ? ` An update was lost in some schedule of ${lost.join(', ')}.` : '';
  const stalled = rows.filter((r) => (r.counts['no-progress'] ?? 0) > 0).map((r) => r.name);
  const stalledToo = stalled.length
    ? ` The current leader’s writes did not all end up in the store (no progress) in some schedule of ${stalled.join(', ')}.`
    : '';
  const summary = `${stale}${lostToo}${stalledToo}${deposed.length ? ` A deposed holder’s write was accepted before any newer one in some schedule of ${deposed.join(', ')}.` : ''}`;
  return { rows, scale, scaleLabel: `0 – ${formatPercent(scale)} of schedules`, summary };
}
