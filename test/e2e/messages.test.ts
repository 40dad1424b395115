// What the sandbox says around a run, in Chromium: the runner notice appears below the toolbar
// (the editor and Run do not move when it appears), "Show solution" takes away the result of the
// code it replaced, a second Run visibly ran again, and a panel whose code cannot load says so.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const LESSON = '/lessons/leader-election/';
const site = useSite();
const sel = (id: string) => `lf-sandbox[data-sandbox="${id}"]`;

async function run(page: Page, id: string) {
  const root = page.locator(sel(id));
  const before = Number((await root.getAttribute('data-runs')) ?? 0);
  await root.locator('[data-action="run"]').click();
  await expect
    .poll(async () => Number((await root.getAttribute('data-runs')) ?? 0), { timeout: 30_000 })
    .toBe(before + 1);
  await expect.poll(() => root.getAttribute('data-state')).toBe('done');
}

const top = (page: Page, s: string) => page.locator(s).evaluate((el) => el.getBoundingClientRect().top + scrollY);

describe('messages around a run', () => {
  it('the runner notice appears below the toolbar: the editor and Run stay where they were', async () => {
    const { page, context } = await newPage(site.browser);
    // No runner=worker: the page tries the WebContainer engine, which cannot start here, and says so.
    await page.goto(`${site.url}${LESSON}?boot-timeout=300`);
    const id = 'acquire-then-write';
    const root = page.locator(sel(id));
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
    const runTop = await top(page, `${sel(id)} [data-action="run"]`);
    const editorTop = await top(page, `${sel(id)} [data-sandbox-editor]`);
    await run(page, id);
    const notice = root.locator('[data-sandbox-notice]');
    await expect.poll(() => notice.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await top(page, `${sel(id)} [data-action="run"]`)).toBe(runTop);
    expect(await top(page, `${sel(id)} [data-sandbox-editor]`)).toBe(editorTop);
    const runBottom = await root
      .locator('[data-action="run"]')
      .evaluate((el) => el.getBoundingClientRect().bottom + scrollY);
    expect(await top(page, `${sel(id)} [data-sandbox-notice]`)).toBeGreaterThan(runBottom);
    await context.close();
  }, 120_000);

  it('"Show solution" takes away the result of the code it replaced, and so does "Back to my code"', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const id = 'fencing-token';
    const root = page.locator(sel(id));
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
    await run(page, id);
    expect(await root.getAttribute('data-verdict')).toBe('stale-write-accepted');
    await root.locator('[data-action="solution"]').click();
    expect(await root.locator('[data-sandbox-result]').isVisible()).toBe(false);
    expect(await root.getAttribute('data-verdict')).toBeNull();
    expect(await root.locator('[data-sandbox-status]').innerText()).toBe('Showing the solution: Run runs it.');
    await run(page, id);
    expect(await root.getAttribute('data-verdict')).toBe('stale-write-rejected');
    await root.locator('[data-action="solution"]').click();
    expect(await root.locator('[data-sandbox-result]').isVisible()).toBe(false);
    expect(await root.locator('[data-sandbox-status]').innerText()).toBe('Back to your code: Run runs it.');
    await context.close();
  }, 120_000);

  it('Run pressed twice says it ran again', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const id = 'acquire-then-write';
    await page.locator(sel(id)).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
    const status = page.locator(`${sel(id)} [data-sandbox-status]`);
    await run(page, id);
    const first = await status.innerText();
    expect(first).toMatch(/^Run 1: ran with seed 7 in /);
    await run(page, id);
    const second = await status.innerText();
    expect(second).toMatch(/^Run 2: ran with seed 7 in /);
    expect(second).not.toBe(first);
    await context.close();
  }, 120_000);

  it('a sandbox or Explore panel whose code cannot load says so in its status line, and the page still reads', async () => {
    const { page, context, errors } = await newPage(site.browser);
    // As when a deploy replaced the chunks under an open page, or the network dropped: the lazy apps fail to load.
    await page.route(/\/_astro\/(sandbox|explore)-app\.[\w-]+\.js$/, (route) => route.abort('failed'));
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const id = 'acquire-then-write';
    const root = page.locator(sel(id));
    await root.locator('[data-action="run"]').click();
    await expect.poll(() => root.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    // Polled: innerText is empty while a content-visibility: auto block is still skipped, until its first render.
    await expect
      .poll(() => root.locator('[data-sandbox-status]').innerText())
      .toMatch(/^The editor could not load \(.+\)\. Reload the page to try again\.$/);
    const explore = page.locator('lf-explore').first();
    await explore.scrollIntoViewIfNeeded();
    await expect.poll(() => explore.getAttribute('data-state'), { timeout: 30_000 }).toBe('failed');
    await expect
      .poll(() => explore.locator('[data-explore-status]').innerText())
      .toMatch(/^The explore panel could not load \(.+\)\. Reload the page to try again\.$/);
    // The lesson itself is untouched: its starter code and prose are still there to read.
    await expect(root.locator('.sbx-static').first().isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
