import { describe, expect, it } from 'vitest';
import {
  renderTimeline,
  timelineModel,
  describeTimeline,
  timeAxis,
  LABEL_PX,
  quietStretches,
  brokenScale,
  brokenAxis,
  brokenTicks,
  TIMELINE_WIDTHS,
} from '../../src/lib/timeline.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { isReaderError } from '../../src/lib/run-outcome.ts';
import type { RunResult, TraceEvent } from '../../sandboxes/kit/types.ts';
import { fakeFiles } from '../runtime/fixtures.ts';
import { expire, grant, trace as traceOf, write } from '../kit/trace-builder.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

async function fakeRun(fixed = false): Promise<RunResult> {
  const files = fakeFiles();
  if (fixed)
    files['fake/store.ts'] = files['fake/store.ts']!.replace(
      'const ok = true;',
      'const ok = token !== undefined && token >= (sim.highest ?? 0);',
    );
  const out = await evaluateScenario(files, 'fake/scenario.ts', { seed: 0 });
  if (isReaderError(out)) throw new Error(out.message);
  return out;
}

/** A run like the ttl-x3 replay’s: the last write lands at 38.7 s, past the last round 10 s tick. */
function ttlRun(): TraceEvent[] {
  return traceOf(
    grant(0, 'A', 1, 9_000),
    { kind: 'pause-start', t: 1_000, node: 'A', until: 38_000 },
    expire(9_000, 'A', 1),
    grant(9_500, 'B', 2, 36_500),
    write('write-accepted', 20_000, 'B', 2, 2, 2),
    { kind: 'pause-end', t: 38_000, node: 'A' },
    write('write-accepted', 38_700, 'A', 1, 2, 1),
  );
}

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

/** The axis's ticks as drawn: each one's x and time. */
const axisTicks = (svg: string) =>
  [...svg.matchAll(/<line class="tl-grid" x1="([\d.]+)"[^>]*\/><text class="tl-tick" data-t="([\d.]+)"/g)].map((m) => ({
    x: Number(m[1]),
    t: Number(m[2]),
  }));
/** The lock service's labels as drawn: text, row, tick, the words' extent (the renderer's estimate) and their backing. */
const lockLabels = (svg: string) =>
  [
    ...svg.matchAll(
      /<g class="tl-lock-label[^"]*" data-tick="([\d.]+)"><rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*\/><text x="([\d.]+)" y="([\d.]+)"( text-anchor="end")?>([^<]+)<\/text><\/g>/g,
    ),
  ].map((g) => {
    const [tick, bx, bw, tx, y, end, text] = [+g[1]!, +g[2]!, +g[3]!, +g[4]!, +g[5]!, !!g[6], g[7]!];
    const width = text.length * LABEL_PX.lock * 0.6; // the renderer’s estimate for its lock labels
    return { tick, y, text, x0: end ? tx - width : tx, x1: end ? tx : tx + width, backing: { x0: bx, x1: bx + bw } };
  });
const sameRowOverlap = (a: { y: number; x0: number; x1: number }, b: { y: number; x0: number; x1: number }) =>
  a.y === b.y && a.x0 < b.x1 && b.x0 < a.x1;

/** x → time on the scale through two ticks. */
const timeThrough = (a: { x: number; t: number }, b: { x: number; t: number }) => (x: number) =>
  a.t + ((x - a.x) / (b.x - a.x)) * (b.t - a.t);

