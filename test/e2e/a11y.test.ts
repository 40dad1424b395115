// axe-core over the built pages, in light and dark: zero violations (issue 2 budget).
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.ts';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

const pages = ['/', '/lessons/leader-election/', '/lab/', '/no-such-page/'];

describe.each(['light', 'dark'] as const)('axe in %s', (colorScheme) => {
  it.each(pages)('%s has no violations', async (path) => {
    const { page, context } = await newPage(site.browser, { colorScheme });
    await page.goto(site.url + path);
    const violations = await axeViolations(page);
    await context.close();
    expect(violations).toEqual([]);
  });

  it('the lesson with every sandbox run has no violations (no two regions share a name)', async () => {
    const { page, context } = await newPage(site.browser, { colorScheme });
    await page.goto(site.url + '/lessons/leader-election/?runner=worker');
    for (const sandbox of await page.locator('lf-sandbox').all()) {
      await sandbox.scrollIntoViewIfNeeded();
      await sandbox.locator('[data-action=run]').click();
      await expect.poll(() => sandbox.getAttribute('data-state'), { timeout: 20_000 }).toBe('done');
    }
    const violations = await axeViolations(page);
    await context.close();
    expect(violations).toEqual([]);
  });
});
