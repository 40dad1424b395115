import { describe, expect, it } from 'vitest';
import { renderTimeline, timelineModel, describeTimeline } from '../../src/lib/timeline.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { isReaderError } from '../../src/lib/run-outcome.ts';
import type { RunResult, TraceEvent } from '../../sandboxes/kit/types.ts';
import { fakeFiles } from '../runtime/fixtures.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

async function fakeRun(fixed = false): Promise<RunResult> {
  const files = fakeFiles();
  if (fixed) files['fake/store.ts'] = files['fake/store.ts']!.replace('const ok = true;', 'const ok = token !== undefined && token >= (sim.highest ?? 0);');
  const out = await evaluateScenario(files, 'fake/scenario.ts', { seed: 0 });
  if (isReaderError(out)) throw new Error(out.message);
  return out;
}

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

describe('timeline', () => {
  it('draws a lane per worker, the lock service and the store', async () => {
    const svg = renderTimeline((await fakeRun()).trace);
    expect(svg.match(/data-lane="([^"]+)"/g)).toEqual(['data-lane="A"', 'data-lane="B"', 'data-lane="lock"', 'data-lane="store"']);
    expect(svg).toContain('>Worker A<');
    expect(svg).toContain('>Lock service<');
  });

  it('draws lease bars from grant to expiry, pause blocks, and writes with tokens and words', async () => {
    const { trace } = await fakeRun();
    const m = timelineModel(trace);
    expect(m.leases).toEqual([
      { node: 'A', token: 1, from: 0, to: 10_000, end: 'expire' },
      { node: 'B', token: 2, from: 10_000, to: 16_000, end: 'open' },
    ]);
    expect(m.pauses).toEqual([{ node: 'A', from: 1000, to: 16_000 }]);
    const svg = renderTimeline(trace, { idPrefix: 'x' });
    expect(count(svg, /data-kind="lease"/g)).toBe(2);
    expect(svg).toMatch(/data-kind="lease" data-node="A" data-token="1" data-end="expire"/);
    expect(count(svg, /data-kind="pause"/g)).toBe(1);
    expect(svg).toContain('fill="url(#x-hatch)"');
    expect(svg).toMatch(/data-writer="B" data-token="2" data-accepted="true" data-stale="false"/);
    expect(svg).toMatch(/data-writer="A" data-token="1" data-accepted="true" data-stale="true"/);
    expect(svg).toContain('>A #1: stale, accepted<');
  });

  it('shows the rejection after the fix', async () => {
    const svg = renderTimeline((await fakeRun(true)).trace);
    expect(svg).toContain('>A #1: stale, rejected<');
    expect(svg).toMatch(/class="tl-write tl-rejected tl-stale"/);
  });

  it('is accessible: role, title, desc with the story in words', async () => {
    const { trace } = await fakeRun();
    const svg = renderTimeline(trace, { idPrefix: 'run1', title: 'Split brain' });
    expect(svg).toMatch(/^<div class="tl-frame"[^>]*>(<div class="tl-names" aria-hidden="true">.*?<\/div>)<svg class="tl" [^>]*role="img" aria-labelledby="run1-title run1-desc"/);
    expect(count(svg, /role="img"/g)).toBe(1);
    expect(svg).toContain('<title id="run1-title">Split brain</title>');
    const desc = describeTimeline(trace);
    expect(desc).toContain('A is paused from 1 s to 16 s and runs nothing.');
    expect(desc).toContain('At 16 s the store accepts a stale write from A carrying token 1.');
    expect(svg).toContain('runs nothing.');
  });

  it('repeats the lane names in a decorative column lined up with the lanes (sticky on narrow screens)', async () => {
    const { trace } = await fakeRun();
    const html = renderTimeline(trace, { idPrefix: 'n' });
    const names = /^<div class="tl-frame" data-timeline-frame><div class="tl-names" aria-hidden="true">(<svg class="tl-names-svg" [^>]*>.*?<\/svg>)<\/div>(<svg class="tl" .*<\/svg>)<\/div>$/.exec(html);
    expect(names, 'a frame: the name column, then the drawing').not.toBeNull();
    const [column, drawing] = [names![1]!, names![2]!];
    // Same viewBox height as the drawing (the CSS sizes the column to the drawing's rendered height, so
    // one unit is the same length in both), as wide as the drawing's gutter.
    const box = (svg: string): [number, number] => {
      const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
      return [Number(w), Number(h)];
    };
    const [gutter, h] = box(column);
    expect(h).toBe(box(drawing)[1]);
    expect(column).toContain(`width="${gutter}" height="${h}"`);
    // One entry per lane, in lane order, with the lane's own background and label at the same place.
    const lanes = [...drawing.matchAll(/<g class="tl-lane" data-lane="([^"]+)"><rect class="([^"]+)" x="0" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" \/><text class="tl-lane-label" x="([\d.]+)" y="([\d.]+)">([^<]+)<\/text><\/g>/g)]
      .map(([, key, cls, y, height, tx, ty, label]) => ({ key, cls, y, height, tx, ty, label }));
    const copies = [...column.matchAll(/<g class="tl-name" data-lane-name="([^"]+)"><rect class="([^"]+)" x="0" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" \/><text class="tl-lane-label" x="([\d.]+)" y="([\d.]+)">([^<]+)<\/text><\/g>/g)]
      .map(([, key, cls, y, width, height, tx, ty, label]) => { expect(Number(width)).toBe(gutter); return { key, cls, y, height, tx, ty, label }; });
    expect(lanes.map((l) => l.label)).toEqual(['Worker A', 'Worker B', 'Lock service', 'Store']);
    expect(copies).toEqual(lanes);
    // Nothing in it for assistive technology or for the page's hooks: no ids, titles, roles or data-lane.
    expect(column).not.toMatch(/ id="|<title|role=|data-lane="|data-kind=/);
    // The drawing keeps everything drawn in the gutter clear of the column's edge: no mark or label there.
    for (const t of drawing.matchAll(/<text x="([\d.]+)"[^>]*?( text-anchor="end")?>([^<]+)<\/text>/g)) {
      const x0 = t[2] ? Number(t[1]) - t[3]!.length * 6.6 : Number(t[1]);
      expect(x0, t[3]).toBeGreaterThanOrEqual(gutter);
    }
  });

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/acquire-then-write/scenario.ts')))('repeats the count of refusals in the name column', async () => {
    const { run } = await import('../../sandboxes/acquire-then-write/scenario.ts');
    const html = renderTimeline((await run({ seed: 7 })).trace);
    const refused = /<text class="tl-tick" x="8" y="([\d.]+)" aria-hidden="true">(\d+ refused)<\/text>/.exec(html);
    expect(refused).not.toBeNull();
    expect(html).toContain(`<text class="tl-tick" x="8" y="${refused![1]}">${refused![2]}</text>`);
  });

  it('escapes text and copes with an empty trace', () => {
    const e = { kind: 'write-accepted', t: 0, node: 'store', seq: 0, key: 'k', writer: '<b>', token: 1, leaseToken: 1, highest: null, value: 'v' } as TraceEvent;
    const svg = renderTimeline([e]);
    expect(svg).not.toContain('<b>');
    expect(renderTimeline([])).toContain('recorded no leases');
  });

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/acquire-then-write/scenario.ts')))('renders a real seeded run of acquire-then-write', async () => {
    const { run } = await import('../../sandboxes/acquire-then-write/scenario.ts');
    const result: RunResult = await run({ seed: 1 });
    const m = timelineModel(result.trace);
    expect(m.workers.length).toBeGreaterThanOrEqual(2);
    expect(m.leases.length).toBeGreaterThanOrEqual(2);
    expect(m.pauses.length).toBeGreaterThanOrEqual(1);
    const svg = renderTimeline(result.trace);
    expect(svg).toMatch(/data-stale="true"/);
    expect(svg).toMatch(/: stale, accepted</);
  });

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/acquire-then-write/scenario.ts')))('labels lock events clear of each other and of the other ticks (expire, then grant a moment later)', async () => {
    const { run } = await import('../../sandboxes/acquire-then-write/scenario.ts');
    const svg = renderTimeline((await run({ seed: 7 })).trace);
    const labels = [...svg.matchAll(/<line x1="([\d.]+)"[^>]*\/><text x="([\d.]+)" y="([\d.]+)"( text-anchor="end")?>([^<]+)<\/text><\/g>/g)].map((g) => {
      const [tick, tx, y, end, text] = [Number(g[1]), Number(g[2]), Number(g[3]), !!g[4], g[5]!];
      const width = text.length * 5.6; // the renderer's estimate for 10px text
      return { tick, y, text, x0: end ? tx - width : tx, x1: end ? tx : tx + width };
    });
    expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['expire #33', 'grant B #34', 'release #34']));
    for (const a of labels) {
      for (const b of labels) {
        if (a === b) continue;
        expect(b.tick > a.x0 && b.tick < a.x1, `${a.text} crosses the tick of ${b.text}`).toBe(false);
        expect(a.y === b.y && a.x0 < b.x1 && b.x0 < a.x1, `${a.text} overlaps ${b.text}`).toBe(false);
      }
    }
  });
  it('marks a deposed holder’s write accepted in token order, and says in words what it means', () => {
    const ev = (e: Record<string, unknown>, seq: number) => ({ node: 'store', ...e, seq }) as TraceEvent;
    const trace = [
      { kind: 'grant', t: 0, node: 'lock', key: 'job-leader', holder: 'A', token: 33, expiresAt: 10_000 },
      { kind: 'expire', t: 10_000, node: 'lock', key: 'job-leader', holder: 'A', token: 33 },
      { kind: 'grant', t: 10_800, node: 'lock', key: 'job-leader', holder: 'B', token: 34, expiresAt: 20_800 },
      { kind: 'write-accepted', t: 13_140, key: 'result.csv', writer: 'A', token: 33, leaseToken: 33, highest: null, value: 'a' },
      { kind: 'write-accepted', t: 15_830, key: 'result.csv', writer: 'B', token: 34, leaseToken: 34, highest: 33, value: 'b' },
    ].map(ev);
    const m = timelineModel(trace);
    expect(m.writes.map((w) => [w.writer, w.deposed, w.stale])).toEqual([['A', true, false], ['B', false, false]]);
    const svg = renderTimeline(trace, { idPrefix: 'd' });
    expect(svg).toMatch(/class="tl-write tl-accepted tl-deposed" data-kind="write" data-writer="A" data-token="33" data-accepted="true" data-stale="false" data-deposed="true"/);
    expect(svg).toContain('>A #33: deposed, accepted<');
    expect(describeTimeline(trace)).toContain(
      "At 13 s the store accepts a write from A carrying token 33, although B had been granted token 34 at 11 s: A had been deposed. No write with a newer token had been accepted yet, so the writes stayed in token order, but A's write landed after the lease had passed to B.",
    );
  });
});
