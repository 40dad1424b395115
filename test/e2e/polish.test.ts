// Small things a reader notices, in Chromium against the built site: file tabs stay on one row
// that scrolls sideways on a phone (fading out where more wait), so does a snippet’s code, and a
// replay’s title names its sandbox in words.
import { expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();
const sel = (id: string) => `lf-sandbox[data-sandbox="${id}"]`;

it('at 360 px every sandbox’s file tabs sit on one row that scrolls sideways; the selected one is reachable', async () => {
  const { page, context } = await newPage(site.browser, { viewport: { width: 360, height: 780 } });
  await page.goto(`${site.url}/lessons/leader-election/?runner=worker`);
  for (const id of ['acquire-then-write', 'fencing-token', 'keep-alive']) {
    const rows = await page
      .locator(`${sel(id)} [data-sandbox-tab]`)
      .evaluateAll((tabs) => new Set(tabs.map((t) => Math.round(t.getBoundingClientRect().top))).size);
    expect(rows, id).toBe(1);
  }
  const id = 'fencing-token';
  await page.locator(sel(id)).scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
  const list = page.locator(`${sel(id)} [role="tablist"]`);
  expect(await list.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  // The row fades out at its right edge while more tabs wait there (a phone shows no scrollbar), not at
  // its left edge before it is scrolled, and nowhere where every tab fits.
  const fades = (where: string) =>
    page
      .locator(where)
      .evaluate((el) =>
        ['--edge-fade-start', '--edge-fade-end'].map((p) => parseFloat(getComputedStyle(el).getPropertyValue(p))),
      );
  const [start, end] = await fades(`${sel(id)} [role="tablist"]`);
  expect(start).toBe(0);
  expect(end).toBeGreaterThan(20);
  // The last tab, reached with End, is scrolled into view within the row.
  await page.locator(`${sel(id)} [data-sandbox-tab][aria-selected="true"]`).focus();
  await page.keyboard.press('End');
  const last = page.locator(`${sel(id)} [data-sandbox-tab]`).last();
  expect(await last.getAttribute('aria-selected')).toBe('true');
  const [l, t] = await Promise.all([list.boundingBox(), last.boundingBox()]);
  expect(t!.x + t!.width).toBeLessThanOrEqual(l!.x + l!.width + 1);
  expect(t!.x).toBeGreaterThanOrEqual(l!.x - 1);
  // Every tab the arrow keys move to stands clear of the faded edges.
  await page.keyboard.press('Home');
  const tabs = await page.locator(`${sel(id)} [data-sandbox-tab]`).count();
  for (let i = 1; i < tabs; i++) {
    await page.keyboard.press('ArrowRight');
    const [row, tab] = await Promise.all([
      list.boundingBox(),
      page
        .locator(`${sel(id)} [data-sandbox-tab]`)
        .nth(i)
        .boundingBox(),
    ]);
    const [fadeStart, fadeEnd] = await fades(`${sel(id)} [role="tablist"]`);
    expect(tab!.x, `tab ${i + 1}`).toBeGreaterThanOrEqual(row!.x + fadeStart! - 1);
    expect(tab!.x + tab!.width, `tab ${i + 1}`).toBeLessThanOrEqual(row!.x + row!.width - fadeEnd! + 1);
  }
  // Scrolled to the end: the fade moves to the left edge, where the first tabs now wait.
  await expect.poll(() => fades(`${sel(id)} [role="tablist"]`)).toEqual([expect.any(Number), 0]);
  expect((await fades(`${sel(id)} [role="tablist"]`))[0]).toBeGreaterThan(20);
  await page.setViewportSize({ width: 1280, height: 900 });
  const fits = page.locator(`${sel('acquire-then-write')} [role="tablist"]`);
  await expect.poll(() => fits.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await fades(`${sel('acquire-then-write')} [role="tablist"]`)).toEqual([0, 0]);
  await context.close();
}, 120_000);

it('on a phone a snippet’s code that runs past the edge fades out there; on a wide screen, where it wraps, it does not', async () => {
  const { page, context } = await newPage(site.browser, { viewport: { width: 390, height: 800 } });
  await page.goto(`${site.url}/lessons/leader-election/`);
  const panel = page.locator('.snippet-panel:visible').first();
  await panel.scrollIntoViewIfNeeded();
  const fades = () =>
    panel.evaluate((el) =>
      ['--edge-fade-start', '--edge-fade-end'].map((p) => parseFloat(getComputedStyle(el).getPropertyValue(p))),
    );
  expect(await panel.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  const [start, end] = await fades();
  expect(start).toBe(0);
  expect(end).toBeGreaterThan(20);
  await panel.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect.poll(fades).toEqual([expect.any(Number), 0]);
  expect((await fades())[0]).toBeGreaterThan(20);
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect.poll(() => panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await panel.evaluate((el) => getComputedStyle(el).maskImage)).toBe('none');
  await context.close();
}, 60_000);

it.each([
  ['a touch screen', true],
  ['a desktop', false],
] as const)(
  'the replay’s arrow-key hint on %s: shown only where there is a keyboard',
  async (_name, touch) => {
    const context = await site.browser.newContext(
      touch
        ? { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true }
        : { viewport: { width: 1280, height: 900 } },
    );
    const page = await context.newPage();
    await page.goto(`${site.url}/lessons/leader-election/?runner=worker`);
    const id = 'acquire-then-write';
    const root = page.locator(sel(id));
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
    await root.locator('[data-action="run"]').click();
    await expect.poll(() => root.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await root.locator('[data-action="step"]').click();
    const replay = root.locator('lf-replay');
    await expect.poll(() => replay.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await replay.locator('.xp-hint').isVisible()).toBe(!touch);
    await context.close();
  },
  120_000,
);