describe('timeline', () => {
  it('draws a lane per worker, the lock service and the store', async () => {
    const svg = renderTimeline((await fakeRun()).trace);
    expect(svg.match(/data-lane="([^"]+)"/g)).toEqual([
      'data-lane="A"',
      'data-lane="B"',
      'data-lane="lock"',
      'data-lane="store"',
    ]);
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
    expect(svg).toMatch(
      /^<div class="tl-frame"[^>]*>(<div class="tl-names" aria-hidden="true">.*?<\/div>)<svg class="tl" [^>]*role="img" aria-labelledby="run1-title run1-desc"/,
    );
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
    const names =
      /^<div class="tl-frame" data-timeline-frame><div class="tl-names" aria-hidden="true">(<svg class="tl-names-svg" [^>]*>.*?<\/svg>)<\/div>(<svg class="tl" .*<\/svg>)<\/div>$/.exec(
        html,
      );
    expect(names, 'a frame: the name column, then the drawing').not.toBeNull();
    const [column, drawing] = [names![1]!, names![2]!];
    // Same viewBox height as the drawing (the CSS sizes the column to the drawing’s rendered height, so
    // one unit is the same length in both), as wide as the drawing’s gutter.
    const box = (svg: string): [number, number] => {
      const [, w, h] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
      return [Number(w), Number(h)];
    };
    const [gutter, h] = box(column);
    expect(h).toBe(box(drawing)[1]);
    expect(column).toContain(`width="${gutter}" height="${h}"`);
    // Opaque from top to bottom, caption and axis rows included: what scrolls under it stays hidden.
    expect(column).toMatch(
      new RegExp(`^<svg [^>]*><rect class="tl-names-bg" x="0" y="0" width="${gutter}" height="${h}" />`),
    );
    // One entry per lane, in lane order, with the lane’s own background and label at the same place.
    const lanes = [
      ...drawing.matchAll(
        /<g class="tl-lane" data-lane="([^"]+)"><rect class="([^"]+)" x="0" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" \/><text class="tl-lane-label" x="([\d.]+)" y="([\d.]+)">([^<]+)<\/text><\/g>/g,
      ),
    ].map(([, key, cls, y, height, tx, ty, label]) => ({ key, cls, y, height, tx, ty, label }));
    const copies = [
      ...column.matchAll(
        /<g class="tl-name" data-lane-name="([^"]+)"><rect class="([^"]+)" x="0" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)" \/><text class="tl-lane-label" x="([\d.]+)" y="([\d.]+)">([^<]+)<\/text><\/g>/g,
      ),
    ].map(([, key, cls, y, width, height, tx, ty, label]) => {
      expect(Number(width)).toBe(gutter);
      return { key, cls, y, height, tx, ty, label };
    });
    expect(lanes.map((l) => l.label)).toEqual(['Worker A', 'Worker B', 'Lock service', 'Store']);
    expect(copies).toEqual(lanes);
    // Nothing in it for assistive technology or for the page’s hooks: no ids, titles, roles or data-lane.
    expect(column).not.toMatch(/ id="|<title|role=|data-lane="|data-kind=/);
    // The drawing keeps everything drawn in the gutter clear of the column’s edge: no mark or label there.
    for (const t of drawing.matchAll(/<text x="([\d.]+)"[^>]*?( text-anchor="end")?>([^<]+)<\/text>/g)) {
      const x0 = t[2] ? Number(t[1]) - t[3]!.length * LABEL_PX.write * 0.64 : Number(t[1]);
      expect(x0, t[3]).toBeGreaterThanOrEqual(gutter);
    }
  });

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/acquire-then-write/scenario.ts')))(
    'repeats the count of refusals in the name column',
    async () => {
      const { run } = await import('../../sandboxes/acquire-then-write/scenario.ts');
      const html = renderTimeline((await run({ seed: 7 })).trace);
      const refused = /<text class="tl-tick" x="8" y="([\d.]+)" aria-hidden="true">(\d+ refused)<\/text>/.exec(html);
      expect(refused).not.toBeNull();
      expect(html).toContain(`<text class="tl-tick" x="8" y="${refused![1]}">${refused![2]}</text>`);
    },
  );

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/keep-alive/scenario.ts')))(
    'counts the short ticks under the lock service: refusals (of a lock or a renewal) and renewals, in both columns',
    async () => {
      const { run } = await import('../../sandboxes/keep-alive/scenario.ts');
      const { trace } = await run({ seed: 7 });
      const html = renderTimeline(trace);
      const kinds = (k: string[]) => trace.filter((e) => k.includes(e.kind)).length;
      const refused = kinds(['refuse', 'renew-refused']);
      const renewed = kinds(['renew']);
      expect(refused).toBeGreaterThan(kinds(['refuse'])); // the run has a refused renewal, counted too
      expect(renewed).toBeGreaterThan(0);
      // Every short tick is one of them.
      expect((html.match(/class="tl-lock tl-lock-(refuse|renew|renew-refused)"/g) ?? []).length).toBe(
        refused + renewed,
      );
      const column = html.slice(html.indexOf('<svg class="tl-names-svg"'), html.indexOf('<svg class="tl"'));
      const drawing = html.slice(html.indexOf('<svg class="tl"'));
      const linesOf = (part: string) =>
        [...part.matchAll(/<text class="tl-(lane-label|tick)" x="8" y="([\d.]+)"[^>]*>([^<]+)<\/text>/g)]
          .map((t) => ({ y: Number(t[2]), text: t[3]! }))
          .filter((t) => /^(Lock service|\d+ (refused|renewed))$/.test(t.text));
      for (const part of [drawing, column]) {
        const lines = linesOf(part);
        expect(lines.map((l) => l.text)).toEqual(['Lock service', `${refused} refused`, `${renewed} renewed`]);
        // One under the other, 14 units apart (a line of 11-unit text is about 13 high), all inside the lane.
        for (let k = 1; k < lines.length; k++) expect(lines[k]!.y - lines[k - 1]!.y).toBeGreaterThanOrEqual(14);
        const lane = Number(/<g class="tl-lane" data-lane="lock"><rect [^>]* y="([\d.]+)"/.exec(drawing)?.[1]);
        expect(lines[0]!.y - 13).toBeGreaterThanOrEqual(lane);
        expect(lines.at(-1)!.y + 3).toBeLessThanOrEqual(lane + 52);
      }
    },
  );

  it('writes the first tick from its line, clear of the lane names, and keeps fractions of a millisecond apart', () => {
    const svg = renderTimeline(ttlRun());
    const ticks = [
      ...svg.matchAll(/<text class="tl-tick" data-t="([\d.]+)" x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">/g),
    ];
    expect(ticks[0]![3]).toBe('start');
    expect(Number(ticks[0]![2])).toBeGreaterThan(100); // the lane-name column is 100 units wide
    expect(ticks.slice(1).every((t) => t[3] === 'middle')).toBe(true);
    // A run that ends within 1.5 ms: its ticks are 0.25 ms apart, and no two read the same.
    const short = renderTimeline(traceOf(grant(0, 'A', 1), write('write-accepted', 1.5, 'A', 1, null, 1)));
    const words = [...short.matchAll(/<text class="tl-tick" data-t="[\d.]+"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(words.length).toBeGreaterThan(2);
    expect(new Set(words).size).toBe(words.length);
  });

  it('draws the time axis over the whole run, to the first round tick at or after its end', () => {
    expect(timeAxis(0, 38_700)).toEqual({
      from: 0,
      to: 40_000,
      step: 10_000,
      ticks: [0, 10_000, 20_000, 30_000, 40_000],
    });
    expect(timeAxis(0, 30_000).to).toBe(30_000);
    expect(timeAxis(0, 1).ticks.at(-1)).toBeGreaterThanOrEqual(1);
    const svg = renderTimeline(ttlRun());
    const ticks = [...svg.matchAll(/<text class="tl-tick" data-t="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    expect(ticks.at(-1)).toEqual([40_000, '40 s']);
  });

  it('puts every mark at its time on the axis (writes, lease ends, lock ticks)', () => {
    const trace = ttlRun();
    const svg = renderTimeline(trace);
    // The axis’s own scale, read back from two tick positions.
    const ticks = axisTicks(svg);
    const [a, b] = [ticks[0]!, ticks.at(-1)!];
    const timeAt = timeThrough(a, b);
    const perUnit = (b.t - a.t) / (b.x - a.x);
    const writes = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((m) => timeAt(Number(m[1])));
    expect(writes.length).toBe(2);
    writes.forEach((t, i) => expect(Math.abs(t - [20_000, 38_700][i]!)).toBeLessThanOrEqual(perUnit * 0.1));
    const expiry = /<line class="tl-expire" x1="([\d.]+)"/.exec(svg)!;
    expect(Math.abs(timeAt(Number(expiry[1])) - 9_000)).toBeLessThanOrEqual(perUnit * 0.1);
  });

  it('ties a write label moved above or below its mark to that mark with a short leader', () => {
    // Three writes a moment apart: their labels cannot all sit beside their marks.
    const trace = traceOf(
      grant(0, 'A', 1, 9_000),
      expire(9_000, 'A', 1),
      grant(9_500, 'B', 2, 36_500),
      write('write-accepted', 20_000, 'B', 2, 2, 2),
      write('write-rejected', 20_400, 'A', 1, 2, 1),
      write('write-accepted', 20_800, 'B', 2, 2, 2),
    );
    const svg = renderTimeline(trace);
    const groups = [...svg.matchAll(/<g class="tl-write[\s\S]*?<\/g>/g)].map(([g]) => {
      const circle = /<circle cx="([\d.]+)" cy="([\d.]+)"/.exec(g)!;
      const text = /<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)">/.exec(g)!;
      const leader = /<line class="tl-leader" x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)"/.exec(g);
      return {
        mark: { x: Number(circle[1]), y: Number(circle[2]) },
        label: { x: Number(text[1]), y: Number(text[2]), anchor: text[3] },
        leader: leader && leader.slice(1).map(Number),
      };
    });
    expect(groups).toHaveLength(3);
    const moved = groups.filter((g) => g.label.y !== g.mark.y + 4);
    expect(moved.length).toBeGreaterThan(0);
    for (const g of groups) {
      if (g.label.y === g.mark.y + 4) {
        expect(g.leader).toBeNull(); // beside its mark: nothing to tie
        continue;
      }
      const [x1, y1, x2, y2] = g.leader!;
      // From the edge of its own circle (radius 8)...
      expect(Math.hypot(x1! - g.mark.x, y1! - g.mark.y)).toBeCloseTo(9, 0);
      // ...to the label’s near end, within the label’s line.
      expect(Math.abs(x2! - g.label.x)).toBeLessThanOrEqual(2);
      expect(y2!).toBeGreaterThan(g.label.y - 10);
      expect(y2!).toBeLessThan(g.label.y + 3);
      // And on the label’s side of the mark.
      expect(Math.sign(x2! - g.mark.x)).toBe(g.label.anchor === 'start' ? 1 : -1);
    }
  });

  it('makes room after the last mark rather than cover a mark with a crowded write’s label', () => {
    // etcd-token’s solution: writes at 15, 20 and 26 s, and the last one at 35 s, with the run ending near the axis’s end.
    const trace = traceOf(
      grant(0, 'A', 101, 10_000),
      expire(10_000, 'A', 101),
      grant(10_000, 'B', 102, 20_000),
      write('write-accepted', 15_000, 'B', 102, 102, 102),
      write('write-rejected', 20_000, 'A', 101, 102, 101),
      grant(21_000, 'A', 106, 26_000),
      write('write-accepted', 26_000, 'A', 106, 106, 106),
      grant(30_000, 'C', 109, 35_000),
      write('write-accepted', 35_000, 'C', 109, 109, 109),
      { kind: 'release', t: 35_200, node: 'lock', key: 'job-leader', holder: 'C', token: 109 },
    );
    const svg = renderTimeline(trace);
    const circles = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((c) => [Number(c[1]), Number(c[2])]);
    const labels = [
      ...svg.matchAll(
        /<g class="tl-write[\s\S]*?<text x="([\d.]+)" y="([\d.]+)" text-anchor="(start|end)">([^<]+)<\/text><\/g>/g,
      ),
    ];
    expect(circles).toHaveLength(4);
    expect(labels).toHaveLength(4);
    labels.forEach(([, tx, ty, anchor, text], i) => {
      const width = text!.length * LABEL_PX.write * 0.64;
      const x0 = anchor === 'start' ? Number(tx) : Number(tx) - width;
      const [y0, y1] = [Number(ty) - 10, Number(ty) + 3];
      circles.forEach(([cx, cy], j) => {
        if (j === i) return;
        const covers = x0 < cx! + 8 && cx! - 8 < x0 + width && y0 < cy! + 8 && cy! - 8 < y1;
        expect(covers, `"${text}" covers write ${j + 1}’s mark`).toBe(false);
      });
    });
  });

  it('writes a lease bar’s words only where they fit inside the bar', () => {
    const svg = renderTimeline(
      traceOf(grant(0, 'A', 12, 300), expire(300, 'A', 12), grant(300, 'B', 13, 60_000), {
        kind: 'release',
        t: 60_000,
        node: 'lock',
        key: 'job-leader',
        holder: 'B',
        token: 13,
      }),
    );
    const bars = [
      ...svg.matchAll(
        /data-kind="lease"[^>]*data-token="(\d+)"[^>]*>.*?<rect [^>]*width="([\d.]+)"[^>]*\/>(?:<text[^>]*>([^<]*)<\/text>)?/g,
      ),
    ].map((m) => ({ token: m[1], width: Number(m[2]), words: m[3] }));
    expect(bars.find((x) => x.token === '12')!.words).toBeUndefined();
    expect(bars.find((x) => x.token === '13')!.words).toBe('lease #13');
    for (const bar of bars)
      if (bar.words) expect(bar.words.length * LABEL_PX.lease * 0.64 + 6).toBeLessThanOrEqual(bar.width);
  });

  it('labels a write whose token is an etcd lease ID (over 10 digits) with the writer only; its tooltip keeps the number', () => {
    const trace = ttlRun().map((e) =>
      e.kind === 'write-accepted' && e.writer === 'A' ? { ...e, token: 8702821594484823000 } : e,
    );
    const svg = renderTimeline(trace);
    expect(svg).toMatch(/>A: (stale, )?accepted<\/text>/);
    expect(svg).not.toContain('>A #8702821594484823000');
    expect(svg).toContain('A writes #8702821594484823000 at');
    expect(svg).toContain('>B #2: accepted</text>'); // a small token is still drawn
  });

  it('escapes text and copes with an empty trace', () => {
    const e = {
      kind: 'write-accepted',
      t: 0,
      node: 'store',
      seq: 0,
      key: 'k',
      writer: '<b>',
      token: 1,
      leaseToken: 1,
      highest: null,
      value: 'v',
    } as TraceEvent;
    const svg = renderTimeline([e]);
    expect(svg).not.toContain('<b>');
    expect(renderTimeline([])).toContain('recorded no leases');
  });

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/acquire-then-write/scenario.ts')))(
    'renders a real seeded run of acquire-then-write',
    async () => {
      const { run } = await import('../../sandboxes/acquire-then-write/scenario.ts');
      const result: RunResult = await run({ seed: 1 });
      const m = timelineModel(result.trace);
      expect(m.workers.length).toBeGreaterThanOrEqual(2);
      expect(m.leases.length).toBeGreaterThanOrEqual(2);
      expect(m.pauses.length).toBeGreaterThanOrEqual(1);
      const svg = renderTimeline(result.trace);
      expect(svg).toMatch(/data-stale="true"/);
      expect(svg).toMatch(/: stale, accepted</);
    },
  );

  it.runIf(existsSync(join(import.meta.dirname, '../../sandboxes/acquire-then-write/scenario.ts')))(
    'labels lock events clear of each other and of the other ticks (expire, then grant a moment later)',
    async () => {
      const { run } = await import('../../sandboxes/acquire-then-write/scenario.ts');
      const svg = renderTimeline((await run({ seed: 7 })).trace);
      const labels = lockLabels(svg);
      expect(labels.map((l) => l.text)).toEqual(expect.arrayContaining(['expire #33', 'grant B #34', 'release #34']));
      for (const a of labels) {
        for (const b of labels) {
          if (a === b) continue;
          expect(b.tick > a.x0 && b.tick < a.x1, `${a.text} crosses the tick of ${b.text}`).toBe(false);
          expect(sameRowOverlap(a, b), `${a.text} overlaps ${b.text}`).toBe(false);
        }
      }
    },
  );
  it('an expiry and the next grant at once on a long run share one label, and no two lock labels overlap', () => {
    // As in a drawn fencing-token schedule (no-fix, seed 271755498): A’s write stalled until 65.5 s
    // stretches the axis, so 0 s, 10.0 s, 10.6 s and 15.6 s sit within 32 units of each other.
    const trace = traceOf(
      grant(4, 'A', 33),
      expire(10_004, 'A', 33),
      grant(10_592, 'B', 34),
      write('write-accepted', 15_600, 'B', 34, null, 34),
      { kind: 'release', t: 15_609, node: 'lock', key: 'job-leader', holder: 'B', token: 34 },
      write('write-accepted', 210_000, 'A', 33, 34, 33),
    );
    const svg = renderTimeline(trace);
    const labels = lockLabels(svg);
    expect(labels.map((l) => l.text)).toEqual(['grant A #33', 'expire #33, grant B #34', 'release #34']);
    // Each on a backing as wide as its words, drawn after every tick and write arrow: a line that must
    // cross a label breaks under it instead of striking through the words.
    for (const l of labels) {
      expect(l.backing.x0).toBeLessThanOrEqual(l.x0);
      expect(l.backing.x1).toBeGreaterThanOrEqual(l.x1);
    }
    const lastLine = Math.max(svg.lastIndexOf('<line class="tl-arrow"'), svg.lastIndexOf('<g class="tl-lock '));
    expect(svg.indexOf('<g class="tl-lock-label"')).toBeGreaterThan(lastLine);
    for (const a of labels)
      for (const b of labels) if (a !== b) expect(sameRowOverlap(a, b), `${a.text} overlaps ${b.text}`).toBe(false);
    // Each event keeps its own tick and tooltip.
    expect(svg).toContain('<title>grant B #34 at ');
    expect(count(svg, /<g class="tl-lock tl-lock-(grant|expire|release)/g)).toBe(4);
  });

  it('marks a deposed holder’s write accepted in token order, and says in words what it means', () => {
    const trace = traceOf(
      grant(0, 'A', 33),
      expire(10_000, 'A', 33),
      grant(10_800, 'B', 34),
      write('write-accepted', 13_140, 'A', 33, null, 33),
      write('write-accepted', 15_830, 'B', 34, 33, 34),
    );
    const m = timelineModel(trace);
    expect(m.writes.map((w) => [w.writer, w.deposed, w.stale])).toEqual([
      ['A', true, false],
      ['B', false, false],
    ]);
    const svg = renderTimeline(trace, { idPrefix: 'd' });
    expect(svg).toMatch(
      /class="tl-write tl-accepted tl-deposed" data-kind="write" data-writer="A" data-token="33" data-accepted="true" data-stale="false" data-deposed="true"/,
    );
    expect(svg).toContain('>A #33: deposed, accepted<');
    expect(describeTimeline(trace)).toContain(
      'At 13 s the store accepts a write from A carrying token 33, although B had been granted token 34 at 11 s: A had been deposed. No write with a newer token had been accepted yet, so the writes stayed in token order, but A’s write landed after the lease had passed to B.',
    );
  });
});

describe('a long quiet stretch drawn short (explored schedules)', () => {
  /** A story in the first 40 s, then A paused until 200 s: on a plain axis the story takes a fifth of the width. */
  function longRun(): TraceEvent[] {
    return traceOf(
      grant(0, 'A', 1, 9_000),
      { kind: 'pause-start', t: 2_000, node: 'A', until: 200_000 },
      expire(9_000, 'A', 1),
      grant(9_500, 'B', 2, 40_000),
      write('write-accepted', 20_000, 'B', 2, 2, 2),
      write('write-accepted', 30_000, 'B', 2, 2, 2),
      { kind: 'pause-end', t: 200_000, node: 'A' },
      write('write-accepted', 200_500, 'A', 1, 2, 1),
    );
  }
  const times = (svg: string, re: RegExp) => [...svg.matchAll(re)].map((m) => Number(m[1]));

  it('finds the stretches with nothing in them that take 30% of an axis of a minute or more, keeping a margin at both ends', () => {
    expect(quietStretches([0, 9_000, 9_500, 20_000, 40_000, 200_000, 200_500], 0, 250_000)).toEqual([
      { from: 47_500, to: 192_500 },
    ]);
    expect(quietStretches([0, 10_000, 20_000, 30_000], 0, 40_000)).toEqual([]);
    // A run under a minute keeps its plain axis, quiet stretch or not.
    expect(quietStretches([0, 5_000, 50_000], 0, 55_000)).toEqual([]);
  });

  it('keeps one scale for the time it draws, and gives a break its fixed width whatever its length', () => {
    const x = brokenScale(0, 100, [{ from: 20, to: 80 }], 100, 600);
    // 40 of the 100 units of time are drawn, on 500 - 24 units of width.
    const k = (500 - 24) / 40;
    expect(x(0)).toBe(100);
    expect(x(20)).toBeCloseTo(100 + 20 * k);
    expect(x(80)).toBeCloseTo(100 + 20 * k + 24);
    expect(x(100)).toBeCloseTo(600);
    expect(x(50)).toBeCloseTo(100 + 20 * k + 12); // inside the break: proportionally across its width
  });

  it('steps its ticks by the time it draws and always ends at or after the run’s end, clear of the break', () => {
    const breaks = [{ from: 40_000, to: 190_000 }];
    // 245 s: the last round step of the drawn time (20 s) at or after it is 260 s.
    const { to, step } = brokenAxis(0, 245_000, breaks);
    expect(step).toBe(20_000);
    expect(to).toBe(260_000);
    const x = brokenScale(0, to, breaks, 100, 616);
    const ticks = brokenTicks(0, to, step, breaks, x);
    expect(ticks.at(-1)).toBe(260_000);
    expect(ticks.every((t) => t <= 40_000 || t >= 190_000)).toBe(true);
    const center = x(40_000) + 12;
    expect(ticks.every((t) => Math.abs(x(t) - center) >= 34 || t === to)).toBe(true);
    for (let i = 1; i < ticks.length; i++) expect(x(ticks[i]!) - x(ticks[i - 1]!)).toBeGreaterThanOrEqual(40);
  });

  it('is off by default; on, the story gets the width, the marks sit at their time and the text says what is shortened', () => {
    const plain = renderTimeline(longRun());
    expect(plain).not.toContain('tl-break');
    const svg = renderTimeline(longRun(), { shortenQuiet: true });
    expect(count(svg, /<g class="tl-break"/g)).toBe(1);
    const [from, to] = /<g class="tl-break" data-from="([\d.]+)" data-to="([\d.]+)"/.exec(svg)!.slice(1).map(Number);
    expect(from).toBeGreaterThan(30_000);
    expect(to).toBeLessThan(200_000);
    // No tick in the break, and the ticks either side of it keep one scale with the writes between them.
    const ticks = axisTicks(svg);
    expect(ticks.every((k) => k.t <= from! || k.t >= to!)).toBe(true);
    const before = ticks.filter((k) => k.t <= from!);
    const timeAt = timeThrough(before[0]!, before.at(-1)!);
    const writes = times(svg, /<circle cx="([\d.]+)"/g);
    expect(Math.abs(timeAt(writes[0]!) - 20_000)).toBeLessThan(300);
    expect(Math.abs(timeAt(writes[1]!) - 30_000)).toBeLessThan(300);
    // The story is wider than on the plain axis: 10 s between the two writes.
    const plainWrites = times(plain, /<circle cx="([\d.]+)"/g);
    expect(writes[1]! - writes[0]!).toBeGreaterThan(2 * (plainWrites[1]! - plainWrites[0]!));
    // Said in the drawing's text alternative, and its length under the axis.
    expect(svg).toMatch(
      /The drawing shortens the stretch from \d+ s to \d+ s, in which nothing happens, to the width marked \+\d+ s\./,
    );
    expect(svg).toMatch(/<text class="tl-tick"[^>]*text-anchor="middle">\+\d+ s<\/text><\/g>/);
  });
});

describe('a dense run drawn wider', () => {
  // As in a drawn ledger schedule (writes-only, seed 499381822): B takes the lock, writes and lets it go
  // every two seconds for half a minute. At 640 units a second is 12, and three rows of labels do not hold them.
  const release = (t: number, holder: string, token: number) =>
    ({ kind: 'release', t, node: 'lock', key: 'job-leader', holder, token }) as const;
  const dense = traceOf(
    grant(0, 'A', 33),
    release(5_100, 'A', 33),
    ...Array.from({ length: 14 }, (_, i) => [
      grant(6_000 + i * 2_100, 'B', 34 + i),
      release(7_050 + i * 2_100, 'B', 34 + i),
    ]).flat(),
    grant(36_000, 'B', 48),
    write('write-accepted', 37_000, 'B', 48, null, 48),
    release(43_400, 'B', 48),
  );
  const widthOf = (svg: string) => Number(svg.match(/<svg class="tl" [^>]*viewBox="0 0 (\d+) /)![1]);

  it('draws a run too dense for 640 units wider, at a width where no lock label overlaps another, and says it on the frame', () => {
    const svg = renderTimeline(dense);
    const width = widthOf(svg);
    expect(width).toBeGreaterThan(640);
    expect(TIMELINE_WIDTHS).toContain(width);
    expect(svg).toContain(`<div class="tl-frame" data-timeline-frame data-width="${width}">`);
    const labels = lockLabels(svg);
    expect(labels.length).toBe(32);
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1)) expect(sameRowOverlap(a, b), `${a.text} overlaps ${b.text}`).toBe(false);
  });

  it('hides a tick that passes behind a label wholly: no tick starts above the labels’ backings', () => {
    const svg = renderTimeline(dense);
    const backingTop = Math.min(
      ...[...svg.matchAll(/<g class="tl-lock-label[^"]*" data-tick="[\d.]+"><rect x="[\d.]+" y="([\d.]+)"/g)].map(
        (m) => +m[1]!,
      ),
    );
    const tickTops = [
      ...svg.matchAll(
        /<g class="tl-lock tl-lock-(?:grant|release)[^"]*"[^>]*><title>[^<]*<\/title><line x1="[\d.]+" y1="([\d.]+)"/g,
      ),
    ].map((m) => +m[1]!);
    expect(tickTops.length).toBe(32);
    expect(Math.min(...tickTops)).toBeGreaterThanOrEqual(backingTop);
  });

  it('keeps a run whose labels fit at 640 units, with no width on its frame', () => {
    const svg = renderTimeline(ttlRun());
    expect(widthOf(svg)).toBe(640);
    expect(svg).toContain('<div class="tl-frame" data-timeline-frame>');
  });

  it('has timeline.css draw each wider width at its size, and show the lane names while it scrolls', () => {
    const css = readFileSync(join(import.meta.dirname, '../../src/components/sandbox/timeline.css'), 'utf8');
    for (const w of TIMELINE_WIDTHS.slice(1)) {
      expect(css).toMatch(new RegExp(`\\.tl-frame\\[data-width='${w}'\\] \\{\\s*min-width: ${w}px;`));
      expect(css).toMatch(
        new RegExp(
          `@container tl-frame \\(width <= ${w}px\\) \\{\\s*\\[data-width='${w}'\\] > \\.tl-names \\{\\s*display: block;`,
        ),
      );
    }
  });
});
