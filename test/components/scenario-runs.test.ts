// <ScenarioLog>'s runs are made once per (sandbox files, run) in a build, and made again when the
// sandbox’s files change (a new registry object) or when a run failed.
import { describe, expect, it } from 'vitest';
import { scenarioRunOnce } from '../../src/components/sandbox/scenario-runs.ts';
import type { RunResult } from '../../sandboxes/kit/types.ts';

const fakeRun = (seed: number) => ({ seed }) as unknown as RunResult;

describe('scenarioRunOnce', () => {
  it('runs a scenario once for every page that shows the same run', async () => {
    const sandbox = {};
    let runs = 0;
    const run = () => Promise.resolve(fakeRun(++runs));
    const first = await scenarioRunOnce(sandbox, '[7,true,null]', run);
    const second = await scenarioRunOnce(sandbox, '[7,true,null]', run);
    expect(second).toBe(first);
    expect(runs).toBe(1);
    await scenarioRunOnce(sandbox, '[8,true,null]', run);
    expect(runs).toBe(2);
  });

  it('runs again for changed sandbox files (a new sandbox object) and after a failure', async () => {
    let runs = 0;
    const run = () => Promise.resolve(fakeRun(++runs));
    await scenarioRunOnce({}, 'k', run);
    await scenarioRunOnce({}, 'k', run);
    expect(runs).toBe(2);

    const sandbox = {};
    await expect(scenarioRunOnce(sandbox, 'k', () => Promise.reject(new Error('reader code threw')))).rejects.toThrow(
      'reader code threw',
    );
    await expect(scenarioRunOnce(sandbox, 'k', run)).resolves.toEqual({ seed: 3 });
  });
});
