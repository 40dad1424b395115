// The editor shows whole lines: at 1280 and 390 px its view ends on a line boundary (no half-cut
// last row), and scrolled to the end, the file's last line is wholly in view.
import { expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

it.each([1280, 390])(
  'at %i px every editor ends on a whole line, and its last line can be scrolled wholly into view',
  async (width) => {
    const { page, context } = await newPage(site.browser, { viewport: { width, height: 900 } });
    await page.goto(`${site.url}/lessons/leader-election/?runner=worker`);
    const sandboxes = page.locator('lf-sandbox');
    for (let i = 0; i < (await sandboxes.count()); i++) {
      const sandbox = sandboxes.nth(i);
      await sandbox.scrollIntoViewIfNeeded();
      await sandbox.locator('.cm-editor').waitFor({ timeout: 30_000 });
      const m = await sandbox.evaluate((el) => {
        const scroller = el.querySelector<HTMLElement>('.cm-scroller')!;
        const content = el.querySelector<HTMLElement>('.cm-content')!;
        const row = parseFloat(getComputedStyle(scroller).lineHeight);
        const rows = (scroller.clientHeight - parseFloat(getComputedStyle(content).paddingTop)) / row;
        scroller.scrollTop = scroller.scrollHeight;
        const lines = el.querySelectorAll('.cm-line');
        return {
          rows,
          last: lines[lines.length - 1]!.getBoundingClientRect().bottom,
          bottom: scroller.getBoundingClientRect().top + scroller.clientHeight,
        };
      });
      expect(Math.abs(m.rows - Math.round(m.rows)), `sandbox ${i}: ${m.rows} rows in view`).toBeLessThan(0.06);
      expect(m.last, `sandbox ${i}: last line's bottom vs the view's`).toBeLessThanOrEqual(m.bottom + 1);
    }
    await context.close();
  },
  120_000,
);
