// The editor and the keyboard (CodeMirror’s accessibility guidance), in Chromium: a Tab walk through
// every sandbox never changes or saves code, and the hint for Tab is in view where focus lands; once
// the reader types or presses Enter, Tab indents and Escape then Tab moves on; the focus ring is
// drawn where its container does not clip it; no line looks current while the editor is unfocused.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const LESSON = '/lessons/leader-election/';
const SANDBOXES = ['acquire-then-write', 'fencing-token', 'keep-alive'];
const site = useSite();
const sel = (id: string) => `lf-sandbox[data-sandbox="${id}"]`;
const active = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el?.classList.contains('cm-content')
      ? 'editor'
      : (el?.dataset.action ?? el?.dataset.file ?? el?.tagName ?? '');
  });

async function ready(page: Page, id: string) {
  await page.locator(sel(id)).scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
}

describe('the editor and the keyboard', () => {
  it('a Tab walk through every sandbox changes no code and saves no edit; the hint is in view where focus lands', async () => {
    const { page, context, errors } = await newPage(site.browser, { viewport: { width: 390, height: 800 } });
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    for (const id of SANDBOXES) {
      await ready(page, id);
      const before = await page.locator(`${sel(id)} .cm-content`).innerText();
      await page.locator(`${sel(id)} [data-sandbox-tab][aria-selected="true"]`).focus();
      await page.keyboard.press('Tab');
      expect(await active(page)).toBe('editor');
      const hint = page.locator(`${sel(id)} [data-sandbox-editor-hint]`);
      // CodeMirror marks itself focused (.cm-focused) on its next update, not within the key press.
      await expect.poll(() => hint.isVisible(), { timeout: 5_000 }).toBe(true);
      expect(await hint.innerText()).toBe('Tab moves on');
      expect(
        await hint.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.bottom <= innerHeight;
        }),
      ).toBe(true);
      // It covers no code: it sits above the first line.
      expect(
        await hint.evaluate(
          (el, s) =>
            el.getBoundingClientRect().bottom <= document.querySelector(`${s} .cm-line`)!.getBoundingClientRect().top,
          sel(id),
        ),
      ).toBe(true);
      await page.keyboard.press('Tab');
      expect(await active(page)).toBe('run');
      await page.keyboard.press('Shift+Tab');
      expect(await active(page)).toBe('editor');
      await page.keyboard.press('Shift+Tab');
      expect(await active(page)).not.toBe('editor');
      expect(await page.locator(`${sel(id)} .cm-content`).innerText()).toBe(before);
    }
    await page.waitForTimeout(400); // past the editor’s 200 ms save debounce
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lf:sandbox:')))).toEqual([]);
    expect(await page.locator('[data-sandbox-tab][data-edited]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('focus on the starter code while the editor loads moves into the editor that replaces it, not to the page', async () => {
    const { page, context, errors } = await newPage(site.browser);
    // Hold the sandbox app’s chunk until focus is on the static code, as on a slow connection.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/sandbox-app\.[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const id = SANDBOXES[1]!;
    const code = page.locator(`${sel(id)} [data-sandbox-static] pre`).first();
    await code.scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator(sel(id)).getAttribute('data-state')).toBe('loading');
    await code.focus();
    release();
    await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
    await expect.poll(() => active(page)).toBe('editor');
    expect(await page.evaluate(() => document.activeElement?.closest('lf-sandbox')?.getAttribute('data-sandbox'))).toBe(
      id,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('once the reader types (or presses Enter), Tab indents and the hint says so; Escape then Tab moves on', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const id = 'fencing-token';
    await ready(page, id);
    await page.locator(`${sel(id)} [data-sandbox-tab][aria-selected="true"]`).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('editor');
    expect(
      await page
        .locator(`${sel(id)} .cm-line`)
        .nth(1)
        .innerText(),
    ).toMatch(/^\s+/); // the new line got indented
    expect(await page.locator(`${sel(id)} [data-sandbox-editor-hint]`).innerText()).toBe(
      'Tab indents, Esc Tab moves on',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('run');
    // Leaving disengages: coming back with Shift+Tab, Tab moves on again.
    await page.keyboard.press('Shift+Tab');
    expect(await active(page)).toBe('editor');
    await page.keyboard.press('Tab');
    expect(await active(page)).toBe('run');
    await context.close();
  }, 120_000);

  it('the focus ring is inside the box its container clips, and no line is highlighted without focus', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const id = 'fencing-token';
    await ready(page, id);
    const lineBg = () =>
      page
        .locator(`${sel(id)} .cm-activeLine`)
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await lineBg()).toBe('rgba(0, 0, 0, 0)');
    // CodeMirror applies a focus change 10 ms after the event (updateForFocusChange): wait for it.
    await page.locator(`${sel(id)} .cm-content`).focus();
    await expect.poll(lineBg).not.toBe('rgba(0, 0, 0, 0)');
    const ring = await page.locator(`${sel(id)} .cm-editor`).evaluate((el) => {
      const cs = getComputedStyle(el);
      const grow = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth);
      const r = el.getBoundingClientRect();
      const clip = el.closest('.sbx-editor')!.getBoundingClientRect();
      return {
        style: cs.outlineStyle,
        width: parseFloat(cs.outlineWidth),
        inside:
          r.left - grow >= clip.left - 0.5 &&
          r.right + grow <= clip.right + 0.5 &&
          r.top - grow >= clip.top - 0.5 &&
          r.bottom + grow <= clip.bottom + 0.5,
      };
    });
    expect(ring).toEqual({ style: 'solid', width: expect.any(Number) as unknown, inside: true });
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.locator(`${sel(id)} [data-action="run"]`).focus();
    await expect.poll(lineBg).toBe('rgba(0, 0, 0, 0)');
    await context.close();
  }, 120_000);
});
