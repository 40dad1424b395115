// The editor shows whole lines: at 1280 and 390 px its view ends on a line boundary (no half-cut
// last row), and scrolled to the end, the file’s last line is wholly in view.
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
      expect(m.last, `sandbox ${i}: last line’s bottom vs the view’s`).toBeLessThanOrEqual(m.bottom + 1);
    }
    await context.close();
  },
  120_000,
);

it('at 390 px a wrapped line continues under a hanging indent, past its own indentation', async () => {
  const { page, context } = await newPage(site.browser, { viewport: { width: 390, height: 900 } });
  await page.goto(`${site.url}/lessons/leader-election/?runner=worker`);
  const sandbox = page.locator('lf-sandbox[data-sandbox="acquire-then-write"]');
  await sandbox.scrollIntoViewIfNeeded();
  await sandbox.locator('.cm-editor').waitFor({ timeout: 30_000 });
  // Every line drawn that wraps: where its first row starts, where its text’s indentation ends, and
  // where each row it wraps into starts.
  const wrapped = await sandbox.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>('.cm-line')].flatMap((line) => {
      const range = document.createRange();
      range.selectNodeContents(line);
      const rows = [...range.getClientRects()].filter((r) => r.width > 0);
      const tops = [...new Set(rows.map((r) => Math.round(r.top)))];
      if (tops.length < 2) return [];
      const lefts = tops.map((t) => Math.min(...rows.filter((r) => Math.round(r.top) === t).map((r) => r.left)));
      const indent = /^[ \t]*/.exec(line.textContent ?? '')![0].length;
      const ch = parseFloat(getComputedStyle(line).fontSize) * 0.6; // a monospace ch, about
      return [{ text: (line.textContent ?? '').slice(0, 30), first: lefts[0]!, rest: lefts.slice(1), indent, ch }];
    }),
  );
  expect(wrapped.length).toBeGreaterThan(0);
  for (const w of wrapped)
    for (const left of w.rest) expect(left - w.first, w.text).toBeGreaterThan((w.indent + 1.5) * w.ch);
  await context.close();
}, 60_000);
