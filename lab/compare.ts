// Simulator vs reality: the simulator's verdict for the same sandbox files, seed and pause as a lab
// run (in a worker thread with a time limit, exactly as `npm run sandbox` runs it), and the
// per-outcome counts of both over a set of runs, with every run where they differ named.
import { runIsolated, type SandboxSource } from '../scripts/lib/sandbox-run.ts';
import type { RunResult, Verdict } from '../sandboxes/kit/types.ts';
import type { Pause } from './run.ts';

/** The simulator's run of `id` with this seed and pause; its other conditions are the lesson's defaults. */
export async function simulate(
  id: string,
  source: SandboxSource,
  seed: number,
  pause: Pause | null,
): Promise<RunResult> {
  const outcome = await runIsolated({ kind: 'run', id, options: { ...source, seed, schedule: { pause } } }, 30_000);
  if (outcome.status !== 'ok') throw new Error(`the simulator could not run ${id}: ${outcome.message}`);
  return outcome.result as RunResult;
}

export interface Paired {
  index: number;
  seed: number;
  pause: Pause | null;
  lab: Verdict;
  simulator: Verdict;
}

export function describePause(pause: Pause | null): string {
  return pause
    ? `${pause.node} paused at ${(pause.at / 1000).toFixed(1)} s for ${(pause.ms / 1000).toFixed(1)} s`
    : 'no pause';
}

/** Lines of a side-by-side table: each outcome seen in either, lab count, simulator count. */
export function countTable(runs: readonly Paired[]): string[] {
  const kinds = [...new Set(runs.flatMap((r) => [r.lab.kind, r.simulator.kind]))].sort();
  const count = (side: 'lab' | 'simulator', kind: string) => runs.filter((r) => r[side].kind === kind).length;
  const width = Math.max(7, ...kinds.map((k) => k.length));
  return [
    `  ${'outcome'.padEnd(width)}  real etcd+PostgreSQL  simulator`,
    ...kinds.map(
      (k) =>
        `  ${k.padEnd(width)}  ${String(count('lab', k)).padStart(19)}  ${String(count('simulator', k)).padStart(9)}`,
    ),
  ];
}

export function divergences(runs: readonly Paired[]): Paired[] {
  return runs.filter((r) => r.lab.kind !== r.simulator.kind);
}
