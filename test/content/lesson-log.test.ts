// The lesson’s split-brain log is a seeded run (ScenarioLog: keep-alive, solution, refusals hidden).
// Its quiz refers to lines by number: this pins what those lines say, so a change in the kit or
// the scenario that moves them fails here instead of silently misleading readers.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { isReaderError } from '../../src/lib/run-outcome.ts';
import { rebaseImports } from '../../src/lib/sandbox-files.ts';
import { registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';
import { traceToLog } from '../../sandboxes/kit/log.ts';
import type { TraceEvent } from '../../sandboxes/kit/types.ts';

const ROOT = join(import.meta.dirname, '../../sandboxes');
const registry = registryFromDisk();
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
      registry.get('keep-alive').runFiles({
        'store.ts': rebaseImports(
          all['keep-alive/solution/store.ts']!,
          'keep-alive/solution/store.ts',
          'keep-alive/store.ts',
        ),
      }),
      'keep-alive/scenario.ts',
      { seed: 7 },
    );
    if (isReaderError(out)) throw new Error(out.message);
    expect(out.verdict.kind).toBe('stale-write-rejected');
    const rows = traceToLog(out.trace).filter((r) => r.kind !== 'refuse');
    const line = (n: number) => `${rows[n - 1]!.node}: ${rows[n - 1]!.message}`;
    // With etcd’s keep-alive (kit/lock-client.ts) each holder renews at once (lines 3 and 8), A’s
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

// The lesson’s second log: the fencing-token solution with the shorter pause the lesson passes to
// <ScenarioLog pause={…}>, read from the lesson itself so the two cannot drift apart. The prose says:
// A’s lease expires and B is granted 34 before A’s write with 33 is accepted, and B’s write with 34
// lands after it, last. If the kit changes that story, this fails instead of the prose lying.
describe(
  'the lesson log of a deposed write accepted in token order (fencing-token, solution, shorter pause)',
  { timeout: 60_000 },
  () => {
    it('shows A writing with 33 after B was granted 34, before B writes, and B landing last', async () => {
      const lesson = readFileSync(join(import.meta.dirname, '../../lessons/leader-election/index.mdx'), 'utf8');
      const m =
        /<ScenarioLog id="fencing-token" solution seed=\{(\d+)\} pause=\{\{ node: '([AB])', at: (\d+), ms: (\d+) \}\}/.exec(
          lesson,
        );
      expect(m, 'the lesson has the fencing-token ScenarioLog with a pause').not.toBeNull();
      const [, seed, node, at, ms] = m!;
      const all = allSources();
      const out = await evaluateScenario(
        registry.get('fencing-token').runFiles({
          'store.ts': rebaseImports(
            all['fencing-token/solution/store.ts']!,
            'fencing-token/solution/store.ts',
            'fencing-token/store.ts',
          ),
        }),
        'fencing-token/scenario.ts',
        { seed: Number(seed), schedule: { pause: { node: node!, at: Number(at), ms: Number(ms) } } },
      );
      if (isReaderError(out)) throw new Error(out.message);
      const t = out.trace;
      const expire = t.findIndex((e) => e.kind === 'expire');
      const grant34 = t.findIndex((e) => e.kind === 'grant' && e.token === 34 && e.holder === 'B');
      const writes = t.filter(
        (e): e is Extract<TraceEvent, { kind: 'write-accepted' | 'write-rejected' }> =>
          e.kind === 'write-accepted' || e.kind === 'write-rejected',
      );
      expect(writes.map((w) => `${w.kind} ${w.writer} ${w.leaseToken}`)).toEqual([
        'write-accepted A 33',
        'write-accepted B 34',
      ]);
      const a33 = t.indexOf(writes[0]!);
      expect(expire).toBeGreaterThanOrEqual(0);
      expect(expire).toBeLessThan(grant34);
      expect(grant34).toBeLessThan(a33);
      // The log the reader sees says the same, in words.
      const rows = traceToLog(t)
        .filter((r) => r.kind !== 'refuse')
        .map((r) => `${r.node}: ${r.message}`);
      const at33 = rows.findIndex((r) => /^store: put result.csv from A accepted \(token 33\)/.test(r));
      expect(rows.findIndex((r) => /^lock: .*granted to B, token 34/.test(r))).toBeLessThan(at33);
      expect(rows.findIndex((r) => /^store: put result.csv from B accepted \(token 34\)/.test(r))).toBeGreaterThan(
        at33,
      );
    });
  },
);
