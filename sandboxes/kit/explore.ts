// Exploring: run a scenario over many schedules drawn from one base seed and count the verdicts.
// Schedule i depends only on (baseSeed, i), so a range split across workers and merged gives
// exactly the totals and examples of one pass over the whole range.
import { between, deriveSeed, mulberry32 } from './random.ts';
import { VERDICT_KINDS } from './types.ts';
import type { ExploreExample, ExploreResult, RunOptions, RunResult, ScheduleOverrides, VerdictKind } from './types.ts';

export type RunFn = (options: RunOptions) => Promise<RunResult>;

export interface ExploreOptions {
  /** Size of the whole range. */
  n: number;
  baseSeed: number;
  /** This part of the range: schedules [from, to). Defaults to all of it. */
  from?: number;
  to?: number;
}

/** How many example schedules are kept per verdict. */
export const EXAMPLES_PER_VERDICT = 3;

/** Counts and examples are kept per kind, in the kit's order of precedence. */
const VERDICTS: readonly VerdictKind[] = VERDICT_KINDS;

/**
 * The schedule that exploring pairs with `seed`: who pauses, when and for how long (from 0.1 s,
 * far below the TTL, to 40 s), network latency and drops, and each worker's clock skew.
 */
export function drawSchedule(seed: number): ScheduleOverrides {
  const rng = mulberry32(seed ^ 0x5ced51de); // a stream apart from the run's own, which uses `seed`
  const node = rng() < 0.8 ? 'A' : 'B';
  const at = Math.round(between(rng, 0, 12_000));
  // Log-uniform, rounded to whole ms: engines may differ in exp()'s last bit, never in the result.
  const ms = Math.round(Math.exp(between(rng, Math.log(100), Math.log(40_000))));
  const minLatency = between(rng, 0.5, 5);
  const latencyMs: [number, number] = [minLatency, minLatency + between(rng, 0, 50)];
  const dropRate = rng() < 0.7 ? 0 : between(rng, 0, 0.05);
  const clockSkewMs = { A: Math.round(between(rng, -10_000, 10_000)), B: Math.round(between(rng, -10_000, 10_000)) };
  return { pause: { node, at, ms }, latencyMs, dropRate, clockSkewMs };
}

export function scheduleSeed(baseSeed: number, index: number): number {
  return deriveSeed(baseSeed, index);
}

function empty<T>(make: () => T): Record<VerdictKind, T> {
  return Object.fromEntries(VERDICTS.map((v) => [v, make()])) as Record<VerdictKind, T>;
}

export async function explore(run: RunFn, { n, baseSeed, from = 0, to = n }: ExploreOptions): Promise<ExploreResult> {
  const counts = empty(() => 0);
  const examples = empty((): ExploreExample[] => []);
  for (let index = from; index < to; index++) {
    const seed = scheduleSeed(baseSeed, index);
    const { verdict } = await run({ seed, schedule: drawSchedule(seed) });
    counts[verdict.kind]++;
    if (examples[verdict.kind].length < EXAMPLES_PER_VERDICT) examples[verdict.kind].push({ index, seed });
  }
  return finish(baseSeed, from, to, counts, examples);
}

/** Parts of one range (same base seed, any order) → the result of exploring their union at once. */
export function mergeExplore(parts: readonly ExploreResult[]): ExploreResult {
  if (parts.length === 0) throw new Error('mergeExplore: nothing to merge');
  const baseSeed = parts[0]!.baseSeed;
  if (parts.some((p) => p.baseSeed !== baseSeed)) throw new Error('mergeExplore: parts come from different base seeds');
  const counts = empty(() => 0);
  const examples = empty((): ExploreExample[] => []);
  for (const part of parts) {
    for (const v of VERDICTS) {
      counts[v] += part.counts[v];
      examples[v].push(...part.examples[v]);
    }
  }
  for (const v of VERDICTS) examples[v] = examples[v].sort((a, b) => a.index - b.index).slice(0, EXAMPLES_PER_VERDICT);
  return finish(baseSeed, Math.min(...parts.map((p) => p.from)), Math.max(...parts.map((p) => p.to)), counts, examples);
}

function finish(baseSeed: number, from: number, to: number, counts: Record<VerdictKind, number>, examples: Record<VerdictKind, ExploreExample[]>): ExploreResult {
  const total = VERDICTS.reduce((sum, v) => sum + counts[v], 0);
  return { baseSeed, from, to, counts, staleWriteRate: total ? counts['stale-write-accepted'] / total : 0, examples };
}
