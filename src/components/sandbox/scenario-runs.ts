// <ScenarioLog>'s runs, each made once per build: a run is a function of (sandbox files, seed, schedule,
// starter or solution), so pages showing the same run (every scaffolded lesson starts with the same
// keep-alive log) share it instead of compiling and running it again per page. Keyed by the registry's
// sandbox object, which is new whenever a sandbox's or the kit's files change (in `astro dev` too).
import type { RunResult } from '../../../sandboxes/kit/types.ts';

const runs = new WeakMap<object, Map<string, Promise<RunResult>>>();

export function scenarioRunOnce(sandbox: object, key: string, run: () => Promise<RunResult>): Promise<RunResult> {
  let mine = runs.get(sandbox);
  if (!mine) runs.set(sandbox, (mine = new Map<string, Promise<RunResult>>()));
  let result = mine.get(key);
  if (!result) {
    mine.set(key, (result = run()));
    result.catch(() => mine.delete(key)); // a failed run is not kept: it fails its own page
  }
  return result;
}
