// The Content-Security-Policy (src/lib/csp.ts, written into every page and dist/_headers by
// src/integrations/csp.ts): every page loads under it with no violation, a sandbox run and an
// explore run still work, the WebContainer attempt is allowed its one origin, and the header
// copy adds frame-ancestors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

async function watch(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { cspViolations: string[] };
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`),
    );
  });
}
const violations = (page: Page) =>
  page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

describe('the content security policy', () => {
  it('every page carries it first in <head>, strict: no unsafe script, no objects, no base', () => {
    for (const file of ['index.html', 'lessons/leader-election/index.html', '404.html']) {
      const html = readFileSync(join(DIST, file), 'utf8');
      const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
      expect(m, file).not.toBeNull();
      expect(html.indexOf('<script')).toBeGreaterThan(m!.index);
      const policy = m![1]!;
      expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval'( 'sha256-[\w+/=]+')+;/);
      expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*unsafe-inline/);
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("base-uri 'none'");
      expect(policy).not.toContain('frame-ancestors'); // ignored in a <meta>: the header has it
    }
    const headers = readFileSync(join(DIST, '_headers'), 'utf8');
    for (const route of ['/', '/lessons/leader-election/', '/404.html']) {
      expect(headers).toContain(`\n${route}\n  Content-Security-Policy: default-src 'self'; `);
    }
    expect(headers).toMatch(/Content-Security-Policy: .*; frame-ancestors 'none'$/m);
    // Not on /*: the sandbox worker’s script must not carry a policy that forbids its eval.
    expect(headers).not.toMatch(/^\/\*\n(?: {2}.*\n)* {2}Content-Security-Policy/m);
  });

  it.each(['/', '/lessons/leader-election/', '/no-such-page/'])(
    '%s loads with no violation',
    async (path) => {
      const { page, context, errors } = await newPage(site.browser, { enforceCsp: true });
      await watch(page);
      await page.goto(`${site.url}${path}`);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
      expect(await violations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
    60_000,
  );

  it('a sandbox run (worker), the WebContainer attempt, and an explore run work with no violation', async () => {
    const { page, context, errors } = await newPage(site.browser, { enforceCsp: true });
    await watch(page);
    // No runner=worker: the WebContainer engine is tried (its iframe origin is allowed), then the worker runs it.
    await page.goto(`${site.url}/lessons/leader-election/?boot-timeout=500`);
    const box = page.locator('lf-sandbox[data-sandbox="fencing-token"]');
    await box.scrollIntoViewIfNeeded();
    await page.waitForSelector('lf-sandbox[data-sandbox="fencing-token"][data-state="ready"]', { timeout: 30_000 });
    await box.locator('[data-action="run"]').click();
    await expect.poll(() => box.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await box.getAttribute('data-verdict')).toBe('stale-write-accepted');
    const panel = page.locator('lf-explore');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await page.getByRole('radio', { name: '1,000', exact: true }).check();
    await page.getByRole('button', { name: 'Explore every version' }).click();
    await expect.poll(() => panel.getAttribute('data-explore-runs'), { timeout: 120_000 }).toBe('1');
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
