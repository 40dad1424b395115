// The sandbox’s run controller, without a page: Runs go through the runner one at a time, are
// numbered so a second Run visibly ran again, say whose code ran and where, turn a runner that
// fails into a sentence, carry the reader’s edits in the link’s code, and type checks wait for a
// pause in typing. The runner runs the real sandbox in this process and the real judge decides.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  RunController,
  type RunControllerOptions,
  type RunPlan,
  type TypeCheckReport,
} from '../../src/components/sandbox/run-controller.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import type { Runner, RunnerInfo } from '../../src/runtime/runner.ts';
import type { TypeCheckResult } from '../../src/runtime/typecheck-client.ts';
import { isReaderError, type ConsoleLine, type RunOutcome } from '../../src/lib/run-outcome.ts';
import { runLink } from '../../src/lib/sandbox-replay.ts';
import { decodeSharedCode } from '../../src/lib/share-code.ts';
import { VERDICT_LABEL } from '../../src/lib/verdict-text.ts';
import type { RunResult } from '../../sandboxes/kit/types.ts';
import { registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';

const sandbox = registryFromDisk().get('fencing-token');
const { id, defaultSeed: seed } = sandbox.meta;
const starters = Object.fromEntries(sandbox.meta.editable.map((f) => [f, sandbox.source(f)]));

/** The page’s runners run in a worker or a WebContainer; this one runs the same files in this process. */
function inProcessRunner(info: RunnerInfo = { runner: 'worker' }): Runner & { requests: number } {
  const runner = {
    name: info.runner,
    requests: 0,
    async run(req: Parameters<Runner['run']>[0], hooks: Parameters<Runner['run']>[1] = {}): Promise<RunOutcome> {
      runner.requests += 1;
      hooks.onRunner?.(info);
      return evaluateScenario(req.files, req.entry, { seed: req.seed, onConsole: (line) => hooks.onConsole?.(line) });
    },
  };
  return runner;
}

function controller(over: Partial<RunControllerOptions> = {}) {
  return new RunController({
    sandbox: id,
    entry: `${id}/${sandbox.meta.entry}`,
    runner: () => inProcessRunner(),
    runFiles: (overrides) => sandbox.runFiles(overrides),
    starters,
    editablePaths: sandbox.files.filter((f) => f.editable).map((f) => f.path),
    checker: () => ({ check: () => Promise.resolve({ ok: true, problems: [] }) }),
    texts: () => starters,
    onTypes: () => {},
    ...over,
  });
}

/** A Run of these editable files from the editor, in the reader’s own mode. */
const plan = (files: Record<string, string>, source: RunPlan['source'] = 'mine'): RunPlan => ({
  files,
  seed,
  source,
  link: runLink(
    id,
    seed,
    source === 'solution' ? 'solution' : 'mine',
    Object.entries(files).map(([name, mine]) => ({
      name,
      mine,
      starter: starters[name]!,
      solution: sandbox.solution[name],
    })),
  ),
});

describe('a Run', () => {
  it('is numbered in its status line, so a second Run with the same result visibly ran again', async () => {
    const runs = controller();
    const first = (await runs.run(plan(starters)))!;
    const second = (await runs.run(plan(starters)))!;
    const verdict = (first.outcome as RunResult).verdict;
    expect(first.badge.label).toBe(VERDICT_LABEL[verdict.kind]);
    expect(first.status).toMatch(new RegExp(`^Run 1: ran with seed ${seed} in \\S+ m?s: ${first.badge.label}\\.$`));
    expect(second.status).toMatch(new RegExp(`^Run 2: ran with seed ${seed} in \\S+ m?s: ${first.badge.label}\\.$`));
    expect([first.number, second.number, runs.runs]).toEqual([1, 2, 2]);
    expect(second.last).toMatchObject({ files: starters, link: { label: 'the starter files' } });
  });

  it('passes the console lines on as they come and judges the files it was given', async () => {
    const lines: ConsoleLine[] = [];
    const solution = {
      ...starters,
      ...sandbox.solution,
      'job.ts': `console.log('the solution, loaded');\n${starters['job.ts']}`,
    };
    const report = (await controller().run(plan(solution, 'solution'), { onConsole: (l) => lines.push(l) }))!;
    const direct = await evaluateScenario(sandbox.runFiles(solution), `${id}/scenario.ts`, { seed });
    expect((report.outcome as RunResult).verdict).toEqual((direct as RunResult).verdict);
    expect(report.status).toMatch(/^Run 1: the solution ran with seed \d+ in /);
    expect(lines.map((l) => l.text)).toContain('the solution, loaded');
  });

  it('says whose code runs while it runs', () => {
    const runs = controller();
    expect(runs.startStatus(plan(starters))).toBe('Running…');
    expect(runs.startStatus(plan(starters, 'solution'))).toBe('Running the solution…');
    expect(runs.startStatus({ ...plan(starters), source: 'shared' })).toBe(
      `Running the shared run: the starter files, seed ${seed}…`,
    );
  });

  it('run in the WebContainer says so in its status line', async () => {
    const report = (await controller({ runner: () => inProcessRunner({ runner: 'webcontainer' }) }).run(
      plan(starters),
    ))!;
    expect(report.status).toMatch(/ \(WebContainer\): /);
  });

  it('while another is under way is refused, and the first still finishes', async () => {
    const runner = inProcessRunner();
    const runs = controller({ runner: () => runner });
    const first = runs.run(plan(starters));
    expect(runs.running).toBe(true);
    expect(await runs.run(plan(starters))).toBeNull();
    expect((await first)?.number).toBe(1);
    expect([runner.requests, runs.running]).toEqual([1, false]);
  });

  it('whose runner fails says so as an error, with nothing to step through', async () => {
    const broken: Runner = { name: 'worker', run: () => Promise.reject(new Error('the worker died')) };
    const report = (await controller({ runner: () => broken }).run(plan(starters)))!;
    expect(isReaderError(report.outcome)).toBe(true);
    expect(report.outcome).toEqual({ kind: 'runtime', message: 'The runner failed: the worker died' });
    expect(report.last).toBeNull();
    // Not blamed on the reader’s code: the runner failed.
    expect(report.status).toMatch(/: Error: the run failed\.$/);
  });

  it('of the reader’s edits carries them in the link’s code; the starter’s carries none', async () => {
    const edited = { ...starters, [sandbox.meta.editable[0]!]: `// mine\n${starters[sandbox.meta.editable[0]!]}` };
    const mine = (await controller().run(plan(edited)))!;
    expect(mine.last?.code).toBeTruthy();
    expect(await decodeSharedCode(mine.last!.code!, starters)).toEqual({ ok: true, files: edited });
    const starter = (await controller().run(plan(starters)))!;
    expect(starter.last?.code).toBeUndefined();
  });
});

describe('type checks', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('wait for typing to pause, then check the text as it is then', async () => {
    let text = 'a';
    const checked: string[] = [];
    const reports: TypeCheckReport['kind'][] = [];
    const runs = controller({
      texts: () => ({ ...starters, 'job.ts': text }),
      checker: () => ({
        check: (_key, files) => {
          checked.push(files[`${id}/job.ts`]!);
          return Promise.resolve({ ok: true, problems: [] });
        },
      }),
      onTypes: (r) => reports.push(r.kind),
    });
    expect(runs.typesStarted).toBe(false);
    runs.scheduleTypeCheck();
    vi.advanceTimersByTime(400);
    text = 'ab';
    runs.scheduleTypeCheck();
    vi.advanceTimersByTime(400);
    expect(checked).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(checked).toEqual(['ab']);
    expect(reports).toEqual(['checking', 'checked']);
    expect(runs.typesStarted).toBe(true);
  });

  it('made moot by a newer check say nothing when they end', async () => {
    const reports: TypeCheckReport[] = [];
    const moot: TypeCheckResult | null = null;
    const runs = controller({
      checker: () => ({ check: () => Promise.resolve(moot) }),
      onTypes: (r) => reports.push(r),
    });
    runs.scheduleTypeCheck(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual([{ kind: 'checking' }]);
  });
});
