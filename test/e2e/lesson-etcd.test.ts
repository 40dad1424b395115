// The etcd lesson’s own checks: the numbers in its prose are the build’s (an ExploreCount, never
// typed), and its Explore panel reports the starter’s real failure (no progress), on bars that line up.
// Its quizzes and axe in light and dark are walked by every-lesson.test.ts, as for every lesson.
import { describe, expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { exploreAll, explorePanel } from './explore-panel.ts';
import { exploreSandboxFromDisk } from '../../scripts/lib/sandbox-run.ts';

const LESSON = '/lessons/tokens-from-etcd/';
const site = useSite();

describe('the etcd lesson', () => {
  it('its explore numbers come from the build: every one is an ExploreCount over 10,000 schedules', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    const counts = await page
      .locator('.explore-count')
      .evaluateAll((els) => els.map((e) => ({ n: e.getAttribute('data-n'), text: e.textContent })));
    expect(counts.length).toBeGreaterThanOrEqual(7);
    for (const c of counts)
      expect(c).toMatchObject({ n: '10000', text: expect.stringMatching(/^[\d,]+ of 10,000$/) as unknown });
    await context.close();
  });

  it.each([1280, 390])(
    'at %i px Explore says in how many schedules the starter made no progress, on tracks that line up',
    async (width) => {
      const { page, context, errors } = await newPage(site.browser, { viewport: { width, height: 900 } });
      await page.goto(site.url + LESSON);
      const panel = explorePanel(page);
      await exploreAll(page);

      // The same count the CLI finds for the same schedules.
      const baseSeed = Number(await panel.getAttribute('data-base-seed'));
      const cli = await exploreSandboxFromDisk('etcd-token', { n: 1_000, baseSeed, variant: 'lease-id' });
      const stalled = cli.counts['no-progress'];
      expect(stalled).toBeGreaterThan(0);
      const sentence = await page.locator('.xp-bar[data-variant="lease-id"] .xp-bar-text').innerText();
      expect(sentence).toContain(
        `in ${stalled.toLocaleString('en-US')} schedule${stalled === 1 ? '' : 's'} the current leader’s writes did not all end up in the store (no progress, `,
      );
      expect(await page.locator('.xp-bar[data-variant="lease-id"]').getAttribute('data-safe')).toBe('false');
      // Its empty bar is not drawn in the colour of safety, as the solution’s is.
      const fill = (v: string) =>
        page.locator(`.xp-bar[data-variant="${v}"] .xp-bar-fill`).evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(await fill('lease-id')).not.toBe(await fill('is-owner-txn'));
      expect(await page.locator('[data-explore-status]').innerText()).toMatch(
        /The current leader’s writes did not all end up in the store \(no progress\) in some schedule of lease-id/,
      );

      // One scale, one track: every bar’s track starts and ends at the same x.
      const tracks = await page
        .locator('.xp-bar-track')
        .evaluateAll((els) =>
          els.map(
            (e) => `${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)}`,
          ),
        );
      expect(tracks.length).toBe(5);
      expect(new Set(tracks).size, tracks.join(' ')).toBe(1);
      expect(errors).toEqual([]);
      await context.close();
    },
    240_000,
  );
});
