// Nothing moves under the reader’s pointer when the sandboxes' editors load: a Run click aimed
// before the editor arrives must still land on Run. And a lesson’s blocks line up on one column.
import { describe, expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();
const LESSON = '/lessons/leader-election/';

describe('layout stability', () => {
  it.each([1280, 390])(
    'at %i px the sandboxes keep their size and the Run button its place when the editor loads',
    async (width) => {
      const { page, context } = await newPage(site.browser, { viewport: { width, height: 900 } });
      await page.goto(site.url + LESSON, { waitUntil: 'domcontentloaded' });
      const geometry = () =>
        page.$$eval('lf-sandbox', (els) =>
          els.map((el) => {
            const box = el.getBoundingClientRect();
            return {
              run: Math.round(el.querySelector('[data-action=run]')!.getBoundingClientRect().top - box.top),
              height: Math.round(box.height),
            };
          }),
        );
      const before = await geometry();
      const ids = await page.$$eval('lf-sandbox', (els) => els.map((el) => (el as HTMLElement).dataset.sandbox!));
      expect(ids.length).toBe(3);
      for (const id of ids) {
        await page.locator(`lf-sandbox[data-sandbox="${id}"]`).scrollIntoViewIfNeeded();
        await expect
          .poll(() => page.locator(`lf-sandbox[data-sandbox="${id}"]`).getAttribute('data-state'), { timeout: 20_000 })
          .toBe('ready');
      }
      expect(await page.locator('lf-sandbox .cm-editor').count()).toBe(3);
      expect(await geometry()).toEqual(before);
      await context.close();
    },
  );

  it.each([1280, 390])('at %i px every block of every lesson shares the text column’s edges', async (width) => {
    const { page, context } = await newPage(site.browser, { viewport: { width, height: 900 } });
    for (const path of [LESSON, '/lessons/tokens-from-etcd/', '/lessons/fencing-exclusion/']) {
      await page.goto(site.url + path);
      const edges = await page.$$eval(
        '.lesson > :is(p, .lesson-goal, lf-snippet, lf-quiz, lf-sandbox, lf-explore)',
        (els) =>
          els.map((el) => {
            const box = el.getBoundingClientRect();
            return `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''} ${Math.round(box.left)}-${Math.round(box.right)}`;
          }),
      );
      expect(edges.length, path).toBeGreaterThan(10);
      const column = edges.find((e) => e.startsWith('p '))!.split(' ')[1];
      expect(
        edges.filter((e) => e.split(' ')[1] !== column),
        `${path}: off the ${column} column`,
      ).toEqual([]);
    }
    await context.close();
  });

  it('an Explore panel not yet rendered holds about its real height, so nothing measured in it lies over what follows', async () => {
    for (const width of [1350, 412]) {
      for (const lesson of ['leader-election', 'tokens-from-etcd', 'fencing-exclusion']) {
        const { page, context } = await newPage(site.browser, { viewport: { width, height: 900 } });
        await page.goto(`${site.url}/lessons/${lesson}/`);
        const panel = page.locator('article > lf-explore').first();
        const skipped = (await panel.boundingBox())!.height; // far below: content-visibility skips it
        await panel.scrollIntoViewIfNeeded();
        await expect.poll(async () => (await panel.boundingBox())!.height).not.toBe(skipped);
        const real = (await panel.boundingBox())!.height;
        expect(
          Math.abs(skipped - real) / real,
          `${lesson} at ${width}: ${skipped} px held, ${real} px real`,
        ).toBeLessThan(0.25);
        await context.close();
      }
    }
  });
});
