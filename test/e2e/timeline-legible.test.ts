// The timelines as a reader sees them, measured in Chromium at 360 and 1280 px: the lesson’s logs
// and recordings (drawn by the build), a sandbox run and a replay (drawn in the browser). Every
// label is at least 11 CSS px, no label overlaps another, and the axis reaches the run’s end.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();
const LESSON = '/lessons/leader-election/';
const sel = (id: string) => `lf-sandbox[data-sandbox="${id}"]`;

interface Label {
  text: string;
  px: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Every visible label of every drawing on the page: its rendered font size and its on-screen box. */
function measure(page: Page): Promise<{ svgs: number; labels: Label[][]; axes: { last: number; end: number }[] }> {
  return page.evaluate(() => {
    const svgs = [...document.querySelectorAll<SVGSVGElement>('svg.tl')].filter(
      (s) => s.getBoundingClientRect().width > 0,
    );
    const labels = svgs.map((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll<SVGTextElement>('text')]
        .filter((t) => (t.textContent ?? '').trim() && getComputedStyle(t).display !== 'none')
        .map((t) => {
          const b = t.getBoundingClientRect();
          return {
            text: t.textContent,
            px: parseFloat(getComputedStyle(t).fontSize) * scale,
            left: b.left,
            right: b.right,
            top: b.top,
            bottom: b.bottom,
          };
        });
    });
    // The axis: the last tick’s x against the rightmost mark’s x, in user units.
    const axes = svgs.map((svg) => {
      const ticks = [...svg.querySelectorAll('.tl-grid')].map((l) => Number(l.getAttribute('x1')));
      const marks = [...svg.querySelectorAll('.tl-write circle, .tl-lock line, .tl-lease rect, .tl-pause-edge')].map(
        (e) => {
          const b = (e as SVGGraphicsElement).getBBox();
          return b.x + b.width;
        },
      );
      return { last: Math.max(...ticks), end: Math.max(0, ...marks) };
    });
    return { svgs: svgs.length, labels, axes };
  });
}

function check(where: string, m: Awaited<ReturnType<typeof measure>>) {
  expect(m.svgs, `${where}: drawings on the page`).toBeGreaterThan(0);
  for (const [i, labels] of m.labels.entries()) {
    for (const l of labels)
      expect(l.px, `${where}, drawing ${i}: "${l.text}" is ${l.px.toFixed(1)} px`).toBeGreaterThanOrEqual(11 - 0.01);
    for (const [j, a] of labels.entries()) {
      for (const b of labels.slice(j + 1)) {
        // Boxes are the font’s full line box (ascent + descent), so allow a pixel where two rows touch.
        const overlap =
          Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
          Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        expect(overlap, `${where}, drawing ${i}: "${a.text}" overlaps "${b.text}"`).toBe(false);
      }
    }
    expect(m.axes[i]!.last, `${where}, drawing ${i}: the axis ends before the last mark`).toBeGreaterThanOrEqual(
      m.axes[i]!.end - 0.5,
    );
  }
}

