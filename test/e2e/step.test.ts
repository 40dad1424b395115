// "Step through this run" in a sandbox, and replay links in the address bar, in Chromium against
// the built site: the sandbox’s Run opened in the explore panel’s <lf-replay>, stepped with the
// keyboard, its link (schedule=default; variant=mine for edited code) replaying the very same trace
// in a fresh page, and the address bar following the replay on show without history entries.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { axeViolations } from './axe.ts';

const LESSON = '/lessons/leader-election/';
const FENCE = 'fencing-token';
const ACCEPT = 'acquire-then-write';
const site = useSite();

const sel = (id: string) => `lf-sandbox[data-sandbox="${id}"]`;
type WithResult = HTMLElement & { result: { trace: unknown[]; seed: number } };

async function runSandbox(page: Page, id: string) {
  const root = page.locator(sel(id));
  await root.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${sel(id)}[data-state="ready"], ${sel(id)}[data-state="done"]`, { timeout: 15_000 });
  const before = Number((await root.getAttribute('data-runs')) ?? 0);
  await root.locator('[data-action="run"]').click();
  await expect
    .poll(async () => Number((await root.getAttribute('data-runs')) ?? 0), { timeout: 20_000 })
    .toBe(before + 1);
  await expect.poll(() => root.getAttribute('data-state')).toBe('done');
}

/** The sandbox’s step-through, once it shows a run. */
async function stepper(page: Page, id: string) {
  const replay = page.locator(`${sel(id)} lf-replay`);
  await expect.poll(() => replay.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  return replay;
}

const trace = (page: Page, id: string) =>
  page.locator(`${sel(id)} lf-replay`).evaluate((el) => (el as WithResult).result.trace);
const focusIn = (page: Page, s: string) => page.evaluate((q) => !!document.activeElement?.closest(q), s);

describe('step through a sandbox run', () => {
  it('keyboard: open, step, jump to the stale write, close; the address bar follows; the link replays the same trace', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    await runSandbox(page, FENCE);
    const root = page.locator(sel(FENCE));
    const historyBefore = await page.evaluate(() => history.length);
    // The static timeline and log are the default view.
    expect(await root.locator('[data-sandbox-timeline]').isVisible()).toBe(true);
    expect(await root.locator('lf-replay').count()).toBe(0);

    // Keyboard only: Tab from Run reaches the control (past Reset, Show solution), Enter opens it.
    const button = root.locator('[data-action="step"]');
    expect(await button.innerText()).toBe('Step through this run');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await root.locator('[data-action="run"]').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('step');
    await page.keyboard.press('Enter');
    const replay = await stepper(page, FENCE);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await focusIn(page, `${sel(FENCE)} lf-replay`)).toBe(true);
    // It takes the place of the static timeline and log.
    expect(await root.locator('[data-sandbox-timeline]').isVisible()).toBe(false);
    expect(await root.locator('[data-sandbox-log-wrap]').isVisible()).toBe(false);
    // The run it shows is the run just made.
    const outcome = await root.evaluate(
      (el) => (el as HTMLElement & { lastOutcome: { trace: unknown[] } }).lastOutcome.trace,
    );
    expect(await trace(page, FENCE)).toEqual(outcome);

    const current = () => replay.locator('[aria-current="step"]');
    const position = () => replay.locator('[data-replay-position]').innerText();
    expect(await current().getAttribute('data-index')).toBe('0');
    expect(await position()).toMatch(/^event 1 of \d+, /);
    await page.keyboard.press('ArrowRight');
    expect(await current().getAttribute('data-index')).toBe('1');
    expect(await position()).toMatch(/^event 2 of \d+, /);
    expect(await replay.locator('[data-cursor]').getAttribute('data-seq')).toBe(
      await current().getAttribute('data-seq'),
    );
    await page.keyboard.press('ArrowRight');
    expect(await current().getAttribute('data-index')).toBe('2');
    await page.keyboard.press('ArrowLeft');
    expect(await current().getAttribute('data-index')).toBe('1');

    // The deciding event is the stale write, accepted.
    await replay.getByRole('button', { name: 'Go to the deciding event' }).focus();
    await page.keyboard.press('Enter');
    expect(await current().getAttribute('data-kind')).toBe('write-accepted');
    expect(await current().getAttribute('data-decisive')).not.toBeNull();
    expect(await current().innerText()).toMatch(/put result\.csv from A accepted/);
    expect(await position()).toMatch(/, store: put result\.csv from A accepted/);

    // The address bar holds the shareable link: the starter files, the lesson’s own schedule.
    const href = await page.evaluate(() => location.href);
    expect(href).toBe(`${site.url}${LESSON}?runner=worker&replay=${FENCE}&schedule=default&seed=7#replay-${FENCE}`);
    expect(await replay.locator('[data-replay-link]').getAttribute('href')).toBe(href);
    expect(await replay.locator('[data-replay-link-note]').count()).toBe(0); // untouched starter files: no caveat
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
    await replay.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => replay.getAttribute('data-copied')).toBe(href);

    // Escape closes it: focus back on the control, the timeline and log back, the address clean.
    await replay.getByRole('button', { name: 'Forward' }).focus();
    await page.keyboard.press('Escape');
    expect(await replay.isVisible()).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('step');
    expect(await root.locator('[data-sandbox-timeline]').isVisible()).toBe(true);
    expect(await root.locator('[data-sandbox-log-wrap]').isVisible()).toBe(true);
    expect(await page.evaluate(() => location.href)).toBe(`${site.url}${LESSON}?runner=worker`);
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    expect(errors).toEqual([]);
    await context.close();

    // A fresh reader opening the link: the sandbox runs that seed on that schedule and opens stepped.
    const fresh = await newPage(site.browser);
    await fresh.page.goto(href);
    await stepper(fresh.page, FENCE);
    expect(await trace(fresh.page, FENCE)).toEqual(outcome);
    expect(await focusIn(fresh.page, `${sel(FENCE)} lf-replay`)).toBe(true);
    // The explore panel leaves a sandbox’s run to the sandbox.
    expect(await fresh.page.locator('lf-explore lf-replay').isVisible()).toBe(false);
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
  });

  it('edited code: the link says variant=mine and carries the code as it ran; anyone who opens it gets the same trace', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    // The reader’s store.ts: the fencing check (saved under the sandbox’s key, as the editor saves it).
    const solution = (await import('node:fs')).readFileSync(
      new URL('../../sandboxes/fencing-token/solution/store.ts', import.meta.url),
      'utf8',
    );
    await page.evaluate((text) => localStorage.setItem('lf:sandbox:fencing-token:store.ts', text), solution);
    await page.reload();
    await runSandbox(page, FENCE);
    expect(await page.locator(sel(FENCE)).getAttribute('data-verdict')).toBe('stale-write-rejected');
    await page.locator(sel(FENCE)).getByRole('button', { name: 'Step through this run' }).click();
    const replay = await stepper(page, FENCE);
    expect(await replay.locator('.xp-rp-title').innerText()).toBe('Adding a fencing token, your code, seed 7');
    expect(await replay.locator('[data-replay-link-note]').innerText()).toBe(
      'This link carries your code as it ran: whoever opens it runs this exact code.',
    );
    await replay.getByRole('button', { name: 'Go to the deciding event' }).click();
    expect(await replay.locator('[aria-current="step"]').getAttribute('data-kind')).toBe('write-rejected');
    const href = await page.evaluate(() => location.href);
    expect(href).toMatch(
      new RegExp(
        `^${site.url}${LESSON}\\?runner=worker&replay=${FENCE}&variant=mine&schedule=default&seed=7#replay-${FENCE}&code=[\\w-]+$`,
      ),
    );
    const expected = await trace(page, FENCE);

    // Edited after the run: reopened, the link still carries the code as it ran.
    await replay.getByRole('button', { name: 'Forward' }).focus();
    await page.keyboard.press('Escape');
    await page.locator(`${sel(FENCE)} [data-sandbox-tab][data-file="job.ts"]`).click();
    await page
      .locator(`${sel(FENCE)} .cm-line`)
      .first()
      .click();
    await page.keyboard.press('End');
    await page.keyboard.type(' // later');
    await page.locator(sel(FENCE)).locator('[data-action="step"]').click();
    await stepper(page, FENCE);
    expect(await replay.locator('[data-replay-link-note]').innerText()).toBe(
      'This link carries your code as it ran: whoever opens it runs this exact code.',
    );
    expect(await page.evaluate(() => location.href)).toBe(href);

    // Another page of the same browser (whose saved edits have changed since) replays the same run.
    const again = await context.newPage();
    await again.goto(href);
    await stepper(again, FENCE);
    expect(await trace(again, FENCE)).toEqual(expected);
    expect(await again.locator(`${sel(FENCE)} [data-sandbox-status]`).innerText()).toMatch(
      /shared run \(code from a shared link\)/,
    );
    expect(errors).toEqual([]);
    await context.close();

    // Someone else (no edits) runs the sender’s code too, not their own starter.
    const other = await newPage(site.browser);
    await other.page.goto(href);
    await stepper(other.page, FENCE);
    expect(await trace(other.page, FENCE)).toEqual(expected);
    await other.context.close();
  }, 180_000);

  it('a sandbox without an explore panel replays its own link', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    await runSandbox(page, ACCEPT);
    await page.locator(sel(ACCEPT)).getByRole('button', { name: 'Step through this run' }).click();
    await stepper(page, ACCEPT);
    const href = await page.evaluate(() => location.href);
    expect(href).toContain(`replay=${ACCEPT}&schedule=default&seed=7#replay-${ACCEPT}`);
    const expected = await trace(page, ACCEPT);
    // The toggle closes it as well.
    await page.locator(sel(ACCEPT)).getByRole('button', { name: 'Back to the timeline and log' }).click();
    expect(await page.locator(`${sel(ACCEPT)} lf-replay`).isVisible()).toBe(false);
    expect(await page.evaluate(() => location.search)).toBe('?runner=worker');
    await context.close();

    const fresh = await newPage(site.browser);
    await fresh.page.goto(href);
    await stepper(fresh.page, ACCEPT);
    expect(await trace(fresh.page, ACCEPT)).toEqual(expected);
    await fresh.context.close();
  });
});

