// The explore panel and the replay in Chromium, against the built site: every variant explored in
// workers, counts in the chart, an example replayed with the very trace the CLI prints for it, a
// shared link replaying the same run, keyboard stepping, and the panel without JavaScript.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, visibleText } from './harness.ts';
import { useSite } from './site.ts';
import { exploreAll, explorePanel } from './explore-panel.ts';

const LESSON = '/lessons/leader-election/';
const ROOT = join(import.meta.dirname, '../..');
const site = useSite();

/** The trace `npm run sandbox -- fencing-token --variant V --drawn --seed S --json` prints. */
function cliTrace(variant: string | undefined, seed: number): unknown[] {
  const args = [
    'scripts/sandbox.ts',
    'fencing-token',
    ...(variant ? ['--variant', variant] : []),
    '--drawn',
    '--seed',
    String(seed),
    '--json',
  ];
  const out = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`sandbox CLI failed: ${out.stderr}`);
  return (JSON.parse(out.stdout) as { trace: unknown[] }).trace;
}

const panel = explorePanel;

const replayTrace = (page: Page) =>
  page.locator('lf-replay').evaluate((el) => (el as HTMLElement & { result: { trace: unknown[] } }).result.trace);

describe('explore panel', () => {
  it('explores every variant in workers and charts the stale writes with counts in words', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await exploreAll(page);
    const bars = page.locator('.xp-bar');
    const names = await bars.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.variant));
    expect(names).toEqual([
      'no-fix',
      'ttl-x3',
      'check-lease-before-put',
      'keep-alive-onlost',
      'wall-clock-tokens',
      'token-check',
    ]);
    const stale = async (v: string) =>
      Number(await page.locator(`.xp-bar[data-variant="${v}"]`).getAttribute('data-stale'));
    expect(await stale('token-check')).toBe(0);
    expect(await stale('no-fix')).toBeGreaterThan(0);
    const text = await page.locator('.xp-bar[data-variant="no-fix"] .xp-bar-text').innerText();
    expect(text).toMatch(
      new RegExp(`^${await stale('no-fix')} of 1,000 schedules accepted a stale write \\(\\d+(\\.\\d)?%\\)`),
    );
    expect(await page.locator('.xp-bar[data-variant="token-check"] .xp-bar-text').innerText()).toMatch(
      /^0 of 1,000 schedules accepted a stale write \(0%\)/,
    );
    // Each version’s name is printed once in its bar and once in its card, not again in the sentence.
    for (const v of names) {
      expect(await page.locator(`.xp-bar[data-variant="${v}"]`).innerText(), v).not.toMatch(
        new RegExp(`${v}[\\s\\S]*${v}`),
      );
      expect(await page.locator(`.xp-version[data-version="${v}"] [data-version-result]`).innerText(), v).not.toContain(
        v,
      );
    }
    // The data table says the same.
    await page.getByText('Every verdict, as a table').click();
    const row = page.getByRole('row', { name: /^token-check/ });
    expect(await row.getByRole('cell').last().innerText()).toBe('1,000');
    // Progress and status.
    expect(
      await page
        .locator('[data-explore-progress]')
        .evaluate((p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max]),
    ).toEqual([6000, 6000]);
    expect(await page.locator('[data-explore-status]').innerText()).toMatch(
      /Explored 6 versions, 1,000 schedules each, in/,
    );
    expect(Number(await panel(page).getAttribute('data-explore-ms'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an example opens the same trace the CLI prints; its link replays it again; the keyboard steps', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await exploreAll(page);
    const example = page.locator('.xp-version[data-version="ttl-x3"] [data-replay-seed]').first();
    const seed = Number(await example.getAttribute('data-replay-seed'));
    expect(await example.getAttribute('data-verdict')).toBe('stale-write-accepted');
    await example.click();
    const replay = page.locator('lf-replay');
    await expect.poll(() => replay.getAttribute('data-state')).toBe('ready');
    expect(await replay.getAttribute('data-verdict')).toBe('stale-write-accepted');
    const expected = cliTrace('ttl-x3', seed);
    expect(await replayTrace(page)).toEqual(expected);

    // Focus is in the replay: arrows move the highlighted row and the timeline cursor together.
    expect(await page.evaluate(() => !!document.activeElement?.closest('lf-replay'))).toBe(true);
    const current = () => replay.locator('[aria-current="step"]');
    expect(await current().getAttribute('data-index')).toBe('0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await current().getAttribute('data-index')).toBe('2');
    const seq = await current().getAttribute('data-seq');
    expect(await replay.locator('[data-cursor]').getAttribute('data-seq')).toBe(seq);
    expect(await replay.locator('[data-replay-position]').innerText()).toMatch(/^event 3 of \d+, /);
    await page.keyboard.press('ArrowLeft');
    expect(await current().getAttribute('data-index')).toBe('1');
    await page.keyboard.press('End');
    const last = Number(await replay.getAttribute('data-length')) - 1;
    expect(await current().getAttribute('data-index')).toBe(String(last));
    await page.keyboard.press('Home');
    expect(await current().getAttribute('data-index')).toBe('0');
    // The buttons do the same.
    await replay.getByRole('button', { name: 'Forward' }).click();
    expect(await current().getAttribute('data-index')).toBe('1');
    await replay.getByRole('button', { name: 'Last' }).click();
    expect(await replay.getByRole('button', { name: 'Forward' }).getAttribute('aria-disabled')).toBe('true');
    expect(await replay.getByText(/←/).first().isVisible()).toBe(true); // the keyboard hint is visible

    // Copy link: the address names the sandbox, variant and seed.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url });
    await replay.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => replay.getAttribute('data-copied')).not.toBeNull();
    const link = await replay.getAttribute('data-copied');
    expect(link).toBe(`${site.url}${LESSON}?replay=fencing-token&variant=ttl-x3&seed=${seed}#replay`);
    expect(await replay.locator('[data-replay-copied]').innerText()).toMatch(/copied|selected/);
    expect(errors).toEqual([]);
    await context.close();

    // A fresh reader opening the link sees the same run, without exploring.
    const fresh = await newPage(site.browser);
    await fresh.page.goto(link!);
    const again = fresh.page.locator('lf-replay');
    await expect.poll(() => again.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    expect(await replayTrace(fresh.page)).toEqual(expected);
    expect(await again.getAttribute('data-seed')).toBe(String(seed));
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
  });

  it('a link without a variant replays the starter files; a bad variant says so', async () => {
    const seed = 1679835275;
    const { page, context } = await newPage(site.browser);
    await page.goto(`${site.url}${LESSON}?replay=fencing-token&seed=${seed}#replay`);
    await expect.poll(() => page.locator('lf-replay').getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    expect(await replayTrace(page)).toEqual(cliTrace(undefined, seed));
    await page.goto(`${site.url}${LESSON}?replay=fencing-token&variant=nope&seed=1#replay`);
    await expect
      .poll(() => page.locator('lf-explore [data-link-problem]').innerText(), { timeout: 20_000 })
      .toMatch(/version “nope”, which the Explore panel of fencing-token does not have/);
    await context.close();
  });

  it('"Explore my code" runs the reader\'s saved edits of the sandbox', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    // The reader’s store.ts: the fix, typed into the sandbox (saved under the sandbox’s key).
    const solution = (await import('node:fs')).readFileSync(
      join(ROOT, 'sandboxes/fencing-token/solution/store.ts'),
      'utf8',
    );
    await page.evaluate((text) => localStorage.setItem('lf:sandbox:fencing-token:store.ts', text), solution);
    await panel(page).scrollIntoViewIfNeeded();
    await expect.poll(() => panel(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    await page.getByRole('button', { name: 'Explore my code' }).click();
    await expect.poll(() => panel(page).getAttribute('data-explore-runs'), { timeout: 60_000 }).toBe('1');
    const mine = page.locator('.xp-bar[data-variant="mine"]');
    // The lesson pre-selects 10,000 schedules per version.
    expect(await mine.locator('.xp-bar-name').innerText()).toBe('your code');
    expect(await mine.locator('.xp-bar-text').innerText()).toMatch(/^0 of 10,000 schedules accepted a stale write/);
    await context.close();
  });

  it('"Explore my code" on code that cannot run says why and that nothing was counted, not "Explored"', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await page.evaluate(() =>
      localStorage.setItem('lf:sandbox:fencing-token:store.ts', 'export function handlePut( {'),
    );
    await page.reload();
    await panel(page).scrollIntoViewIfNeeded();
    await expect.poll(() => panel(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
    await page.getByRole('button', { name: 'Explore my code' }).click();
    await expect.poll(() => panel(page).getAttribute('data-explore-runs'), { timeout: 60_000 }).toBe('1');
    const status = await panel(page).locator('[role="status"]').first().innerText();
    expect(status).toMatch(/^Your code could not run: store\.ts:1: SyntaxError/);
    expect(status).toContain('Nothing was counted');
    expect(status).not.toMatch(/Explored|schedules each/);
    expect(await page.locator('.xp-version[data-version="mine"] .xp-version-error').innerText()).toMatch(
      /^Could not run: store\.ts:1: SyntaxError/,
    );
    expect(await page.locator('.xp-bar[data-variant="mine"]').count()).toBe(0);
    await context.close();
  });

  it('at the lesson’s 10,000 schedules, every narrowing fix still lets a stale write through; the token check none', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await exploreAll(page, 10_000);
    const stale = async (v: string) =>
      Number(await page.locator(`.xp-bar[data-variant="${v}"]`).getAttribute('data-stale'));
    const noFix = await stale('no-fix');
    for (const v of ['ttl-x3', 'check-lease-before-put', 'keep-alive-onlost', 'wall-clock-tokens']) {
      expect(await stale(v), v).toBeGreaterThan(0);
      expect(await stale(v), v).toBeLessThan(noFix);
    }
    expect(await stale('token-check')).toBe(0);
    console.log(`explore 6 versions x 10,000 in the browser: ${await panel(page).getAttribute('data-explore-ms')} ms`);
    await context.close();
  });

  it('with JavaScript off the panel says it needs JavaScript and still lists the versions and their diffs', async () => {
    const { page, context } = await newPage(site.browser, { javaScriptEnabled: false });
    await page.goto(site.url + LESSON);
    const p = panel(page);
    expect(await p.locator('.xp-nojs').first().isVisible()).toBe(true);
    expect(await visibleText(p.locator('.xp-nojs').first())).toMatch(/needs JavaScript/);
    expect(await p.getByRole('button', { name: 'Explore every version' }).isVisible()).toBe(false);
    expect(await p.locator('.xp-version').filter({ hasText: 'ttl-x3' }).isVisible()).toBe(true);
    await p.locator('.xp-version[data-version="token-check"] summary').click();
    expect(await p.locator('.xp-version[data-version="token-check"] ins').count()).toBeGreaterThan(0);
    await context.close();
  });
});
