// The GitHub workflows: valid against GitHub’s workflow schema (@action-validator/core, the
// validator behind @action-validator/cli), and CI runs the same test command README and .ci/run give.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateWorkflow } from '@action-validator/core';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (f: string) => readFileSync(join(root, f), 'utf8');
type Workflow = { on: unknown; jobs: Record<string, { steps?: { run?: string; uses?: string; name?: string }[] }> };
const runs = (wf: Workflow) =>
  Object.values(wf.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.run?.trim()).filter(Boolean));

describe('GitHub workflows', () => {
  it.each(['.github/workflows/ci.yml', '.github/workflows/deploy.yml'])(
    '%s is valid against the workflow schema',
    (file) => {
      expect(validateWorkflow(read(file)).errors).toEqual([]);
    },
  );

  it('the validator refuses a broken workflow (so the check above can fail)', () => {
    const broken = read('.github/workflows/ci.yml').replace('runs-on: ubuntu-latest', 'runs_on: ubuntu-latest');
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('CI runs on push and pull_request: the lesson checker first, then the test command README and .ci/run give', () => {
    const readmeCommand = /^(npm [\w:-]+)\s+# type check, unit tests, build/m.exec(read('README.md'))?.[1];
    expect(readmeCommand).toBe('npm test');
    const ciRunCommand = read('.ci/run').trim().split('\n').at(-1);
    expect(ciRunCommand).toBe(readmeCommand);

    const ci = parse(read('.github/workflows/ci.yml')) as Workflow;
    expect(Object.keys(ci.on as object).sort()).toEqual(['pull_request', 'push']);
    const steps = runs(ci);
    expect(steps).toContain(readmeCommand);
    expect(steps).toContain('npm ci --no-audit --no-fund');
    expect(steps.indexOf('npm run check:lessons')).toBeGreaterThanOrEqual(0);
    expect(steps.indexOf('npm run check:lessons')).toBeLessThan(steps.indexOf(readmeCommand));
    const uses = Object.values(ci.jobs).flatMap((j) => (j.steps ?? []).map((s) => s.uses ?? ''));
    expect(uses.some((u) => u.startsWith('actions/upload-artifact@'))).toBe(true);
  });

  it('deploy publishes dist/ to GitHub Pages from main, with the site URL from the Pages setting', () => {
    const deploy = parse(read('.github/workflows/deploy.yml')) as Workflow & { on: { push: { branches: string[] } } };
    expect(deploy.on.push.branches).toEqual(['main']);
    const text = read('.github/workflows/deploy.yml');
    // The whole Pages address, path included: a project site is served under /<repository>/.
    expect(text).toContain('SITE_URL: ${{ steps.pages.outputs.origin }}${{ steps.pages.outputs.base_path }}/');
    expect(read('src/site.config.ts')).toMatch(/process\.env\.SITE_URL/);
    expect(text).toContain('actions/deploy-pages@');
  });

  it('deploy works for a project site: no step refuses a base path', () => {
    const deploy = parse(read('.github/workflows/deploy.yml')) as Workflow;
    const steps = Object.values(deploy.jobs).flatMap((j) => j.steps ?? []);
    expect(steps.filter((s) => /base_path/.test(JSON.stringify(s)) && s.name !== 'Build').map((s) => s.name)).toEqual(
      [],
    );
    expect(steps.some((s) => /exit 1/.test(s.run ?? ''))).toBe(false);
  });
});
