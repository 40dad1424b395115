// The load path stays short (issue 10, Lighthouse’s Total Blocking Time): every lesson and the home page, loaded
// at Lighthouse’s phone viewport under a Chromium trace, run no main-thread task after first paint that would
// block for long on a phone, force no layout from script, and never lay out the whole long page at once.
// Measured in main-thread CPU time (the trace’s `tdur`), not wall time: this machine’s load stretches wall time
// (CPU throttling would only stretch it further), CPU time it barely moves. A phone is taken as Lighthouse
// takes it, 4x slower than this machine; the budgets leave room for a slower or busier runner.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { lessonFiles } from '../../src/check/lessons-on-disk.ts';

const site = useSite();
const lessonPaths = lessonFiles(join(import.meta.dirname, '../..')).map((f) => `/lessons/${f.split('/')[1]}/`);

/** Lighthouse’s mobile CPU slowdown, and the length from which a task blocks (both Lighthouse’s). */
const PHONE_SLOWDOWN = 4;
const BLOCKING_FROM_MS = 50;
/** Blocking time after first paint, estimated for a phone: within Lighthouse’s full-score range (measured: 12-30 ms). */
const TBT_BUDGET_MS = 150;
/** No single task after first paint above this many ms of CPU here (measured: 15-18; before: 35-39, and a 100-200 ms layout). */
const TASK_BUDGET_CPU_MS = 50;
/**
 * Layout objects one layout may handle while the page loads. Before: 2,157 on lesson 1 (all of it); now 167-626 in
 * the loads measured: the prose stays laid out, the heavy blocks off screen (snippets, quizzes, panels, logs) are
 * skipped. With linked stylesheets, up to 1,311 (in CI): a layout could come before the styles (and so before
 * content-visibility) applied, of as much as had been parsed by then.
 */
const LAYOUT_OBJECTS_BUDGET = 1000;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { beginData?: { url?: string; dirtyObjects?: number }; data?: Record<string, unknown> };
}

interface LoadTrace {
  /** Main-thread CPU ms of each task that starts after first contentful paint. */
  tasksAfterPaint: number[];
  /** Layouts and style recalculations that script forced (synchronous, in the middle of its task). */
  forced: string[];
  /** The most layout objects one layout handled. */
  largestLayout: number;
}

/** Loads `path` under a trace (412 x 823, Lighthouse’s phone) and reads the page’s renderer main thread. */
async function traceLoad(page: Page, path: string): Promise<LoadTrace> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  // CDP types the events as string maps; the fields read below are what Chromium sends.
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,loading',
    transferMode: 'ReportEvents',
  });
  await page.goto(site.url + path, { waitUntil: 'load' });
  // Past the modules' task and the frames after it (lazy parts start only near the viewport or on use).
  await page.evaluate(
    () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(ok, 1000)))),
  );
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();

  const parse = events.find((e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '').endsWith(path));
  if (!parse) throw new Error(`the trace has no parse of ${path}: the renderer’s events were not recorded`);
  const main = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid);
  const fcp =
    main.find((e) => e.name === 'firstContentfulPaint') ??
    events.find((e) => e.name === 'firstContentfulPaint' && e.pid === parse.pid);
  if (!fcp) throw new Error(`the trace has no first contentful paint for ${path}`);
  const slices = main.filter((e) => e.ph === 'X' && e.tdur !== undefined);
  return {
    tasksAfterPaint: slices.filter((e) => e.name === 'RunTask' && e.ts >= fcp.ts).map((e) => e.tdur! / 1000),
    forced: forcedLayouts(slices),
    largestLayout: Math.max(
      0,
      ...slices.filter((e) => e.name === 'Layout').map((e) => e.args?.beginData?.dirtyObjects ?? 0),
    ),
  };
}

const SCRIPT = new Set([
  'EvaluateScript',
  'v8.evaluateModule',
  'FunctionCall',
  'TimerFire',
  'EventDispatch',
  'FireIdleCallback',
]);
const within = (inner: TraceEvent, outer: TraceEvent) =>
  inner.ts >= outer.ts && inner.ts + (inner.dur ?? 0) <= outer.ts + (outer.dur ?? 0);

/**
 * Layouts run inside script (reading a size or position made the layout happen then and there), except in an
 * animation frame callback, where the frame’s own layout happens anyway and is not done twice.
 */
