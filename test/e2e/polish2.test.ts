// More small things a reader notices: the site name stays on one line on a phone, and "altitude"
// is explained where a reader first meets it (the home page’s lesson list, and a lesson’s header).
import { expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

it.each([360, 1280])(
  'at %i px the site name is on one line and the header does not overflow',
  async (width) => {
    const { page, context } = await newPage(site.browser, { viewport: { width, height: 800 } });
    for (const path of ['/', '/lessons/leader-election/']) {
      await page.goto(site.url + path);
      const name = page.locator('.site-name span');
      const lines = await name.evaluate((el) => el.getClientRects().length);
      const box = await name.boundingBox();
      const lineHeight = await name.evaluate(
        (el) => parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.6,
      );
      expect(lines, path).toBe(1);
      expect(box!.height, path).toBeLessThan(lineHeight * 1.5);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
        path,
      ).toBeLessThanOrEqual(0);
    }
    await context.close();
  },
  60_000,
);

it('“altitude” is explained in words where it first appears: the home page’s lessons and a lesson’s header', async () => {
  const { page, context } = await newPage(site.browser);
  await page.goto(site.url + '/');
  const home = page.locator('#lessons ~ [data-altitude-def]');
  await expect(home.isVisible()).resolves.toBe(true);
  // Before the first card that names an altitude.
  const [def, card] = await Promise.all([home.boundingBox(), page.locator('.lesson-card').first().boundingBox()]);
  expect(def!.y).toBeLessThan(card!.y);
  expect(await home.innerText()).toMatch(/altitude is what it assumes you know.*Zero, Junior, Middle, Senior/);
  await page.goto(site.url + '/lessons/leader-election/');
  expect(await page.locator('.lesson-meta [data-altitude-def]').innerText()).toMatch(
    /assumes you know.*Zero, Junior, Middle, Senior/,
  );
  await context.close();
}, 60_000);

it('“On this page” lists every sandbox and Explore panel under its section, and each link lands on it', async () => {
  const { page, context } = await newPage(site.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${site.url}/lessons/leader-election/`);
  const sub = page.locator('.lesson-aside .toc .toc-sub a');
  expect(await sub.allInnerTexts()).toEqual([
    'Sandbox: Acquire, then write',
    'Sandbox: Adding a fencing token',
    'Explore: one run can be lucky',
    'Sandbox: The lease keep-alive loop',
  ]);
  // Nested under the section that holds them.
  const parent = await sub
    .nth(2)
    .evaluate((a) => a.closest('.toc-sub')!.parentElement!.querySelector(':scope > a')!.textContent);
  expect(parent).toBe('Snippet 2 — adding a fencing token');
  for (const href of await sub.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).hash))) {
    expect(await page.locator(href).count(), href).toBe(1);
  }
  await sub.nth(2).click();
  await expect
    .poll(() => page.locator('#xp-fencing-token-title').evaluate((h) => Math.round(h.getBoundingClientRect().top)))
    .toBeLessThan(200);
  await context.close();
}, 60_000);

it('the last lesson ends with a card saying where to go next, and every other lesson with a next link', async () => {
  const { page, context } = await newPage(site.browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${site.url}/`);
  const hrefs = await page
    .locator('main a[href^="/lessons/"]')
    .evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).pathname))]);
  expect(hrefs.length).toBeGreaterThan(1);
  for (const [i, href] of hrefs.entries()) {
    await page.goto(site.url + href);
    const last = i === hrefs.length - 1;
    expect(await page.locator('.pager a[rel="next"]').count(), href).toBe(last ? 0 : 1);
    expect(await page.locator('.pager-end').count(), href).toBe(last ? 1 : 0);
  }
  const card = page.locator('.pager-end');
  expect(await card.getByRole('heading').innerText()).toBe('Where to go from here');
  const links = await card.locator('a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
  expect(links).toHaveLength(3);
  for (const link of links.filter((l) => l.startsWith(site.url))) {
    const url = new URL(link);
    const res = await page.goto(link);
    expect(res?.status(), link).toBe(200);
    if (url.hash) expect(await page.locator(url.hash).count(), link).toBe(1);
  }
  expect(links.some((l) => l.endsWith('/CONTRIBUTING.md'))).toBe(true);
  await context.close();
}, 60_000);

it('“Reset my answers” asks in the site’s styled dialog: Keep keeps the progress, Reset goes back to Zero', async () => {
  const path = '/lessons/leader-election/';
  const noJs = await newPage(site.browser, { javaScriptEnabled: false });
  await noJs.page.goto(site.url + path);
  const right = await noJs.page
    .locator('lf-quiz')
    .first()
    .locator('.quiz-answer')
    .evaluateAll((els) => els.findIndex((el) => el.getAttribute('data-correct') === 'true'));
  await noJs.context.close();

  const { page, context } = await newPage(site.browser, { viewport: { width: 1280, height: 900 } });
  let nativeDialogs = 0;
  page.on('dialog', (d) => {
    nativeDialogs++;
    void d.dismiss();
  });
  await page.goto(site.url + path);
  const quiz = page.locator('lf-quiz').first();
  const radio = quiz.locator('input[type=radio]').nth(right);
  await quiz.locator(`label[for="${await radio.getAttribute('id')}"]`).click();
  const altitude = page.locator('lf-altitude');
  await expect.poll(() => altitude.getAttribute('data-level')).not.toBe('zero');
  const level = await altitude.getAttribute('data-level');
  const dialog = altitude.locator('dialog[data-altitude-dialog]');

  await altitude.getByRole('button', { name: 'Reset my answers' }).click();
  // Polled: the dialog’s code loads on this first click (a dynamic import), so it opens a moment later.
  await expect.poll(() => dialog.isVisible()).toBe(true);
  expect(
    await dialog.getByRole('button', { name: 'Keep my answers' }).evaluate((b) => b === document.activeElement),
  ).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.isVisible()).toBe(false);
  expect(await altitude.getAttribute('data-level')).toBe(level);

  await altitude.getByRole('button', { name: 'Reset my answers' }).click();
  await dialog.getByRole('button', { name: 'Reset my answers' }).click();
  await expect.poll(() => altitude.getAttribute('data-level')).toBe('zero');
  expect(nativeDialogs).toBe(0);
  await context.close();
}, 60_000);
