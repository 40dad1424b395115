// Exploring: run a scenario over many schedules drawn from one base seed and count the verdicts.
// Schedule i depends only on (baseSeed, i), so a range split across workers and merged gives
// exactly the totals and examples of one pass over the whole range.
import { drawFaults } from './fault-model.ts';
import { deriveSeed, mulberry32 } from './random.ts';
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
 * The schedule that exploring pairs with `seed`: pauses, latency, lost messages, stalled links,
 * partitions and clock faults, drawn as fault-model.ts describes (FAULT_MODEL says it in words).
 */
export function drawSchedule(seed: number): ScheduleOverrides {
  return drawFaults(mulberry32(seed ^ 0x5ced51de)); // a stream apart from the run's own, which uses `seed`
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

function finish(
  baseSeed: number,
  from: number,
  to: number,
  counts: Record<VerdictKind, number>,
  examples: Record<VerdictKind, ExploreExample[]>,
): ExploreResult {
  const total = VERDICTS.reduce((sum, v) => sum + counts[v], 0);
  return { baseSeed, from, to, counts, staleWriteRate: total ? counts['stale-write-accepted'] / total : 0, examples };
}