function forcedLayouts(slices: TraceEvent[]): string[] {
  const scripts = slices.filter((e) => SCRIPT.has(e.name));
  const frames = slices.filter((e) => e.name === 'FireAnimationFrame');
  return slices
    .filter((e) => (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && (e.dur ?? 0) > 0)
    .filter((e) => scripts.some((s) => within(e, s)) && !frames.some((f) => within(e, f)))
    .map((e) => {
      const script = scripts.find((s) => within(e, s))!;
      return `${e.name} (${(e.tdur! / 1000).toFixed(1)} ms CPU) inside ${script.name} ${JSON.stringify(script.args?.data ?? {}).slice(0, 160)}`;
    });
}

/** Lighthouse’s Total Blocking Time, from tasks' CPU time scaled to a phone. */
const blockingTime = (cpuMs: number[]) =>
  cpuMs.reduce((sum, ms) => sum + Math.max(0, ms * PHONE_SLOWDOWN - BLOCKING_FROM_MS), 0);

describe.each(['/', ...lessonPaths])('loading %s on a phone', (path) => {
  it('blocks the main thread briefly after first paint, forces no layout, and lays out only what is near the top', async () => {
    // Long tasks: best of up to 5 loads. Whether the first paint comes before or after the parser’s first full layout
    // (25-45 ms of CPU here) is a matter of timing alone: when it comes first, that layout counts as a task after first
    // paint (seen in 1 to 2 of 5 loads; no lazy chunk loads at the top of any lesson). A cause on the load path shows in
    // every load. Forced layouts and layout size are checked on every load.
    let best: { trace: LoadTrace; tbt: number; longest: number } | undefined;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const { page, context, errors } = await newPage(site.browser, { viewport: { width: 412, height: 823 } });
      const trace = await traceLoad(page, path);
      expect(errors).toEqual([]);
      expect(trace.forced).toEqual([]);
      expect(trace.largestLayout).toBeLessThanOrEqual(LAYOUT_OBJECTS_BUDGET);
      await context.close();
      const tbt = blockingTime(trace.tasksAfterPaint);
      const longest = Math.max(0, ...trace.tasksAfterPaint);
      console.log(
        `${path} (load ${attempt}): ${trace.tasksAfterPaint.length} tasks after first paint, longest ${longest.toFixed(1)} ms CPU, TBT at ${PHONE_SLOWDOWN}x ≈ ${tbt.toFixed(0)} ms; largest layout ${trace.largestLayout} objects; ${trace.forced.length} forced layouts`,
      );
      if (!best || longest < best.longest) best = { trace, tbt, longest };
      if (longest <= TASK_BUDGET_CPU_MS && tbt <= TBT_BUDGET_MS) break;
    }
    expect(best!.longest).toBeLessThanOrEqual(TASK_BUDGET_CPU_MS);
    expect(best!.tbt).toBeLessThanOrEqual(TBT_BUDGET_MS);
  }, 240_000);
});

describe('the measurement itself', () => {
  it('sees a layout that a script forces while the page loads, and a long task', async () => {
    const { page, context } = await newPage(site.browser, { viewport: { width: 412, height: 823 } });
    await page.addInitScript(() => {
      addEventListener('load', () => {
        document.body.style.paddingTop = '1px';
        void document.body.offsetHeight; // forced layout
      });
      // A long task once first contentful paint has happened (on 'load' alone it can come before that paint on a
      // busy machine, and the test would not see it): a fixed amount of work, not a wall-clock wait, which a busy
      // machine would shorten in CPU time.
      new PerformanceObserver((list, observer) => {
        if (!list.getEntriesByName('first-contentful-paint').length) return;
        observer.disconnect();
        setTimeout(() => {
          let x = 0;
          for (let i = 0; i < 3e8; i++) x += Math.sqrt(i);
          (window as unknown as { sink: number }).sink = x;
        });
      }).observe({ type: 'paint', buffered: true });
    });
    const trace = await traceLoad(page, lessonPaths[0]!);
    expect(trace.forced.length).toBeGreaterThan(0);
    expect(Math.max(...trace.tasksAfterPaint)).toBeGreaterThan(TASK_BUDGET_CPU_MS);
    expect(blockingTime([30])).toBe(70);
    await context.close();
  }, 60_000);
});
