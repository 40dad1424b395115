// Type errors in the reader’s code, in Chromium: nothing of the checker loads before the reader
// edits; a type error typed into job.ts is listed (file, line, message) and marked in the editor
// without holding up Run, whose verdict still comes; undoing the edit clears it.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const LESSON = '/lessons/leader-election/';
const ID = 'fencing-token';
const site = useSite();
const sel = `lf-sandbox[data-sandbox="${ID}"]`;
const PUT = "await store.put('result.csv', data, token);";

const editorText = (page: Page) =>
  page
    .locator(`${sel} .cm-line`)
    .allTextContents()
    .then((lines) => lines.join('\n'));

describe('type errors in a sandbox', () => {
  it('loads no checker before an edit, lists a typed type error with its line, runs anyway, and clears it once fixed', async () => {
    // Under the site’s Content-Security-Policy: the checker’s worker must be allowed as it is.
    const { page, context, errors } = await newPage(site.browser, {
      viewport: { width: 1280, height: 900 },
      enforceCsp: true,
    });
    const workers: string[] = [];
    const requests: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    context.on('request', (r) => requests.push(r.url())); // the page’s and its workers'
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    const root = page.locator(sel);
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel}[data-state="ready"]`, { timeout: 30_000 });
    await page.waitForTimeout(1500); // idle time after the editor is ready: still no checker without an edit
    const checker = (u: string) => /typecheck|typescript/i.test(u); // the worker and the compiler it fetches
    expect(workers.filter(checker)).toEqual([]);
    expect(requests.filter(checker)).toEqual([]);
    expect(await root.locator('[data-sandbox-types]').isHidden()).toBe(true);

    // job.ts: `data` in the put becomes the number 1, typed as a reader would.
    const lines = (await editorText(page)).split('\n');
    const line = lines.findIndex((l) => l.includes(PUT)) + 1;
    expect(line).toBeGreaterThan(0);
    await root
      .locator('.cm-line')
      .nth(line - 1)
      .click();
    await page.keyboard.press('End');
    await page.keyboard.press('Home'); // the start of the line’s text
    for (let i = 0; i < "await store.put('result.csv', ".length; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 'data'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('1');
    expect((await editorText(page)).split('\n')[line - 1]).toContain("store.put('result.csv', 1, token)");

    const box = root.locator('[data-sandbox-types]');
    await box.waitFor({ state: 'visible', timeout: 60_000 });
    expect(workers.some(checker)).toBe(true);
    expect(requests.some((u) => /typescript[^/]*\.js/.test(u))).toBe(true);
    expect(await box.locator('[data-sandbox-types-head]').innerText()).toBe('A type error (Run does not wait for it):');
    const item = box.locator('li');
    expect(await item.count()).toBe(1);
    expect(await item.getAttribute('data-file')).toBe('job.ts');
    expect(await item.getAttribute('data-line')).toBe(String(line));
    expect(await item.locator('button').innerText()).toBe(`job.ts line ${line}`);
    expect(await item.innerText()).toMatch(/Argument of type 'number' is not assignable to parameter of type 'string'/);
    // The editor marks the same place: a lint range on the `1`.
    expect(await root.locator('.cm-lintRange-error').first().innerText()).toBe('1');

    // Run is not held up: it runs the code as it is and gives its verdict.
    await root.locator('[data-action="run"]').click();
    await page.waitForSelector(`${sel}[data-state="done"]`, { timeout: 30_000 });
    expect(await root.getAttribute('data-verdict')).toBeTruthy();
    expect(await root.locator('[data-sandbox-verdict]').innerText()).not.toBe('');
    expect(await box.isVisible()).toBe(true);

    // The place button takes the keyboard to the problem.
    await item.locator('button').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('cm-content'))).toBe(true);

    // Undo the edit: the list and the marks go.
    for (let i = 0; i < 10 && !(await editorText(page)).includes(PUT); i++) await page.keyboard.press('Control+z');
    expect(await editorText(page)).toContain(PUT);
    await box.waitFor({ state: 'hidden', timeout: 60_000 });
    await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-type-problems') === '0', sel, {
      timeout: 30_000,
    });
    expect(await root.locator('.cm-lintRange-error').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
