// Numbers about explored runs for lesson prose, computed at build time with the kit's own explore()
// on the same files the Explore panel runs: a sentence like "fails in 3 of 10,000 schedules" stays
// true when the kit, the fault model or a variant changes. Used by ExploreCount.astro; pure enough
// to test without Astro (the sandbox registry is passed in).
import type { ExploreResult, VerdictKind } from '../../../sandboxes/kit/types.ts';
import type { SandboxRegistry } from '../../lib/sandbox-registry.ts';
import type { Files } from '../../lib/sandbox-files.ts';
import { explorePart, loadJob } from '../../runtime/explore-work.ts';

export interface ExploreCountSpec {
  /** Folder name under sandboxes/. */
  sandbox: string;
  /** One of the sandbox's variants (sandbox.ts), or 'starter' / 'solution' for a sandbox without any. */
  variant: string;
  /** Schedules explored. */
  n: number;
  /** Base seed; default the sandbox's defaultSeed, as the Explore panel and the CLI use. */
  baseSeed?: number;
}

/**
 * Explores a run's files somewhere faster than this thread: the build's pool of worker threads with
 * its disk cache (src/integrations/explore-pool.ts), registered on globalThis under EXPLORE_SERVICE.
 * It must return exactly what explorePart() over [0, n) returns here.
 */
export interface ExploreService {
  explore(files: Files, entry: string, o: { n: number; baseSeed: number }): Promise<ExploreResult>;
}
export const EXPLORE_SERVICE = Symbol.for('leases-and-fences:explore-service');

/** Largest n the build explores for one number (the build must stay quick). */
export const MAX_EXPLORE_COUNT_N = 100_000;

/**
 * Explores `spec` and returns the kit's result. Throws an error that names `where` (the component and
 * the page), the prop at fault and the choices, when the sandbox, the variant or n is wrong, or when
 * the variant's files fail to load.
 */
export async function exploreForProse(
  spec: ExploreCountSpec,
  registry: SandboxRegistry,
  where: string,
): Promise<ExploreResult> {
  if (!registry.has(spec.sandbox)) {
    throw new Error(
      `${where}: sandbox="${spec.sandbox}" names no sandbox (no sandboxes/${spec.sandbox}/sandbox.ts). Sandboxes: ${registry.ids.join(', ')}.`,
    );
  }
  const sandbox = registry.get(spec.sandbox);
  const { meta, versions } = sandbox;
  const version = versions.find((v) => v.name === spec.variant);
  if (!version) {
    throw new Error(
      `${where}: variant="${spec.variant}" is not a variant of sandboxes/${spec.sandbox}/sandbox.ts. Variants: ${versions.map((v) => v.name).join(', ')}.`,
    );
  }
  if (!Number.isInteger(spec.n) || spec.n < 1 || spec.n > MAX_EXPLORE_COUNT_N) {
    throw new Error(`${where}: n={${spec.n}} must be a whole number of schedules from 1 to ${MAX_EXPLORE_COUNT_N}.`);
  }
  const files = sandbox.runFiles(sandbox.changes(version));
  let job;
  try {
    job = loadJob(files, `${meta.id}/${meta.entry}`);
  } catch (err) {
    throw new Error(
      `${where}: variant "${spec.variant}" of sandboxes/${spec.sandbox} did not load: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  const baseSeed = spec.baseSeed ?? meta.defaultSeed;
  // The job loaded here all the same: a variant that does not load fails with the message above.
  const service = (globalThis as Record<symbol, ExploreService | undefined>)[EXPLORE_SERVICE];
  if (service) return service.explore(files, `${meta.id}/${meta.entry}`, { n: spec.n, baseSeed });
  return explorePart(job, { n: spec.n, baseSeed, from: 0, to: spec.n });
}

/** One build explores each (registry, spec) once, however many sentences quote it. */
const memo = new WeakMap<SandboxRegistry, Map<string, Promise<ExploreResult>>>();

export function exploreForProseOnce(
  spec: ExploreCountSpec,
  registry: SandboxRegistry,
  where: string,
): Promise<ExploreResult> {
  let bySpec = memo.get(registry);
  if (!bySpec) memo.set(registry, (bySpec = new Map<string, Promise<ExploreResult>>()));
  const key = JSON.stringify([spec.sandbox, spec.variant, spec.n, spec.baseSeed ?? null]);
  let result = bySpec.get(key);
  if (!result) {
    result = exploreForProse(spec, registry, where);
    bySpec.set(key, result);
    result.catch(() => bySpec.delete(key)); // a failed spec is reported by every caller, not cached
  }
  return result;
}

export type CountFormat = 'fraction' | 'count' | 'percent';

/** The number as prose: '3 of 10,000' (fraction), '3' (count) or '0.03 %' (percent). */
export function formatCount(count: number, n: number, format: CountFormat = 'fraction'): string {
  const nf = (x: number) => x.toLocaleString('en-US');
  if (format === 'count') return nf(count);
  if (format === 'percent') return `${((100 * count) / n).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
  return `${nf(count)} of ${nf(n)}`;
}

/** How many schedules got `verdict` (or any of several, summed), or a learner-readable error naming the verdicts that exist. */
export function countOf(result: ExploreResult, verdict: string | readonly string[], where: string): number {
  const kinds = typeof verdict === 'string' ? [verdict] : verdict;
  if (kinds.length === 0) throw new Error(`${where}: verdict={[]} names no verdict.`);
  let sum = 0;
  for (const kind of kinds) {
    if (!Object.hasOwn(result.counts, kind)) {
      throw new Error(
        `${where}: verdict="${kind}" is not a verdict the judge gives. Verdicts: ${Object.keys(result.counts).join(', ')}.`,
      );
    }
    sum += result.counts[kind as VerdictKind];
  }
  return sum;
}
