// A shared "your code" link carries the code: the sender’s edited files ride in the URL fragment,
// a recipient in another browser profile runs exactly them (same trace), is told whose code it is,
// may load it into their own editor only after being asked when that replaces edits of their own,
// and a link whose code is cut short, damaged or oversized is refused with a sentence, never run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { twoHundredLineEdit } from '../lib/two-hundred-line-edit.ts';

const LESSON = '/lessons/leader-election/';
const FENCE = 'fencing-token';
const KEY = 'lf:sandbox:fencing-token:store.ts';
const site = useSite();
const sel = `lf-sandbox[data-sandbox="${FENCE}"]`;
const solution = readFileSync(
  new URL('../../sandboxes/fencing-token/solution/store.ts', import.meta.url),
  'utf8',
).replace("'../../kit/index.ts'", "'../kit/index.ts'");
type WithResult = HTMLElement & { result: { trace: unknown[] } };

async function stepper(page: Page) {
  const replay = page.locator(`${sel} lf-replay`);
  await expect.poll(() => replay.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
  return replay;
}

/** The sender: their store.ts saved as the editor saves it, one Run, the step-through’s link. */
async function sendersLink(store: string): Promise<{ href: string; trace: unknown[]; verdict: string | null }> {
  const { page, context, errors } = await newPage(site.browser);
  await page.goto(`${site.url}${LESSON}?runner=worker`);
  await page.evaluate(([k, text]) => localStorage.setItem(k!, text!), [KEY, store]);
  await page.reload();
  const root = page.locator(sel);
  await root.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel}[data-state="ready"]`, { timeout: 20_000 });
  await root.locator('[data-action="run"]').click();
  await expect.poll(() => root.getAttribute('data-runs'), { timeout: 30_000 }).toBe('1');
  await root.getByRole('button', { name: 'Step through this run' }).click();
  const replay = await stepper(page);
  const href = await replay.locator('[data-replay-link]').getAttribute('href');
  expect(await page.evaluate(() => location.href)).toBe(href);
  const trace = await replay.evaluate((el) => (el as WithResult).result.trace);
  const verdict = await replay.getAttribute('data-verdict');
  expect(errors).toEqual([]);
  await context.close();
  return { href: href!, trace, verdict };
}

describe('a shared link to your code', () => {
  it('carries the code: another profile runs exactly it, is told so, and is asked before it replaces their edits', async () => {
    const sent = await sendersLink(solution);
    expect(sent.verdict).toBe('stale-write-rejected');
    expect(sent.href).toMatch(
      new RegExp(
        `\\?runner=worker&replay=${FENCE}&variant=mine&schedule=default&seed=7#replay-${FENCE}&code=[A-Za-z0-9_-]+$`,
      ),
    );

    // The recipient: a separate browser context with edits of their own (a comment on the starter).
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(`${site.url}/`);
    const starter = readFileSync(new URL('../../sandboxes/fencing-token/store.ts', import.meta.url), 'utf8');
    const theirs = `// recipient’s own note\n${starter}`;
    await page.evaluate(([k, text]) => localStorage.setItem(k!, text!), [KEY, theirs]);
    await page.goto(sent.href);
    const replay = await stepper(page);
    expect(await replay.evaluate((el) => (el as WithResult).result.trace)).toEqual(sent.trace);
    expect(await replay.getAttribute('data-verdict')).toBe('stale-write-rejected');
    expect(await replay.locator('.xp-rp-title').innerText()).toContain('code from a shared link');
    const root = page.locator(sel);
    const notice = root.locator('[data-sandbox-shared]');
    expect(await notice.innerText()).toMatch(/code from a shared link \(its store\.ts\), not your own/);
    // The shared code can be read without loading it: what it changes, compared with the starter.
    const changes = notice.locator('details[data-sandbox-shared-diff]');
    expect(await changes.locator('summary').innerText()).toMatch(
      /^What the shared code changes: store\.ts \(\d+ added, \d+ removed\)$/,
    );
    await changes.locator('summary').click();
    const added = await changes.locator('ins').allInnerTexts();
    expect(added.join('\n')).toContain('memory.set(put.key, put.token)');
    expect(await changes.locator('pre[tabindex="0"]').count()).toBeGreaterThan(0);
    // A Run of their own: the box no longer calls the run below the shared code, and still offers it.
    await root.locator('[data-action="run"]').click();
    await expect.poll(() => root.getAttribute('data-runs')).toBe('2');
    expect(await notice.locator('[data-sandbox-shared-text]').innerText()).toMatch(
      /^The run below is your own code, not the shared code\. The shared code is still here/,
    );
    expect(await changes.isVisible()).toBe(true);
    // Their own edits are untouched, in storage and in the editor.
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(theirs);
    await root.locator('[data-sandbox-tab][data-file="store.ts"]').click();
    expect(await root.locator('.cm-content').innerText()).toContain('recipient’s own note');

    // Loading asks first; "Keep my edits" keeps them.
    const load = root.getByRole('button', { name: 'Load this code into my editor' });
    const dialog = root.locator('dialog[data-sandbox-dialog]');
    await load.click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.innerText()).toMatch(/Replace your code with the shared code\?[\s\S]*store\.ts/);
    await dialog.getByRole('button', { name: 'Keep my edits' }).click();
    expect(await page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(theirs);
    await load.click();
    await dialog.getByRole('button', { name: 'Replace my code' }).click();
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(solution);
    expect(await root.locator('.cm-content').innerText()).toContain('memory.set(put.key, put.token)');
    expect(await root.locator('[data-sandbox-tab][data-file="store.ts"]').getAttribute('data-edited')).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('a reader without edits of their own loads the shared code without a question', async () => {
    const sent = await sendersLink(solution);
    const { page, context } = await newPage(site.browser);
    await page.goto(sent.href);
    await stepper(page);
    await page.locator(sel).getByRole('button', { name: 'Load this code into my editor' }).click();
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(solution);
    expect(await page.locator(`${sel} dialog[data-sandbox-dialog]`).isVisible()).toBe(false);
    await context.close();
  }, 180_000);

  it('a 200-line edit makes a link under 2,000 characters that replays the same run', async () => {
    const store = twoHundredLineEdit();
    const sent = await sendersLink(store);
    expect(sent.href.length).toBeLessThan(2000);
    const { page, context } = await newPage(site.browser);
    await page.goto(sent.href);
    const replay = await stepper(page);
    expect(await replay.evaluate((el) => (el as WithResult).result.trace)).toEqual(sent.trace);
    await context.close();
  }, 180_000);

  it('a "your code" link that lost its code says it ran the reader’s own; code in a link that asks for other files is said not run', async () => {
    const sent = await sendersLink(solution);
    const [query, fragment] = sent.href.split('#') as [string, string];
    const starter = readFileSync(new URL('../../sandboxes/fencing-token/store.ts', import.meta.url), 'utf8');
    const theirs = `// recipient’s own note\n${starter}`;
    const open = async (href: string) => {
      const { page, context, errors } = await newPage(site.browser);
      await page.goto(`${site.url}/`);
      await page.evaluate(([k, text]) => localStorage.setItem(k!, text!), [KEY, theirs]);
      await page.goto(href);
      const replay = await stepper(page);
      // Said where the reader lands, under the step-through’s heading, in view.
      const note = replay.locator('[data-replay-note]');
      return { page, context, errors, replay, note };
    };
    const inView = async (page: Page, note: Locator) => {
      const box = (await note.boundingBox())!;
      const height = await page.evaluate(() => innerHeight);
      return box.y >= 0 && box.y + box.height <= height;
    };
    // Everything after '#' lost: the recipient’s own code runs (the starter’s verdict), and the page says so.
    const lost = await open(query);
    expect(await lost.replay.getAttribute('data-verdict')).toBe('stale-write-accepted');
    expect(await lost.note.innerText()).toMatch(/asks for “your code” but carries none, so this ran your own code/);
    expect(await inView(lost.page, lost.note)).toBe(true);
    // A Run of their own is no longer the link’s: the note goes.
    await lost.page.locator(`${sel} [data-action="run"]`).click();
    await expect.poll(() => lost.page.locator(sel).getAttribute('data-runs')).toBe('2');
    expect(await lost.page.locator(`${sel} [data-replay-note]`).count()).toBe(0);
    expect(lost.errors).toEqual([]);
    await lost.context.close();
    // The same code-less link opened where nothing is edited ran the starter files: its own link is the
    // starter’s (no variant, no code), not an empty payload passed on as someone’s code.
    {
      const { page, context, errors } = await newPage(site.browser);
      await page.goto(query);
      const replay = await stepper(page);
      expect(await replay.locator('.xp-rp-title').innerText()).toContain('the starter files');
      const href = (await replay.locator('[data-replay-link]').getAttribute('href'))!;
      expect(href).toMatch(new RegExp(`\\?runner=worker&replay=${FENCE}&schedule=default&seed=7#replay-${FENCE}$`));
      expect(await replay.innerText()).not.toMatch(/carries your code/);
      expect(errors).toEqual([]);
      await context.close();
    }
    // The anchor lost but the code kept (`#code=…`): the sender’s code runs, as with the whole link.
    const bare = await open(`${query}#${fragment.slice(fragment.indexOf('code='))}`);
    expect(await bare.replay.evaluate((el) => (el as WithResult).result.trace)).toEqual(sent.trace);
    expect(await bare.replay.locator('.xp-rp-title').innerText()).toContain('code from a shared link');
    expect(await bare.note.count()).toBe(0);
    await bare.context.close();
    // The same code on a link that asks for the solution: the solution runs, and the carried code is said not run.
    const other = await open(`${query.replace('variant=mine', 'variant=solution')}#${fragment}`);
    expect(await other.note.innerText()).toBe(
      'This link also carries code, but it asks for the solution, so that code was not run.',
    );
    await other.context.close();
  }, 180_000);

  it('a link that lost its run but kept its code offers the code without running it', async () => {
    const sent = await sendersLink(solution);
    const fragment = sent.href.split('#')[1]!;
    const { page, context, errors } = await newPage(site.browser);
    // Pasted into a tab already open on the lesson: only the fragment changes, and the page still takes it up.
    await page.goto(`${site.url}${LESSON}`);
    await page.waitForFunction(() => customElements.get('lf-sandbox'));
    await page.goto(`${site.url}${LESSON}#${fragment}`);
    const root = page.locator(sel);
    const notice = root.locator('[data-sandbox-shared]');
    await expect.poll(() => notice.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await notice.locator('[data-sandbox-shared-text]').innerText()).toMatch(
      /^This link carries code for this sandbox \(its store\.ts\) but not which run to replay: its “\?replay=…” part is missing, so nothing ran\./,
    );
    expect(await notice.locator('summary').innerText()).toMatch(/^What the shared code changes: store\.ts/);
    // In view, and nothing ran.
    const box = (await notice.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(await page.evaluate(() => innerHeight));
    expect(await root.getAttribute('data-runs')).toBeNull();
    // From the keyboard: focus is on the notice, so Tab goes to what it offers, not to the page’s top.
    expect(await notice.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await notice.locator('summary').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    // Loaded, it runs as the sender’s did.
    await expect.poll(() => page.evaluate((k) => localStorage.getItem(k), KEY)).toBe(solution);
    await root.locator('[data-action="run"]').click();
    await expect.poll(() => root.getAttribute('data-verdict'), { timeout: 30_000 }).toBe(sent.verdict);
    expect(errors).toEqual([]);
    await context.close();

    // Code that names no sandbox, or another lesson’s, is said at the page’s first sandbox, in view.
    const payload = fragment.slice(fragment.indexOf('code='));
    for (const [hash, message] of [
      [`#${payload}`, /^This link carries code, but it does not say which sandbox it is for/],
      [
        `#replay-etcd-token&${payload}`,
        /for the sandbox etcd-token, which is in another lesson, “Where the token comes from”\. Open this link in that lesson$/,
      ],
    ] as const) {
      const other = await newPage(site.browser);
      await other.page.goto(`${site.url}${LESSON}${hash}`);
      const problem = other.page.locator('[data-link-problem]');
      await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1);
      expect(await problem.evaluate((el) => el.closest<HTMLElement>('lf-sandbox')!.dataset.sandbox)).toBe(
        'acquire-then-write',
      );
      expect(await problem.innerText()).toMatch(message);
      await expect
        .poll(() =>
          problem.evaluate(
            (el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= innerHeight,
          ),
        )
        .toBe(true);
      expect(await other.page.locator('lf-sandbox[data-runs]').count()).toBe(0);
      expect(other.errors).toEqual([]);
      await other.context.close();
    }
  }, 180_000);

  it('code on an Explore replay link is said not run; "your code" with nothing edited is the starter files', async () => {
    const sent = await sendersLink(solution);
    const code = sent.href.slice(sent.href.indexOf('&code='));
    for (const [query, note, title] of [
      [
        'variant=mine&seed=7',
        /^This link also carries code, but an Explore replay of “your code” runs the edits saved in this browser, never code from a link, so that code was not run\./,
        /the starter files/,
      ],
      [
        'variant=ttl-x3&seed=7',
        /^This link also carries code, but it asks for ttl-x3, so that code was not run\.$/,
        /ttl-x3/,
      ],
    ] as const) {
      const { page, context, errors } = await newPage(site.browser);
      await page.goto(`${site.url}${LESSON}?runner=worker&replay=${FENCE}&${query}#replay${code}`);
      const replay = page.locator('lf-explore lf-replay');
      await expect.poll(() => replay.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
      expect(await replay.locator('[data-replay-note]').innerText()).toMatch(note);
      expect(await replay.locator('.xp-rp-title').innerText()).toMatch(title);
      // Nothing edited here: the replay’s own link is the starter’s, with no variant and no code.
      if (query.startsWith('variant=mine'))
        expect(await replay.locator('[data-replay-link]').getAttribute('href')).toMatch(
          new RegExp(`\\?runner=worker&replay=${FENCE}&seed=7#replay$`),
        );
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 180_000);

  it('a link whose code is cut short, damaged or too long is refused with a message and runs nothing', async () => {
    const sent = await sendersLink(solution);
    const payload = sent.href.split('&code=')[1]!;
    const cases: [string, RegExp][] = [
      [payload.slice(0, Math.floor(payload.length / 2)), /cannot be read: .*copy the whole address/],
      [
        `${payload.slice(0, 8)}${payload[8] === 'A' ? 'B' : 'A'}${payload.slice(9)}`,
        /cannot be read|different store\.ts/,
      ],
      ['%3Cimg%20src%3Dx%3E', /cannot be read: it has a character a shared link never contains \(“<”\)/],
      ['A'.repeat(40_000), /too long \(40,000 characters/],
    ];
    for (const [bad, message] of cases) {
      const { page, context, errors } = await newPage(site.browser);
      await page.goto(`${sent.href.split('&code=')[0]}&code=${bad}`);
      const notice = page.locator(`${sel} [data-sandbox-shared]`);
      await expect.poll(() => notice.isVisible(), { timeout: 20_000 }).toBe(true);
      expect(await notice.innerText()).toMatch(message);
      expect(await notice.getAttribute('data-tone')).toBe('problem');
      expect(await notice.locator('button').isVisible()).toBe(false);
      expect(await page.locator(sel).getAttribute('data-runs')).toBeNull();
      expect((await notice.isVisible()) && (await notice.boundingBox())!.y).toBeGreaterThanOrEqual(0);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 300_000);
});
