// The lesson's split-brain log is a seeded run (ScenarioLog: keep-alive, solution, refusals hidden).
// Its quiz refers to lines by number: this pins what those lines say, so a change in the kit or
// the scenario that moves them fails here instead of silently misleading readers.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { isReaderError } from '../../src/runtime/runner.ts';
import { rebaseImports, runFiles } from '../../src/lib/sandbox-files.ts';
import { traceToLog } from '../../sandboxes/kit/log.ts';

const ROOT = join(import.meta.dirname, '../../sandboxes');
function allSources(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const n of readdirSync(dir)) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.ts') && !n.endsWith('.test.ts')) out[p.slice(ROOT.length + 1)] = readFileSync(p, 'utf8');
    }
  };
  walk(ROOT);
  return out;
}

describe('the lesson split-brain log (keep-alive, solution, seed 7, refusals hidden)', () => {
  it('has the lines the quiz points at', async () => {
    const all = allSources();
    const out = await evaluateScenario(
      runFiles(all, 'keep-alive', { 'store.ts': rebaseImports(all['keep-alive/solution/store.ts']!, 'keep-alive/solution/store.ts', 'keep-alive/store.ts') }),
      'keep-alive/scenario.ts',
      { seed: 7 },
    );
    if (isReaderError(out)) throw new Error(out.message);
    expect(out.verdict.kind).toBe('stale-write-rejected');
    const rows = traceToLog(out.trace).filter((r) => r.kind !== 'refuse');
    const line = (n: number) => `${rows[n - 1]!.node}: ${rows[n - 1]!.message}`;
    // With etcd's keep-alive (kit/lock-client.ts) each holder renews at once (lines 3 and 8), A's
    // client-side deadline passes while it is paused, and the check runs only after its write left.
    expect(line(3)).toMatch(/^lock: lease job-leader renewed for A, token 33/);
    expect(line(5)).toMatch(/^A: A paused/);
    expect(line(6)).toMatch(/^lock: .*token 33\) expired/);
    expect(line(7)).toMatch(/^lock: .*granted to B, token 34/);
    expect(line(11)).toMatch(/^store: put result.csv from B accepted/);
    expect(line(16)).toMatch(/^A: .*writing result.csv with token 33/);
    expect(line(17)).toMatch(/^A: A gives up lease job-leader: no renewal acknowledged/);
    expect(line(19)).toMatch(/^lock: renewal .* refused to A/);
    expect(line(20)).toMatch(/^store: put result.csv from A rejected: token 33 < highest 34/);
  });
});
