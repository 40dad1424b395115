// The etcd lesson's own checks: the numbers in its prose are the build's (an ExploreCount, never
// typed). Its quizzes and axe in light and dark are walked by every-lesson.test.ts, as for every lesson.
import { describe, expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

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
});