it.each(['light', 'dark'] as const)(
  'axe finds nothing with a sandbox step-through and an explore replay open (%s)',
  async (colorScheme) => {
    const { page, context } = await newPage(site.browser, { colorScheme });
    await page.goto(`${site.url}${LESSON}?runner=worker&replay=fencing-token&seed=1679835275#replay`);
    await expect
      .poll(() => page.locator('lf-explore lf-replay').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('ready');
    await runSandbox(page, FENCE);
    await page.locator(sel(FENCE)).locator('[data-action="step"]').click();
    await stepper(page, FENCE);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  },
);

describe('the explore replay in the address bar', () => {
  it('opening an example puts its link in the address bar; closing takes it out; no history entries', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}`);
    const panel = page.locator('lf-explore');
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    await page.getByRole('radio', { name: '1,000', exact: true }).check();
    await page.getByRole('button', { name: 'Explore every version' }).click();
    await expect.poll(() => panel.getAttribute('data-explore-runs'), { timeout: 60_000 }).toBe('1');
    const historyBefore = await page.evaluate(() => history.length);
    const example = page.locator('.xp-version[data-version="ttl-x3"] [data-replay-seed]').first();
    const seed = await example.getAttribute('data-replay-seed');
    await example.click();
    const replay = panel.locator('lf-replay');
    await expect.poll(() => replay.getAttribute('data-state')).toBe('ready');
    expect(await page.evaluate(() => location.href)).toBe(
      `${site.url}${LESSON}?replay=fencing-token&variant=ttl-x3&seed=${seed}#replay`,
    );
    // Close (the button): the page’s own address again, focus back on the example.
    await replay.getByRole('button', { name: 'Close' }).click();
    expect(await replay.isVisible()).toBe(false);
    expect(await page.evaluate(() => location.href)).toBe(`${site.url}${LESSON}`);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.replaySeed)).toBe(seed);
    // Escape from inside closes it too.
    await example.click();
    await expect.poll(() => replay.getAttribute('data-state')).toBe('ready');
    expect(await focusIn(page, 'lf-explore lf-replay')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await replay.isVisible()).toBe(false);
    expect(await page.evaluate(() => location.href)).toBe(`${site.url}${LESSON}`);
    expect(await page.evaluate(() => history.length)).toBe(historyBefore);
    expect(errors).toEqual([]);
    await context.close();
  });
});
