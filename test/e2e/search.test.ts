// Site search as a reader uses it: `/` or the header button opens it, typing finds lessons from
// the Pagefind index built with the site, arrow keys and Enter follow a hit, and nothing of it
// loads before the reader asks.
import { expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

it('the search code and index load only when the reader opens search', async () => {
  const { page, context } = await newPage(site.browser);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(site.url + '/lessons/leader-election/');
  await page.waitForLoadState('networkidle');
  expect(requested.filter((p) => p.startsWith('/pagefind/'))).toEqual([]);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('fencing');
  await expect.poll(() => requested.some((p) => p === '/pagefind/pagefind.js'), { timeout: 20_000 }).toBe(true);
  await context.close();
});

it('/ opens search from the keyboard, typing finds the lesson, ArrowDown and Enter open it, within the CSP', async () => {
  const { page, context } = await newPage(site.browser, { enforceCsp: true });
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(v: string): void }).reportViolation(
        `${e.effectiveDirective} ${e.blockedURI}`,
      ),
    ),
  );
  await page.goto(site.url + '/');
  await page.waitForFunction(() => !!customElements.get('lf-search')); // its module script has run
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search the lessons' });
  await expect.poll(() => box.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('sequencer');
  const status = page.locator('[data-search-status]');
  await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/^\d+ lessons? match(es)? “sequencer”\.$/);
  const titles = await page.locator('.search-hit-title').allTextContents();
  expect(titles).toContain('Leader election'); // Chubby’s sequencer is taught there
  expect(titles.length).toBe(Number(/^\d+/.exec((await status.textContent())!)![0]));
  const hit = page.locator('.search-hit').first();
  const href = await hit.getAttribute('href');
  expect(await hit.locator('mark').first().textContent()).toMatch(/sequencer/i);
  expect(violations).toEqual([]); // Pagefind’s WebAssembly runs under the site’s policy
  await page.keyboard.press('ArrowDown');
  expect(await hit.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === href);
  expect(await page.getByRole('dialog').count()).toBe(0);
  await context.close();
});

it('a word no lesson has says so; Escape closes and the page keeps its place', async () => {
  const { page, context } = await newPage(site.browser);
  await page.goto(site.url + '/lessons/leader-election/');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('zzyzxqq');
  await expect
    .poll(() => page.locator('[data-search-status]').textContent(), { timeout: 20_000 })
    .toBe('No lesson mentions “zzyzxqq”.');
  await page.keyboard.press('Escape');
  expect(await page.locator('.search-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
  await context.close();
});

it('typing / in a quiz or editor field does not open search', async () => {
  const { page, context } = await newPage(site.browser);
  await page.goto(site.url + '/');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.id = 'probe';
    document.body.append(input);
  });
  await page.locator('#probe').focus();
  await page.keyboard.type('a/b');
  expect(await page.locator('#probe').inputValue()).toBe('a/b');
  expect(await page.locator('.search-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
  await context.close();
});

it('without JavaScript the search button is not shown', async () => {
  const { page, context } = await newPage(site.browser, { javaScriptEnabled: false });
  await page.goto(site.url + '/');
  expect(await page.getByRole('button', { name: 'Search' }).isVisible()).toBe(false);
  await context.close();
});