describe.each([360, 1280])('timelines at %i px', (width) => {
  it('the lesson’s logs and recordings, and a sandbox run: labels at least 11 px, none overlapping, the axis covering the run', async () => {
    const { context, page, errors } = await newPage(site.browser, { viewport: { width, height: 900 } });
    await page.goto(`${site.url}${LESSON}?runner=worker`);
    check('lesson', await measure(page));
    for (const id of ['acquire-then-write', 'fencing-token']) {
      const root = page.locator(sel(id));
      await root.scrollIntoViewIfNeeded();
      await page.waitForSelector(`${sel(id)}[data-state="ready"]`, { timeout: 30_000 });
      await root.locator('[data-action="run"]').click();
      await page.waitForSelector(`${sel(id)}[data-state="done"] [data-sandbox-timeline] svg.tl`, { timeout: 30_000 });
    }
    check('after two sandbox runs', await measure(page));
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('the ttl-x3 replay: its axis reaches the run’s end and its labels stay legible', async () => {
    const { context, page, errors } = await newPage(site.browser, { viewport: { width, height: 900 } });
    await page.goto(`${site.url}${LESSON}?replay=fencing-token&variant=ttl-x3&seed=7#replay`);
    await expect
      .poll(() => page.locator('lf-replay').getAttribute('data-state'), { timeout: 90_000 })
      .not.toMatch(/^(loading|running|)$/);
    expect(
      await page.locator('lf-replay').getAttribute('data-state'),
      await page.locator('lf-replay').innerText(),
    ).toBe('ready');
    await page.waitForSelector('[data-replay-timeline] svg.tl', { timeout: 30_000 });
    const m = await measure(page);
    check('replay', m);
    // The tick labels, read: the last one is at or after the run’s last event.
    const ticks = await page
      .locator('[data-replay-timeline] svg.tl .tl-tick[data-t]')
      .evaluateAll((ts) => ts.map((t) => Number(t.getAttribute('data-t'))));
    const lastEvent = await page
      .locator('lf-replay')
      .evaluate((el) =>
        Math.max(...(el as HTMLElement & { result: { trace: { t: number }[] } }).result.trace.map((e) => e.t)),
      );
    expect(ticks.length).toBeGreaterThan(2);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(lastEvent);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('an explored schedule that pauses for minutes: the quiet stretch is drawn short and said, the story legible', async () => {
    const { context, page, errors } = await newPage(site.browser, { viewport: { width, height: 900 } });
    // is-owner-txn, seed 2995808729: its story takes the first 40 s of a 250 s axis.
    await page.goto(
      `${site.url}/lessons/tokens-from-etcd/?replay=etcd-token&variant=is-owner-txn&seed=2995808729#replay`,
    );
    const timeline = page.locator('lf-explore [data-replay-timeline] svg.tl');
    await timeline.waitFor({ timeout: 90_000 });
    check('explored replay', await measure(page));
    const shortened = timeline.locator('.tl-break');
    expect(await shortened.count()).toBe(1);
    const [from, to] = (await shortened.evaluate((g) => [g.dataset.from, g.dataset.to])).map(Number);
    // No write or lock event is drawn inside it.
    const inside = await timeline.evaluate((svg) => {
      const band = svg.querySelector('.tl-break rect')!;
      const [bx, bw] = [Number(band.getAttribute('x')), Number(band.getAttribute('width'))];
      const xs = [
        ...[...svg.querySelectorAll('.tl-write circle')].map((c) => Number(c.getAttribute('cx'))),
        ...[...svg.querySelectorAll('.tl-lock line')].map((l) => Number(l.getAttribute('x1'))),
      ];
      return xs.filter((x) => x > bx && x < bx + bw);
    });
    expect(inside).toEqual([]);
    expect(await shortened.locator('text').textContent()).toBe(`+${Math.round((to! - from!) / 1000)} s`);
    expect(await timeline.locator('desc').textContent()).toMatch(
      /The drawing shortens the stretch from \d+ s to \d+ s/,
    );
    // The story's first 30 s take over a quarter of the drawing (on a plain axis they took a tenth).
    const [x0, x30, drawn] = await timeline.evaluate((svg) => {
      const tick = (t: number) => Number(svg.querySelector(`.tl-tick[data-t="${t}"]`)?.getAttribute('x'));
      return [tick(0), tick(30000), (svg as SVGSVGElement).viewBox.baseVal.width];
    });
    expect((x30 - x0) / drawn).toBeGreaterThan(1 / 4);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  // Two explored schedules whose lock changes hands every second or two for a minute: at 640 units
  // their labels overlapped ("release #104" over "grant A #107"). They are drawn wider and scroll.
  it.each([
    ['/lessons/tokens-from-etcd/', 'etcd-token', 'create-revision', 267406942],
    ['/lessons/fencing-exclusion/', 'ledger', 'writes-only', 499381822],
  ])(
    'a dense explored schedule (%s, %s, %s): drawn wider, no label under 11 px or overlapping, the lane names kept in view',
    async (lesson, sandbox, variant, seed) => {
      const { context, page, errors } = await newPage(site.browser, { viewport: { width, height: 900 } });
      await page.goto(`${site.url}${lesson}?replay=${sandbox}&variant=${variant}&seed=${seed}#replay`);
      const timeline = page.locator('lf-explore [data-replay-timeline] svg.tl');
      await timeline.waitFor({ timeout: 90_000 });
      check('dense explored replay', await measure(page));
      const frame = page.locator('lf-explore [data-replay-timeline] [data-timeline-frame]');
      const drawn = Number(await frame.getAttribute('data-width'));
      expect(drawn).toBeGreaterThan(640);
      expect(await timeline.evaluate((svg) => (svg as SVGSVGElement).viewBox.baseVal.width)).toBe(drawn);
      // Wider than the column, it scrolls sideways, and the lane names stay at its left edge.
      const box = page.locator('lf-explore [data-replay-timeline]');
      expect(await box.evaluate((b) => b.scrollWidth > b.clientWidth)).toBe(true);
      await box.evaluate((b) => b.scrollBy(400, 0));
      const [names, boxLeft] = await Promise.all([
        frame.locator('.tl-names-svg').boundingBox(),
        box.evaluate((b) => b.getBoundingClientRect().left),
      ]);
      expect(names, 'the sticky lane names are shown').not.toBeNull();
      expect(Math.abs(names!.x - boxLeft)).toBeLessThan(2);
      expect(errors).toEqual([]);
      await context.close();
    },
    120_000,
  );
});
