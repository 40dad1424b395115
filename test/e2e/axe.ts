// axe-core in a page, for the e2e tests: injects it and lists the violations it finds in the page or in
// one element of it, each as `rule: help at [targets]`, so a failing test names what to fix.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe’s violations in the whole page, or only inside the first element `selector` matches. */
export async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (s) => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') }; // injected above
    const result = await axe.run(s ? document.querySelector(s)! : document, { resultTypes: ['violations'] });
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: unknown }[] }) =>
        `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  }, selector);
}
