// Code in a Snippet is all in view on a desktop: at 1280 px every line of every Snippet, in both
// languages of every lesson, wraps inside its panel instead of running past the edge; at 390 px the
// panel scrolls sideways and its scroll box can be focused to scroll with the keyboard.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { lessonFiles } from '../../src/check/lessons-on-disk.ts';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();
const slugs = lessonFiles(join(import.meta.dirname, '../..')).map((file) => file.split('/')[1]!);

it.each(slugs)(
  'at 1280 px no Snippet line of %s runs past its panel, in Go or TypeScript',
  async (slug) => {
    const { page, context } = await newPage(site.browser, { viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/lessons/${slug}/`);
    for (const lang of ['go', 'ts']) {
      await page.evaluate((l) => document.documentElement.setAttribute('data-code-lang', l), lang);
      const overflowing = await page.locator('.snippet-panel').evaluateAll((panels) =>
        panels
          .filter((p) => p.getClientRects().length > 0) // the language shown
          .flatMap((p) => {
            const right = p.getBoundingClientRect().right;
            const hidden = p.scrollWidth > p.clientWidth + 1;
            const cut = [...p.querySelectorAll('.line')].filter(
              (line) =>
                line.getBoundingClientRect().right > right + 1 ||
                (line as HTMLElement).scrollWidth > (line as HTMLElement).clientWidth + 1,
            );
            return hidden || cut.length
              ? [
                  `${p.closest('.snippet')?.querySelector('.snippet-title')?.textContent ?? '?'}: ${cut.map((l) => (l.textContent ?? '').trim().slice(0, 50)).join(' | ')}`,
                ]
              : [];
          }),
      );
      expect(overflowing, `${slug} (${lang})`).toEqual([]);
    }
    await context.close();
  },
  60_000,
);

it('at 390 px a Snippet with a long line scrolls sideways, and its panel takes keyboard focus to scroll', async () => {
  const { page, context } = await newPage(site.browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${site.url}/lessons/${slugs[0]}/`);
  const wide = page.locator('.snippet-panel').filter({ visible: true }).first();
  expect(await wide.evaluate((p) => p.scrollWidth > p.clientWidth)).toBe(true);
  expect(await wide.getAttribute('tabindex')).toBe('0');
  await context.close();
}, 60_000);

it.each(slugs)(
  'on %s, a Snippet’s language tabs and Copy share one row at 1280 and 390 px, however long its title',
  async (slug) => {
    for (const width of [1280, 390]) {
      const { page, context } = await newPage(site.browser, { viewport: { width, height: 900 } });
      await page.goto(`${site.url}/lessons/${slug}/`);
      const rows = await page.locator('.snippet-bar').evaluateAll((bars) =>
        bars.map((bar) => {
          const tops = [...bar.querySelectorAll<HTMLElement>('.snippet-tab, .snippet-copy')]
            .filter((e) => e.offsetParent !== null)
            .map((e) => Math.round(e.getBoundingClientRect().top));
          return { title: bar.querySelector('.snippet-title')?.textContent ?? '', rows: new Set(tops).size };
        }),
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.rows, `${width} px: ${r.title}`).toBe(1);
      await context.close();
    }
  },
  60_000,
);
