// The sandboxes in a real Chromium, against the built site (npm run build first).
// DOM hooks: lf-sandbox[data-sandbox=id][data-state=ready|running|done][data-verdict][data-run-ms][data-runner],
// [data-action=run|reset|solution], [data-sandbox-verdict], [data-sandbox-detail], [data-sandbox-notice],
// [data-sandbox-result][data-error-line], element.lastOutcome.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { axeViolations } from './axe.ts';
import type { RunResult } from '../../sandboxes/kit/types.ts';

const LESSON = process.env.LF_SANDBOX_PAGE ?? '/lessons/leader-election/';
const ACCEPT = 'acquire-then-write';
const FENCE = 'fencing-token';

const site = useSite();
const ROOT = join(import.meta.dirname, '../..');

const sel = (id: string) => `lf-sandbox[data-sandbox="${id}"]`;

async function open(opts: { query?: string; colorScheme?: 'light' | 'dark'; javaScriptEnabled?: boolean } = {}) {
  const { context, page, errors } = await newPage(site.browser, {
    colorScheme: opts.colorScheme,
    javaScriptEnabled: opts.javaScriptEnabled,
  });
  await page.goto(`${site.url}${LESSON}${opts.query ?? ''}`);
  return { context, page, errors };
}

async function ready(page: Page, id: string) {
  await page.locator(sel(id)).scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel(id)}[data-state="ready"], ${sel(id)}[data-state="done"]`, { timeout: 15_000 });
}

async function run(page: Page, id: string): Promise<{ verdict: string; label: string; detail: string; ms: number }> {
  const root = page.locator(sel(id));
  const before = Number((await root.getAttribute('data-runs')) ?? 0);
  await root.locator('[data-action="run"]').click();
  await page.waitForFunction(
    ([s, n]) =>
      Number(document.querySelector(s)?.getAttribute('data-runs') ?? 0) > n &&
      document.querySelector(s)?.getAttribute('data-state') === 'done',
    [sel(id), before] as const,
    { timeout: 20_000 },
  );
  return {
    verdict: (await root.getAttribute('data-verdict')) ?? '',
    label: ((await root.locator('[data-sandbox-verdict]').textContent()) ?? '').trim(),
    detail: ((await root.locator('[data-sandbox-detail]').textContent()) ?? '').trim(),
    ms: Number(await root.getAttribute('data-run-ms')),
  };
}

/** Puts the caret at the start of the text on a 1-based line of the visible editor (a click, then keys). */
async function gotoLine(page: Page, id: string, line: number) {
  await page
    .locator(`${sel(id)} .cm-line`)
    .nth(line - 1)
    .click();
  await page.keyboard.press('End');
  await page.keyboard.press('Home'); // start of the line’s text, after its indentation
}

async function openTab(page: Page, id: string, file: string) {
  await page.locator(`${sel(id)} [data-sandbox-tab][data-file="${file}"]`).click();
}

const editorText = (page: Page, id: string) =>
  page
    .locator(`${sel(id)} .cm-line`)
    .allTextContents()
    .then((lines) => lines.join('\n'));

/** The fencing check, typed as one line before store.ts’s `return { ok: true };`. */
const FENCE_LINE =
  "const h = memory.get(put.key); if (put.token === undefined || (h !== undefined && put.token < h)) return { ok: false, reason: 'stale token' }; memory.set(put.key, put.token); ";

async function lineOf(page: Page, id: string, needle: string): Promise<number> {
  const lines = (await editorText(page, id)).split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in the editor`);
  return i + 1;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('sandbox', () => {
  it('Run shows the stale write accepted; first and warm runs stay within budget', async () => {
    const first: number[] = [];
    const warm: number[] = [];
    // First runs: a fresh browser context each time, Run clicked at once. data-first-run-ms counts
    // from the click or from when the sandbox started loading (editor chunk, worker, sucrase,
    // sources), whichever came first, to the verdict on screen.
    for (let i = 0; i < 5; i++) {
      const { context, page, errors } = await open({ query: '?runner=worker' });
      const root = page.locator(sel(ACCEPT));
      await root.locator('[data-action="run"]').click();
      await page.waitForSelector(`${sel(ACCEPT)}[data-state="done"]`, { timeout: 20_000 }).catch(async (err) => {
        const state = await root.evaluate((el: HTMLElement) =>
          JSON.stringify({
            ...el.dataset,
            files: undefined,
            status: el.querySelector('[data-sandbox-status]')?.textContent,
          }),
        );
        throw new Error(`first run ${i} never finished: ${state}; page errors: ${errors.join(' | ')}; ${err}`);
      });
      const detail = await root.locator('[data-sandbox-detail]').textContent();
      expect(await root.getAttribute('data-verdict'), `first run ${i}: ${detail}`).toBe('stale-write-accepted');
      await expect(root.locator('[data-sandbox-verdict]').textContent()).resolves.toBe('Stale write accepted');
      first.push(Number(await root.getAttribute('data-first-run-ms')));
      expect(errors).toEqual([]);
      await context.close();
    }
    const { context, page, errors } = await open({ query: '?runner=worker' });
    await ready(page, ACCEPT);
    await run(page, ACCEPT);
    for (let i = 0; i < 7; i++) warm.push((await run(page, ACCEPT)).ms);
    console.log(
      `sandbox run-to-verdict (in-page worker): first ${first.map((m) => m.toFixed(0)).join('/')} ms (median ${median(first).toFixed(0)}), warm median ${median(warm).toFixed(1)} ms over ${warm.length}`,
    );
    // The budget: 1 s cold, 100 ms warm. The worker starts and compiles the sandbox while the editor
    // chunk loads, and the kit comes precompiled. On this 2-core machine cold medians ran 771-1,012 ms
    // while headless Chromium drew its own omnibox popup in every new context; with that off
    // (harness.ts), 494 ms. Warm medians: 15-27 ms.
    expect(median(first)).toBeLessThanOrEqual(1000);
    expect(median(warm)).toBeLessThanOrEqual(100);
    // The timeline and the log are there, with the stale write marked in words.
    await expect(
      page.locator(`${sel(ACCEPT)} svg.tl [data-stale="true"][data-accepted="true"]`).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(
      page
        .locator(`${sel(ACCEPT)} svg.tl title`)
        .first()
        .textContent(),
    ).resolves.toContain('Timeline');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Run pressed before the editor has loaded runs the reader’s saved edits, and the editor then shows them', async () => {
    const { context, page, errors } = await open({ query: '?runner=worker' });
    // The reader’s store.ts from an earlier visit: the fix (its imports as they stand in the sandbox’s folder).
    const fix = readFileSync(join(ROOT, 'sandboxes/fencing-token/solution/store.ts'), 'utf8').replaceAll(
      "'../../kit/",
      "'../kit/",
    );
    await page.evaluate((text) => localStorage.setItem('lf:sandbox:fencing-token:store.ts', text), fix);
    const root = page.locator(sel(FENCE));
    expect(await root.getAttribute('data-state')).toBe('idle'); // far down the page: nothing loaded yet
    await root.locator('[data-action="run"]').click();
    await page.waitForSelector(`${sel(FENCE)}[data-state="done"]`, { timeout: 20_000 });
    const detail = await root.locator('[data-sandbox-detail]').textContent();
    expect(await root.getAttribute('data-verdict'), detail ?? '').toBe('stale-write-rejected');
    expect(await root.locator('[data-sandbox-status]').innerText()).toMatch(/^Run 1: ran with seed \d+ in /);
    await openTab(page, FENCE, 'store.ts');
    expect(await editorText(page, FENCE)).toContain(
      "if (put.token === undefined) return { ok: false, reason: 'no fencing token' };",
    );
    await expect(
      root.locator('[data-sandbox-tab][data-file="store.ts"]').getAttribute('data-edited'),
    ).resolves.not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(['light', 'dark'] as const)(
    'on a 390px phone, Run scrolls the timeline to the deciding write and the lane names stay in view beside it; axe finds nothing on the page (%s)',
    async (colorScheme) => {
      const { context, page, errors } = await newPage(site.browser, {
        colorScheme,
        viewport: { width: 390, height: 844 },
      });
      await page.goto(`${site.url}${LESSON}?runner=worker`);
      await ready(page, ACCEPT);
      expect((await run(page, ACCEPT)).verdict).toBe('stale-write-accepted');
      const box = page.locator(`${sel(ACCEPT)} [data-sandbox-timeline]`);
      await box.scrollIntoViewIfNeeded();
      const geo = await box.evaluate((el) => {
        const b = el.getBoundingClientRect();
        const rect = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
        };
        // The scroller’s visible box: its client area, on screen.
        const view = {
          left: b.left + el.clientLeft,
          right: b.left + el.clientLeft + el.clientWidth,
          top: b.top + el.clientTop,
          bottom: b.top + el.clientTop + el.clientHeight,
        };
        return {
          view,
          scrolled: el.scrollLeft,
          overflows: el.scrollWidth > el.clientWidth,
          column: rect(el.querySelector('.tl-names-svg')!),
          decisive: rect(el.querySelector('svg.tl .tl-decisive circle')!),
          names: [...el.querySelectorAll('.tl-names-svg .tl-lane-label')].map((t) => ({
            text: t.textContent,
            ...rect(t),
          })),
          lanes: [...el.querySelectorAll('svg.tl .tl-lane-label')].map((t) => ({ text: t.textContent, ...rect(t) })),
          hidden: el.querySelector('.tl-names')!.getAttribute('aria-hidden'),
        };
      });
      // The drawing is wider than the phone and was scrolled to the stale write that decided the verdict.
      expect(geo.overflows).toBe(true);
      expect(geo.scrolled).toBeGreaterThan(0);
      const inside = (r: { left: number; right: number; top: number; bottom: number }, v = geo.view) =>
        r.left >= v.left - 0.5 && r.right <= v.right + 0.5 && r.top >= v.top - 0.5 && r.bottom <= v.bottom + 0.5;
      expect(inside(geo.decisive), JSON.stringify(geo)).toBe(true);
      // ...and not under the lane names.
      expect(geo.decisive.left).toBeGreaterThanOrEqual(geo.column.right);
      // The lane names are in view, each lined up with its lane (the drawing’s own labels, scrolled away, at the same height).
      expect(geo.names.map((n) => n.text)).toEqual(['Worker A', 'Worker B', 'Lock service', 'Store']);
      expect(geo.lanes.map((n) => n.text)).toEqual(geo.names.map((n) => n.text));
      geo.names.forEach((n, i) => {
        expect(inside(n), `${n.text} ${JSON.stringify(n)} in ${JSON.stringify(geo.view)}`).toBe(true);
        expect(Math.abs(n.top - geo.lanes[i]!.top)).toBeLessThan(0.5);
        expect(Math.abs(n.bottom - geo.lanes[i]!.bottom)).toBeLessThan(0.5);
      });
      expect(geo.hidden).toBe('true');
      // The whole page, with the lesson’s own timeline too (their regions are named apart).
      expect(await axeViolations(page)).toEqual([]);
      // Wide, the whole run fits: no scrolling and no separate name column.
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(
        await box.evaluate((el) => [
          el.scrollWidth > el.clientWidth,
          getComputedStyle(el.querySelector('.tl-names')!).display,
        ]),
      ).toEqual([false, 'none']);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it('typing the fencing check into the editor gets the stale write rejected; a reload keeps the edit', async () => {
    const { context, page, errors } = await open({ query: '?runner=worker' });
    await ready(page, FENCE);
    expect((await run(page, FENCE)).verdict).toBe('stale-write-accepted');
    await openTab(page, FENCE, 'store.ts');
    await gotoLine(page, FENCE, await lineOf(page, FENCE, 'return { ok: true };'));
    await page.keyboard.type(FENCE_LINE, { delay: 2 });
    expect(await editorText(page, FENCE)).toContain(`${FENCE_LINE}return { ok: true };`);
    const r = await run(page, FENCE);
    expect(r.verdict).toBe('stale-write-rejected');
    expect(r.label).toBe('Stale write rejected');
    await expect(
      page.locator(`${sel(FENCE)} svg.tl [data-stale="true"][data-accepted="false"]`).count(),
    ).resolves.toBeGreaterThan(0);
    // The edit is saved (debounced) and survives a reload.
    await page
      .waitForFunction(() => localStorage.getItem('lf:sandbox:fencing-token:store.ts') !== null, undefined, {
        timeout: 5000,
      })
      .catch(async () => {
        throw new Error(
          `the edit was not saved; localStorage keys: ${await page.evaluate(() => Object.keys(localStorage).join(', '))}`,
        );
      });
    await page.reload();
    await ready(page, FENCE);
    await openTab(page, FENCE, 'store.ts');
    expect(await editorText(page, FENCE)).toContain(FENCE_LINE.trim());
    await expect(
      page.locator(`${sel(FENCE)} [data-sandbox-tab][data-file="store.ts"][data-edited]`).count(),
    ).resolves.toBe(1);
    expect((await run(page, FENCE)).verdict).toBe('stale-write-rejected');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Show solution keeps the reader’s edits; Reset asks first and restores the starter', async () => {
    const { context, page } = await open({ query: '?runner=worker' });
    await ready(page, FENCE);
    await openTab(page, FENCE, 'store.ts');
    await gotoLine(page, FENCE, await lineOf(page, FENCE, 'return { ok: true };'));
    await page.keyboard.type('// mine ');
    const root = page.locator(sel(FENCE));
    await root.locator('[data-action="solution"]').click();
    await expect(root.locator('[data-sandbox-solution-banner]').isVisible()).resolves.toBe(true);
    expect(await editorText(page, FENCE)).toContain('memory.set(put.key, put.token)');
    expect((await run(page, FENCE)).verdict).toBe('stale-write-rejected');
    await root.locator('[data-action="solution"]').click();
    expect(await editorText(page, FENCE)).toContain('// mine return { ok: true };');
    // Reset: the dialog asks; "Keep my edits" keeps them.
    await root.locator('[data-action="reset"]').click();
    const dialog = root.locator('dialog[data-sandbox-dialog]');
    await expect(dialog.isVisible()).resolves.toBe(true);
    await dialog.locator('button[value="cancel"]').click();
    expect(await editorText(page, FENCE)).toContain('// mine');
    await root.locator('[data-action="reset"]').click();
    await dialog.locator('button[value="confirm"]').click();
    await page.waitForFunction(
      (s) => !document.querySelector(s)?.textContent?.includes('// mine'),
      `${sel(FENCE)} .cm-content`,
    );
    await expect(root.locator('[data-sandbox-status]').textContent()).resolves.toBe('Reset to the starter code.');
    expect(await page.evaluate(() => localStorage.getItem('lf:sandbox:fencing-token:store.ts'))).toBeNull();
    await context.close();
  });

  it('an endless loop is stopped with a message; the page stays responsive and the edit stays', async () => {
    const { context, page, errors } = await open({ query: '?runner=worker' });
    await ready(page, FENCE);
    await openTab(page, FENCE, 'store.ts');
    await gotoLine(page, FENCE, await lineOf(page, FENCE, 'return { ok: true };'));
    await page.keyboard.type('while (true) {}');
    const t0 = Date.now();
    const r = await run(page, FENCE);
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(r.verdict).toBe('error');
    expect(r.detail).toBe('Stopped after 2 s: does your code loop forever?');
    // Responsive: the main thread answers at once and the editor still takes input.
    const t1 = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - t1).toBeLessThan(500);
    expect(await editorText(page, FENCE)).toContain('while (true) {}');
    // Remove the loop (undo) and the next run works on a fresh worker.
    await page.locator(`${sel(FENCE)} .cm-content`).focus();
    await page.keyboard.press('Control+z');
    expect(await editorText(page, FENCE)).not.toContain('while (true)');
    expect((await run(page, FENCE)).verdict).toBe('stale-write-accepted');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a syntax error is reported at its file and line', async () => {
    const { context, page } = await open({ query: '?runner=worker' });
    await ready(page, FENCE);
    await openTab(page, FENCE, 'store.ts');
    const line = await lineOf(page, FENCE, 'return { ok: true };');
    await gotoLine(page, FENCE, line);
    await page.keyboard.type('const = ');
    const r = await run(page, FENCE);
    expect(r.verdict).toBe('error');
    expect(r.label).toBe('Error: does not parse');
    expect(r.detail).toMatch(new RegExp(`^store\\.ts:${line}: SyntaxError`));
    const result = page.locator(`${sel(FENCE)} [data-sandbox-result]`);
    expect(await result.getAttribute('data-error-line')).toBe(String(line));
    expect(await result.getAttribute('data-error-file')).toBe('fencing-token/store.ts');
    await expect(page.locator(`${sel(FENCE)} .cm-lf-error-line`).textContent()).resolves.toContain('const = ');
    await context.close();
  });

  it('a runtime error in reader code names the file and line', async () => {
    const { context, page } = await open({ query: '?runner=worker' });
    await ready(page, FENCE);
    await openTab(page, FENCE, 'store.ts');
    const line = await lineOf(page, FENCE, 'return { ok: true };');
    await gotoLine(page, FENCE, line);
    await page.keyboard.type('memory.nope.boom; ');
    const r = await run(page, FENCE);
    expect(r.verdict).toBe('error');
    expect(r.detail).toContain('TypeError');
    expect(await page.locator(`${sel(FENCE)} [data-sandbox-result]`).getAttribute('data-error-line')).toBe(
      String(line),
    );
    await context.close();
  });

  it('the real WebContainer boot is attempted and falls back within its bound, with a notice', async () => {
    // The bound is 30 s for readers; `?boot-timeout=` (README) shortens it here. The boot starts
    // when the sandbox nears the viewport, and a run meanwhile happens in the page at once.
    const { context, page } = await open({ query: '?boot-timeout=3000' });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await ready(page, ACCEPT);
    const t0 = Date.now();
    const r = await run(page, ACCEPT);
    expect(r.verdict).toBe('stale-write-accepted'); // ran in the page meanwhile
    expect(await page.locator(sel(ACCEPT)).getAttribute('data-runner')).toBe('worker');
    console.log(
      `first run with the WebContainer boot attempted alongside: ${await page.locator(sel(ACCEPT)).getAttribute('data-first-run-ms')} ms`,
    );
    const notice = page.locator(`${sel(ACCEPT)} [data-sandbox-notice]`);
    await page.waitForFunction(
      (s) => /did not start within 3 s|failed to start/.test(document.querySelector(s)?.textContent ?? ''),
      `${sel(ACCEPT)} [data-sandbox-notice]`,
      { timeout: 14_000 },
    );
    const elapsed = Date.now() - t0;
    const text = (await notice.textContent())!.trim();
    console.log(`WebContainer fallback ${elapsed} ms after the first run: "${text}"`);
    expect(text).toMatch(
      /^Running in this page: the WebContainer engine (did not start within 3 s|failed to start \(.+\))\.$/,
    );
    expect(elapsed).toBeLessThan(10_000);
    expect(await page.locator(sel(ACCEPT)).getAttribute('data-runner')).toBe('worker');
    expect((await run(page, ACCEPT)).verdict).toBe('stale-write-accepted');
    await context.close();
  });

  it('the same seed gives the same trace in the browser as in Node', async () => {
    const { context, page } = await open({ query: '?runner=worker' });
    for (const id of [ACCEPT, FENCE]) {
      await ready(page, id);
      await run(page, id);
      const inBrowser = await page.evaluate(
        (s) => (document.querySelector(s) as HTMLElement & { lastOutcome: RunResult }).lastOutcome,
        sel(id),
      );
      const seed = Number(await page.locator(sel(id)).getAttribute('data-seed'));
      const { run: runInNode } = (await import(`../../sandboxes/${id}/scenario.ts`)) as {
        run: (o: { seed: number }) => Promise<RunResult>;
      };
      const inNode = await runInNode({ seed });
      expect(inBrowser.seed).toBe(seed);
      expect(JSON.stringify(inBrowser.trace)).toBe(JSON.stringify(inNode.trace));
      expect(inBrowser.verdict).toEqual(inNode.verdict);
    }
    await context.close();
  });

  it('keyboard only: tabs with arrows, Tab indents in the editor once engaged, Escape then Tab leaves it', async () => {
    const { context, page } = await open({ query: '?runner=worker' });
    await ready(page, FENCE);
    const tab = page.locator(`${sel(FENCE)} [data-sandbox-tab][aria-selected="true"]`);
    await tab.focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.file)).toBe('store.ts');
    await page.locator(`${sel(FENCE)} .cm-content`).focus();
    await page.keyboard.press('Enter'); // engaging the editor: from now on Tab indents (editor-keys.test.ts)
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true); // Tab indented
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('run');
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${sel(FENCE)}[data-state="done"]`);
    await context.close();
  });

  it.each(['light', 'dark'] as const)('axe finds nothing in a sandbox after a run (%s)', async (colorScheme) => {
    const { context, page } = await open({ query: '?runner=worker', colorScheme });
    await ready(page, ACCEPT);
    await run(page, ACCEPT);
    await openTab(page, ACCEPT, 'scenario.ts');
    expect(await axeViolations(page, sel(ACCEPT))).toEqual([]);
    await context.close();
  });

  it('without JavaScript the starter code is shown read-only with a note', async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    const root = page.locator(sel(FENCE));
    await expect(root.locator('pre').allTextContents()).resolves.toEqual([
      expect.stringContaining('runJob'),
      expect.stringContaining('handlePut'),
    ]);
    await expect(root.locator('.sbx-nojs').isVisible()).resolves.toBe(true);
    await expect(root.locator('.sbx-nojs').textContent()).resolves.toContain('needs JavaScript');
    await expect(root.locator('[data-action="run"]').isVisible()).resolves.toBe(false);
    await context.close();
  });
});
