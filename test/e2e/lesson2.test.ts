// Lesson 2 ("Fencing that gives exclusion") read as a reader would, in Chromium against the built
// site: the ledger sandbox’s Run judged a lost update (badge, timeline), the explore panel counting
// lost updates as the CLI does, and axe after a run. Its quizzes are walked by every-lesson.test.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { exploreAll } from './explore-panel.ts';
import { axeViolations } from './axe.ts';
import type { ExploreResult } from '../../sandboxes/kit/types.ts';

const LESSON = '/lessons/fencing-exclusion/';
const ROOT = join(import.meta.dirname, '../..');
const site = useSite();

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the ledger sandbox and its explore panel', () => {
  const sandbox = (page: Page) => page.locator('lf-sandbox[data-sandbox="ledger"]');

  it('Run judges the starter a lost update, in the badge and the timeline; axe finds nothing on the page afterwards', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + LESSON + '?runner=worker');
    const root = sandbox(page);
    await root.scrollIntoViewIfNeeded();
    await root.locator('[data-action="run"]').click();
    await expect.poll(() => root.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await root.getAttribute('data-verdict')).toBe('lost-update');
    expect(normalise((await root.locator('[data-sandbox-verdict]').textContent()) ?? '')).toBe('Lost update');
    expect(normalise((await root.locator('[data-sandbox-detail]').textContent()) ?? '')).toMatch(
      /^B’s write to ledger with token 34, accepted at 15\.\d+ s, replaced version 1 \(A’s write with token 33/,
    );
    await expect.poll(() => root.locator('svg.tl .tl-lost').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('at 390 px an example’s seed stays on one line, and a replay’s verdict takes the panel’s width', async () => {
    const { page, context, errors } = await newPage(site.browser, { viewport: { width: 390, height: 800 } });
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    await exploreAll(page);
    const buttons = page.locator('[data-replay-seed]');
    expect(await buttons.count()).toBeGreaterThan(0);
    // "seed 1302009595" is the button’s first text: one line box, however long the verdict beside it.
    const broken = await buttons.evaluateAll((all) =>
      all
        .filter((b) => {
          const range = document.createRange();
          range.selectNodeContents(b.firstChild!);
          return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
        })
        .map((b) => b.textContent),
    );
    expect(broken).toEqual([]);
    await buttons.last().click();
    const replay = page.locator('lf-explore lf-replay');
    await expect.poll(() => replay.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const head = (await replay.locator('.xp-rp-head').boundingBox())!;
    const summary = (await replay.locator('.xp-rp-summary').boundingBox())!;
    expect(summary.width).toBeGreaterThan(head.width * 0.9);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('Explore counts the starter’s lost updates exactly as the CLI does, and none for the fixes', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await exploreAll(page);
    const cli = spawnSync(
      process.execPath,
      ['scripts/sandbox.ts', 'ledger', '--explore', '1000', '--variant', 'writes-only', '--json'],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    const counts = (JSON.parse(cli.stdout) as ExploreResult).counts;
    expect(counts['lost-update']).toBeGreaterThan(0);
    await page.getByText('Every verdict, as a table').click();
    const cell = (variant: string) =>
      page.getByRole('row', { name: new RegExp(`^${variant}`) }).locator('td[data-kind="lost-update"]');
    expect(normalise(await cell('writes-only').innerText())).toBe(counts['lost-update'].toLocaleString('en-US'));
    for (const fix of ['fenced-reads', 'register-first', 'cas-version', 'cas-plus-token'])
      expect(normalise(await cell(fix).innerText())).toBe('0');
    expect(await page.locator('.xp-bar[data-variant="writes-only"]').innerText()).toContain(
      `${counts['lost-update']} lost an update`,
    );
    expect(await page.locator('.xp-bar[data-variant="writes-only"] .xp-bar-fill').getAttribute('class')).not.toContain(
      'xp-bar-zero',
    ); // drawn as unsafe
    expect(await page.locator('.xp-figure figcaption').innerText()).toMatch(
      /^Stale writes accepted and updates lost per version/,
    );
    expect(errors).toEqual([]);
    await context.close();
  });
});
