import { describe, expect, it } from 'vitest';
import { evaluateScenario, sandboxFrames } from '../../src/runtime/evaluate.ts';
import { transpileToCjs, transpileToEsm } from '../../src/runtime/transpile.ts';
import { isReaderError, type ConsoleLine } from '../../src/lib/run-outcome.ts';
import { fakeFiles } from './fixtures.ts';

const ENTRY = 'fake/scenario.ts';

describe('transpile', () => {
  it('keeps line numbers when stripping types and rewriting imports', () => {
    const src =
      "import { a, type B } from './x.ts';\nexport interface I { x: number }\nexport function f(n: number): number {\n  return a + n;\n}\n";
    for (const code of [transpileToCjs('s/f.ts', src), transpileToEsm('s/f.ts', src)]) {
      expect(code.split('\n').length).toBe(src.split('\n').length);
      expect(code.split('\n')[3]).toContain('return');
    }
  });
});

describe('evaluateScenario', () => {
  it('runs the scenario, streams console lines and events, returns the RunResult', async () => {
    const lines: ConsoleLine[] = [];
    const events: unknown[] = [];
    const out = await evaluateScenario(fakeFiles(), ENTRY, {
      seed: 3,
      onConsole: (l) => lines.push(l),
      onEvent: (e) => events.push(e),
    });
    expect(isReaderError(out)).toBe(false);
    if (isReaderError(out)) return;
    expect(out.verdict.kind).toBe('stale-write-accepted');
    expect(out.seed).toBe(3);
    expect(lines.map((l) => l.text)).toEqual(['A got token 1', 'B got token 2']);
    expect(events.length).toBe(out.trace.length);
  });

  it('gives fresh module state to every run (same seed, same trace)', async () => {
    const a = await evaluateScenario(fakeFiles(), ENTRY, { seed: 5 });
    const b = await evaluateScenario(fakeFiles(), ENTRY, { seed: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('runs the reader fix: the stale write is rejected', async () => {
    const files = fakeFiles();
    files['fake/store.ts'] = files['fake/store.ts']!.replace(
      'const ok = true;',
      'const ok = token !== undefined && token >= (sim.highest ?? 0);',
    );
    const out = await evaluateScenario(files, ENTRY, { seed: 1 });
    expect(!isReaderError(out) && out.verdict.kind).toBe('stale-write-rejected');
  });

  it('reports a syntax error at its file and line', async () => {
    const files = fakeFiles();
    const lines = files['fake/store.ts']!.split('\n');
    lines[3] = '  const ok = token >= ;'; // line 4
    files['fake/store.ts'] = lines.join('\n');
    const out = await evaluateScenario(files, ENTRY, { seed: 1 });
    expect(out).toMatchObject({ kind: 'syntax', file: 'fake/store.ts', line: 4 });
    expect(isReaderError(out) && out.message).toMatch(/^store\.ts:4: SyntaxError: Unexpected token$/);
  });

  it('maps a runtime error to the reader file and line, not the kit', async () => {
    const files = fakeFiles();
    const lines = files['fake/store.ts']!.split('\n');
    lines[3] = '  const ok = (undefined as any).nope;'; // line 4
    files['fake/store.ts'] = lines.join('\n');
    const out = await evaluateScenario(files, ENTRY, { seed: 1 });
    expect(out).toMatchObject({ kind: 'runtime', file: 'fake/store.ts', line: 4 });
    expect(isReaderError(out) && out.message).toContain('TypeError');
  });

  it('maps an error thrown on the first line (where the wrapper sits)', async () => {
    const files = fakeFiles();
    files['fake/job.ts'] =
      "throw new Error('boom'); import type { Sim } from '../kit/index.ts';\n" +
      files['fake/job.ts']!.split('\n').slice(1).join('\n');
    const out = await evaluateScenario(files, ENTRY, { seed: 1 });
    expect(out).toMatchObject({ kind: 'runtime', file: 'fake/job.ts', line: 1 });
  });

  it('reports a missing module and a non-Error throw readably', async () => {
    const files = fakeFiles();
    files['fake/job.ts'] = files['fake/job.ts']!.replace("'./store.ts'", "'./nope.ts'");
    const out = await evaluateScenario(files, ENTRY, { seed: 1 });
    expect(isReaderError(out) && out.message).toContain("Cannot find module './nope.ts'");
    const f2 = fakeFiles();
    f2['fake/store.ts'] = f2['fake/store.ts']!.replace('const ok = true;', "throw 'nope';");
    const out2 = await evaluateScenario(f2, ENTRY, { seed: 1 });
    expect(out2).toMatchObject({ kind: 'runtime', message: expect.stringContaining('Uncaught "nope"') as unknown });
  });

  it('parses sandbox frames from a V8 stack', () => {
    const frames = sandboxFrames(
      'Error: x\n    at put (sandbox:///fake/store.ts:4:13)\n    at sandbox:///kit/index.ts:9:2',
    );
    expect(frames).toEqual([
      { file: 'fake/store.ts', line: 4, column: 13 },
      { file: 'kit/index.ts', line: 9, column: 2 },
    ]);
  });
});
