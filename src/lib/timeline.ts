// Trace → timeline SVG markup. Pure (no DOM): the build renders it into the lesson, the browser
// renders it after each run. Colours come from classes (see components/sandbox/timeline.css);
// meaning never rests on colour alone: writes carry a shape and a word, pauses are hatched and labelled.
// Which writes were stale or deposed is the judge's finding, never decided here.
import { judge } from '../../sandboxes/kit/judge.ts';
import type { Finding, TraceEvent } from '../../sandboxes/kit/types.ts';
import { LOCK_SERVICE, STORE } from '../../sandboxes/kit/types.ts';

export interface TimelineOptions {
  /** Prefix for element ids (title/desc/pattern), unique per page. */
  idPrefix?: string;
  /** Accessible name of the figure. */
  title?: string;
  /** The event that decided the verdict (by seq), ringed. */
  decidedBy?: number;
  /**
   * The current event of a step-through replay (by seq): a cursor line at its time across every lane
   * (`[data-cursor]`), and its write or lock mark gets the class `tl-current`. Absent: no cursor.
   */
  highlightSeq?: number;
  /** Label of the time axis; default 'virtual time' (a lab run's recording says what its time is). */
  timeAxis?: string;
  /**
   * Draw the run's long quiet stretches short (quietStretches), for runs whose story would otherwise
   * crowd into a corner of the axis: an explored schedule's pause can last minutes. Default false.
   */
  shortenQuiet?: boolean;
}

export interface LeaseBar {
  node: string;
  token: number;
  from: number;
  to: number;
  end: 'expire' | 'release' | 'open';
}
export interface PauseBlock {
  node: string;
  from: number;
  to: number;
}
export interface WriteMark {
  node: string;
  writer: string;
  t: number;
  seq: number;
  accepted: boolean;
  token?: number;
  leaseToken: number | null;
  value: string;
  reason?: string;
  /** The judge found it stale: accepted below a token already accepted, or refused while a newer token had been granted. */
  stale: boolean;
  /**
   * The judge found it a deposed holder's write accepted in token order: a newer token had been
   * granted when it landed, but no newer-token write had been accepted yet. `newer` is that grant.
   */
  deposed: boolean;
  newer?: { holder: string; token: number; t: number };
  /** The judge found a lost update: this write replaced `version`, made by `writer` (absent if the key's initial state), without its writer having seen it. */
  lost?: { version: number; writer?: string };
}

export interface TimelineModel {
  workers: string[];
  start: number;
  end: number;
  leases: LeaseBar[];
  pauses: PauseBlock[];
  writes: WriteMark[];
  lockEvents: { t: number; seq: number; label: string; kind: string }[];
}

/** The facts the drawing shows, also used for the text alternative and in tests. */
export function timelineModel(trace: readonly TraceEvent[]): TimelineModel {
  const workers: string[] = [];
  const seen = (n: string) => {
    if (n !== LOCK_SERVICE && n !== STORE && !workers.includes(n)) workers.push(n);
  };
  let end = 0;
  const start = trace.length ? Math.min(0, ...trace.map((e) => e.t)) : 0;
  const leases: LeaseBar[] = [];
  const pauses: PauseBlock[] = [];
  const writes: WriteMark[] = [];
  const lockEvents: TimelineModel['lockEvents'] = [];
  const openPause = new Map<string, PauseBlock>();
  const found = new Map<number, Finding>();
  const findings = judge(trace).findings;
  for (const f of findings) {
    if (
      f.write &&
      (f.kind === 'stale-write-accepted' || f.kind === 'stale-write-rejected' || f.kind === 'deposed-write-accepted')
    )
      found.set(f.write.seq, f);
  }
  const lostUpdates = new Map<number, Finding>();
  for (const f of findings) if (f.kind === 'lost-update' && f.write) lostUpdates.set(f.write.seq, f);
  for (const e of trace) {
    end = Math.max(end, e.t);
    seen(e.node);
    switch (e.kind) {
      case 'grant':
        seen(e.holder);
        leases.push({ node: e.holder, token: e.token, from: e.t, to: e.expiresAt, end: 'open' });
        lockEvents.push({ t: e.t, seq: e.seq, kind: e.kind, label: `grant ${e.holder} #${e.token}` });
        break;
      case 'renew': {
        const bar = findLease(leases, e.holder, e.token);
        if (bar) bar.to = Math.max(bar.to, e.expiresAt);
        lockEvents.push({ t: e.t, seq: e.seq, kind: e.kind, label: `renew ${e.holder}` });
        break;
      }
      case 'refuse':
        seen(e.holder);
        lockEvents.push({ t: e.t, seq: e.seq, kind: e.kind, label: `refuse ${e.holder}` });
        break;
      case 'renew-refused':
        lockEvents.push({ t: e.t, seq: e.seq, kind: e.kind, label: `renew refused ${e.holder}` });
        break;
      case 'expire':
      case 'release': {
        const bar = findLease(leases, e.holder, e.token);
        if (bar && bar.end === 'open') {
          bar.to = e.t;
          bar.end = e.kind;
        }
        lockEvents.push({ t: e.t, seq: e.seq, kind: e.kind, label: `${e.kind} #${e.token}` });
        break;
      }
      case 'pause-start': {
        const block = { node: e.node, from: e.t, to: e.until };
        pauses.push(block);
        openPause.set(e.node, block);
        end = Math.max(end, e.until);
        break;
      }
      case 'pause-end': {
        const block = openPause.get(e.node);
        if (block) block.to = e.t;
        openPause.delete(e.node);
        break;
      }
      case 'write-accepted':
      case 'write-rejected': {
        seen(e.writer);
        const finding = found.get(e.seq);
        const newer = finding?.newer;
        writes.push({
          node: e.node,
          writer: e.writer,
          t: e.t,
          seq: e.seq,
          accepted: e.kind === 'write-accepted',
          token: e.token,
          leaseToken: e.leaseToken,
          value: e.value,
          reason: e.reason,
          stale: finding?.kind === 'stale-write-accepted' || finding?.kind === 'stale-write-rejected',
          deposed: finding?.kind === 'deposed-write-accepted',
          ...(newer ? { newer: { holder: newer.holder, token: newer.token, t: newer.t } } : {}),
          ...lostMark(lostUpdates.get(e.seq)),
        });
        break;
      }
      default:
        break;
    }
  }
  // A lease still open at the end of the run is drawn up to its expiry (or the end of the run).
  for (const bar of leases) if (bar.end === 'open') bar.to = Math.min(bar.to, Math.max(end, bar.from));
  end = Math.max(end, ...leases.map((l) => l.to), start + 1);
  return { workers, start, end, leases, pauses, writes, lockEvents };
}

function lostMark(f: Finding | undefined): Pick<WriteMark, 'lost'> {
  if (!f?.write || f.write.replaced === undefined) return {};
  return { lost: { version: f.write.replaced, ...(f.lost ? { writer: f.lost.writer } : {}) } };
}

function findLease(leases: LeaseBar[], holder: string, token: number): LeaseBar | undefined {
  for (let i = leases.length - 1; i >= 0; i--)
    if (leases[i]!.node === holder && leases[i]!.token === token) return leases[i];
  return undefined;
}

export function formatTime(ms: number, span: number): string {
  if (span >= 2000) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(s < 10 ? 1 : 0)} s`;
  }
  // Under 10 ms the ticks are fractions of a millisecond (0.25 ms apart): rounding would repeat them.
  return `${span < 10 ? parseFloat(ms.toFixed(2)) : Math.round(ms)} ms`;
}

/** Sentences describing the run, for `<desc>` and a visible text alternative. */
export function describeTimeline(trace: readonly TraceEvent[]): string[] {
  const m = timelineModel(trace);
  const span = m.end - m.start;
  const f = (t: number) => formatTime(t, span);
  const lines: { t: number; text: string }[] = [];
  for (const l of m.leases) {
    const how =
      l.end === 'expire' ? 'then it expired' : l.end === 'release' ? 'then it was released' : 'still held at the end';
    lines.push({
      t: l.from,
      text: `${l.node} holds the lease with token ${l.token} from ${f(l.from)} to ${f(l.to)}, ${how}.`,
    });
  }
  for (const p of m.pauses)
    lines.push({ t: p.from, text: `${p.node} is paused from ${f(p.from)} to ${f(p.to)} and runs nothing.` });
  for (const w of m.writes) {
    const token = w.token === undefined ? 'no token' : `token ${w.token}`;
    const text = `At ${f(w.t)} the store ${w.accepted ? 'accepts' : 'rejects'} a ${w.stale ? 'stale ' : ''}write from ${w.writer} carrying ${token}${w.reason ? ` (${w.reason})` : ''}`;
    // A deposed write in token order: the one case where "accepts" alone would read as harmless.
    const exact = w.token !== undefined && w.token === w.leaseToken;
    const deposed = !(w.deposed && w.newer)
      ? ''
      : exact
        ? `, although ${w.newer.holder} had been granted token ${w.newer.token} at ${f(w.newer.t)}: ${w.writer} had been deposed. No write with a newer token had been accepted yet, so the writes stayed in token order, but ${w.writer}’s write landed after the lease had passed to ${w.newer.holder}`
        : `, although ${w.newer.holder} had been granted the lease (the lock service’s grant ${w.newer.token}) at ${f(w.newer.t)}: ${w.writer}, whose lease was grant ${w.leaseToken ?? 'none'}, had been deposed. No write under a newer lease had been accepted yet, so the writes stayed in the order of the grants, but ${w.writer}’s write landed after the lease had passed to ${w.newer.holder}`;
    const lost = w.lost
      ? `, replacing version ${w.lost.version}${w.lost.writer ? ` (${w.lost.writer}’s write)` : ''}, which ${w.writer} had never read: ${w.lost.writer ? `${w.lost.writer}’s` : 'that'} update is lost`
      : '';
    lines.push({ t: w.t, text: `${text}${deposed}${lost}.` });
  }
  return lines.sort((a, b) => a.t - b.t).map((l) => l.text);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r = (n: number) => Math.round(n * 10) / 10;

function niceStep(span: number, target: number): number {
  const raw = span / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const k of [1, 2, 2.5, 5, 10]) if (k * pow >= raw) return k * pow;
  return 10 * pow;
}

/** A label's extent in viewBox units (widths are estimated from the character count). */
interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
const overlaps = (a: Box, b: Box, gap: number, gapY = gap) =>
  a.x0 < b.x1 + gap && b.x0 < a.x1 + gap && a.y0 < b.y1 + gapY && b.y0 < a.y1 + gapY;
/** The first spot with the fewest collisions (spots are in order of preference). */
function bestSpot<T extends { box: Box }>(spots: T[], cost: (b: Box) => number): T {
  let best = spots[0]!;
  let bestCost = Infinity;
  for (const s of spots) {
    const c = cost(s.box);
    if (c < bestCost) [best, bestCost] = [s, c];
    if (c === 0) break;
  }
  return best;
}
/** A write's words on the drawing: writer, token (or none) and what the store did. */
/** A write's outcome in words: 'accepted' or 'rejected', after what the judge found of it ('stale, '). */
function outcomeWords(w: WriteMark): { word: 'accepted' | 'rejected'; flag: string } {
  return {
    word: w.accepted ? 'accepted' : 'rejected',
    flag: w.stale ? 'stale, ' : w.deposed ? 'deposed, ' : w.lost ? 'lost update, ' : '',
  };
}

function writeLabel(w: WriteMark): string {
  const { word, flag } = outcomeWords(w);
  // Wall-clock tokens are fractional milliseconds: one decimal on the drawing, in full in the tooltip.
  const short = w.token === undefined ? '(no token)' : `#${Number.isInteger(w.token) ? w.token : w.token.toFixed(1)}`;
  // A token of more than 10 digits (an etcd lease ID) would cover the next write's label: the
  // drawing names the writer only, and the tooltip and the log give the number.
  return w.token !== undefined && Math.abs(w.token) >= 1e10
    ? `${w.writer}: ${flag}${word}`
    : `${w.writer} ${short}: ${flag}${word}`;
}

interface WriteSpot {
  anchor: 'start' | 'end';
  y: number;
  tx: number;
  box: Box;
  /** What the spot costs: 10 out of the drawing, 3 per label it overlaps, 2 per mark it covers, 1 per arrow. */
  cost: number;
}

/**
 * Each write's label beside its mark, else above or below it, wherever it covers no other label, mark
 * or arrow: two writes a moment apart (the new leader's, then the stale one) stay readable.
 */
function placeWriteLabels(
  writes: readonly { seq: number; x: number; width: number }[],
  cy: number,
  left: number,
  W: number,
): WriteSpot[] {
  const placed: WriteSpot[] = [];
  for (const w of writes) {
    const spots = [cy + 4, cy - 12, cy + 19].flatMap((y) =>
      (['start', 'end'] as const).map((anchor) => {
        const x0 = anchor === 'start' ? w.x + 12 : w.x - 12 - w.width;
        return {
          anchor,
          y,
          tx: anchor === 'start' ? w.x + 12 : w.x - 12,
          box: { x0, x1: x0 + w.width, y0: y - 10, y1: y + 3 },
        };
      }),
    );
    const cost = (b: Box) =>
      (b.x0 < left || b.x1 > W - 2 ? 10 : 0) + // the gutter is under the sticky lane names
      placed.filter((o) => overlaps(o.box, b, 2)).length * 3 +
      // A label that ends next to another mark reads as that mark's: keep clear of it.
      // (the rows above and below clear the marks' circles: a label there crosses at most an arrow).
      writes.filter((o) => o.seq !== w.seq && overlaps({ x0: o.x - 24, x1: o.x + 24, y0: cy - 9, y1: cy + 9 }, b, 1, 0))
        .length *
        2 +
      writes.filter((o) => o.seq !== w.seq && o.x > b.x0 - 2 && o.x < b.x1 + 2 && b.y0 < cy - 9).length;
    const spot = bestSpot(spots, cost);
    placed.push({ ...spot, cost: cost(spot.box) });
  }
  return placed;
}

/**
 * Font sizes of the drawing's labels in user units (timeline.css sets the same sizes; the layout
 * estimates label widths from them). None is below 11: drawn at scale 1 or more, no label is below 11 CSS px.
 */
export const LABEL_PX = { tick: 11, lock: 11, lease: 11, write: 12 } as const;
/** Average advance of a character as a share of the font size, generous so estimated boxes cover the drawn ones. */
const CHAR_EM = 0.6;
const CHAR_EM_BOLD = 0.64;

/**
 * The time axis: ticks at a round step, from the run's start to the first tick at or after its end,
 * so the axis covers the whole run (a run ending at 38.7 s gets an axis to 40 s, not one stopping at 30 s).
 */
export function timeAxis(start: number, end: number): { from: number; to: number; step: number; ticks: number[] } {
  const step = niceStep(end - start || 1, 6);
  const from = Math.floor(start / step + 1e-9) * step;
  const to = Math.max(from + step, Math.ceil(end / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let i = 0; from + i * step <= to + 1e-9; i++) ticks.push(r(from + i * step));
  return { from, to, step, ticks };
}
const isMinorLock = (kind: string) => kind === 'refuse' || kind === 'renew' || kind === 'renew-refused';

/** A stretch of the axis drawn short: nothing the drawing marks happens between `from` and `to`. */
export interface AxisBreak {
  from: number;
  to: number;
}
/** A quiet stretch is drawn short when it is at least this share of an axis at least this long (a lesson's runs are shorter). */
const QUIET_SHARE = 0.3;
const QUIET_MIN_AXIS = 60_000;
/** A short stretch's width in user units, and how much of it stays drawn at each end (as a share of the axis). */
const BREAK_W = 24;
const BREAK_PAD = 0.03;
/** How far (user units) a tick's words keep from a break's middle, where its length is written, and from the tick before. */
const BREAK_CLEAR = 34;
const TICK_CLEAR = 40;

/** The time the breaks leave out. */
const skippedBy = (breaks: readonly AxisBreak[]) => breaks.reduce((sum, b) => sum + (b.to - b.from), 0);
/** Where a break's length is written: its middle. */
const breakMiddle = (b: AxisBreak, x: (t: number) => number) => x(b.from) + BREAK_W / 2;

/**
 * The stretches of a run in which nothing the drawing marks happens (`times`: every grant, expiry,
 * write, pause's start and end…), when one is at least 30% of an axis of a minute or more: at most two,
 * the longest, in time order. Each keeps 3% of the axis at both ends, so the marks beside it stay clear
 * of it. A shorter run keeps a plain axis: there a pause's drawn length is part of the story.
 */
export function quietStretches(times: readonly number[], from: number, to: number): AxisBreak[] {
  const span = to - from;
  if (span < QUIET_MIN_AXIS) return [];
  const sorted = [...new Set([from, ...times, to])].sort((a, b) => a - b);
  const gaps: AxisBreak[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1]!, sorted[i]!];
    if (b - a >= QUIET_SHARE * span) gaps.push({ from: a + BREAK_PAD * span, to: b - BREAK_PAD * span });
  }
  return gaps
    .sort((p, q) => q.to - q.from - (p.to - p.from))
    .slice(0, 2)
    .sort((p, q) => p.from - q.from);
}

/** Time → x over [x0, x1]: one scale for all the time drawn, and BREAK_W units for each break whatever its length. */
export function brokenScale(from: number, to: number, breaks: readonly AxisBreak[], x0: number, x1: number) {
  const k = (x1 - x0 - breaks.length * BREAK_W) / (to - from - skippedBy(breaks));
  return (t: number): number => {
    let x = x0;
    let at = from;
    for (const b of breaks) {
      if (t <= b.from) break;
      x += (b.from - at) * k;
      if (t < b.to) return x + ((t - b.from) / (b.to - b.from)) * BREAK_W;
      x += BREAK_W;
      at = b.to;
    }
    return x + (t - at) * k;
  };
}

/**
 * An axis with breaks: a round step for the time it draws (not the time it skips), and its end at
 * the first step at or after the run's `end`, so it covers the whole run.
 */
export function brokenAxis(from: number, end: number, breaks: readonly AxisBreak[]): { to: number; step: number } {
  const step = niceStep(end - from - skippedBy(breaks) || 1, 6);
  return { step, to: Math.max(from + step, Math.ceil(end / step - 1e-9) * step) };
}

/**
 * Its ticks: at each step outside the breaks, none whose words would meet a break's (BREAK_CLEAR from
 * its middle) or the tick before (TICK_CLEAR), and always one at the axis's end.
 */
export function brokenTicks(
  from: number,
  to: number,
  step: number,
  breaks: readonly AxisBreak[],
  x: (t: number) => number,
): number[] {
  const ticks: number[] = [];
  for (let i = Math.ceil(from / step - 1e-9); i * step < to - 1e-9; i++) {
    const t = r(i * step);
    if (breaks.some((b) => Math.abs(x(t) - breakMiddle(b, x)) < BREAK_CLEAR)) continue;
    if (ticks.length && x(t) - x(ticks.at(-1)!) < TICK_CLEAR) continue;
    ticks.push(t);
  }
  while (ticks.length > 1 && x(to) - x(ticks.at(-1)!) < TICK_CLEAR) ticks.pop();
  ticks.push(r(to));
  return ticks;
}

/**
 * The drawing's viewBox widths in user units: 640, or the first wider one at which no label overlaps another
 * (a dense run: a lock granted and released every few seconds for a minute). timeline.css never draws it
 * narrower than its width in CSS px (the frame's data-width; it scrolls sideways instead), so a user unit is
 * at least a CSS px and the smallest label (LABEL_PX) stays legible on a phone.
 */
export const TIMELINE_WIDTHS = [640, 960, 1280, 1920] as const;

export function renderTimeline(trace: readonly TraceEvent[], options: TimelineOptions = {}): string {
  const m = timelineModel(trace);
  let best: Drawing | undefined;
  for (const width of TIMELINE_WIDTHS) {
    const drawing = drawTimeline(trace, m, options, width);
    if (!best || drawing.overlaps < best.overlaps) best = drawing;
    if (drawing.overlaps === 0) break;
  }
  return best!.html;
}

interface Drawing {
  html: string;
  /** Labels drawn over another label: the placer found no free spot for them at this width. */
  overlaps: number;
}

function drawTimeline(trace: readonly TraceEvent[], m: TimelineModel, options: TimelineOptions, W: number): Drawing {
  const id = options.idPrefix ?? 'tl';
  const left = 100;
  const top = 28;
  const laneH = 52;
  const lanes = [
    ...m.workers.map((w) => ({ key: w, label: `Worker ${w}` })),
    { key: LOCK_SERVICE, label: 'Lock service' },
    { key: STORE, label: 'Store' },
  ];
  const H = top + lanes.length * laneH + 30;
  const plainAxis = timeAxis(m.start, m.end);
  const breaks = options.shortenQuiet
    ? quietStretches(
        [
          m.end,
          ...m.leases.flatMap((l) => [l.from, l.to]),
          ...m.pauses.flatMap((p) => [p.from, p.to]),
          ...m.writes.map((w) => w.t),
          ...m.lockEvents.map((e) => e.t),
        ],
        plainAxis.from,
        plainAxis.to,
      )
    : [];
  const axis = breaks.length ? { from: plainAxis.from, ...brokenAxis(plainAxis.from, m.end, breaks) } : plainAxis;
  const span = axis.to - axis.from;
  const laneY = (key: string) => top + lanes.findIndex((l) => l.key === key) * laneH;
  // Every mark is placed by one scale, the same the axis ticks use, so it sits at its time. Its right
  // margin is 24 units, unless the write labels then have to cover a mark or another label (writes
  // crowded near the end of the run): then it grows until the last write's label fits after its mark.
  const scale = (right: number) => brokenScale(axis.from, axis.to, breaks, left, W - right);
  const labels = m.writes.map((w) => writeLabel(w));
  const cy = laneY(STORE) + laneH / 2;
  const place = (right: number) =>
    placeWriteLabels(
      m.writes.map((w, i) => ({
        seq: w.seq,
        x: scale(right)(w.t),
        width: labels[i]!.length * LABEL_PX.write * CHAR_EM_BOLD,
      })),
      cy,
      left,
      W,
    );
  const crowding = (spots: WriteSpot[]) => spots.reduce((sum, s) => sum + (s.cost >= 2 ? s.cost : 0), 0);
  let right = 24;
  let writeSpots = place(right);
  const last = m.writes.reduce<number | undefined>(
    (at, w, k) => (at === undefined || w.t >= m.writes[at]!.t ? k : at),
    undefined,
  );
  if (crowding(writeSpots) > 0 && last !== undefined) {
    // The margin at which the last write's label fits after its mark (its x moves left as the margin grows).
    const frac = (m.writes[last]!.t - axis.from) / span;
    const width = labels[last]!.length * LABEL_PX.write * CHAR_EM_BOLD;
    const roomy = Math.ceil(W - left - (W - left - 14 - width) / Math.max(frac, 0.01));
    if (roomy > right && roomy <= 200) {
      const spots = place(roomy);
      if (crowding(spots) < crowding(writeSpots)) [right, writeSpots] = [roomy, spots];
    }
  }
  const x = scale(right);
  const workerIndex = (n: string) => Math.max(0, m.workers.indexOf(n)) % 4;
  const fmt = (t: number) => formatTime(t, span);
  const out: string[] = [];
  const title = options.title ?? 'Timeline of the run';
  const shortened = breaks.map(
    (b) =>
      `The drawing shortens the stretch from ${fmt(b.from)} to ${fmt(b.to)}, in which nothing happens, to the width marked +${formatTime(b.to - b.from, span)}.`,
  );
  const desc = [...describeTimeline(trace), ...shortened].join(' ') || 'The run recorded no leases, pauses or writes.';

  out.push(
    `<svg class="tl" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" data-timeline>`,
  );
  out.push(`<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>`);
  out.push(
    `<defs><pattern id="${id}-hatch" class="tl-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="6" /></pattern></defs>`,
  );

  // Lanes and their labels (the labels are drawn again in the sticky name column, see below).
  const laneBg = (i: number) => `tl-lane-bg${i % 2 ? ' tl-lane-alt' : ''}`;
  // The lock service's short ticks, counted under its name (each tick has its own tooltip): requests it
  // refused (a lock, or a lease's renewal) and renewals. Two counts move the name up to make room.
  const lockCounts = (
    [
      [m.lockEvents.filter((e) => e.kind === 'refuse' || e.kind === 'renew-refused').length, 'refused'],
      [m.lockEvents.filter((e) => e.kind === 'renew').length, 'renewed'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`);
  const lockLane = lanes.findIndex((l) => l.key === LOCK_SERVICE);
  // Two counts: the name and both lines 14 units apart (an 11-unit line of text is about 13 high).
  const lift = lockCounts.length > 1 ? 12 : 0;
  const laneLabel = (i: number, label: string) =>
    `<text class="tl-lane-label" x="8" y="${top + i * laneH + laneH / 2 + 4 - (i === lockLane ? lift : 0)}">${esc(label)}</text>`;
  lanes.forEach((lane, i) => {
    const y = top + i * laneH;
    out.push(
      `<g class="tl-lane" data-lane="${esc(lane.key)}"><rect class="${laneBg(i)}" x="0" y="${y}" width="${W}" height="${laneH}" />${laneLabel(i, lane.label)}</g>`,
    );
  });

  // Time axis.
  const axisY = top + lanes.length * laneH;
  out.push(`<g class="tl-axis" aria-hidden="true">`);
  const ticks = breaks.length ? brokenTicks(axis.from, axis.to, axis.step, breaks, x) : plainAxis.ticks;
  for (const t of ticks) {
    // The first tick's words start at its line: centred, half of them would sit under the lane names,
    // which stay in view over the drawing on a phone.
    const first = x(t) <= left + 1;
    out.push(
      `<line class="tl-grid" x1="${r(x(t))}" y1="${top}" x2="${r(x(t))}" y2="${axisY}" /><text class="tl-tick" data-t="${t}" x="${r(x(t) + (first ? 2 : 0))}" y="${axisY + 16}" text-anchor="${first ? 'start' : 'middle'}">${esc(fmt(t))}</text>`,
    );
  }
  // A stretch drawn short: a paler band across the lanes, two slashes on the axis, and how long it is.
  for (const b of breaks) {
    const bx = x(b.from);
    const mid = breakMiddle(b, x);
    // Its length under it, unless the axis's last tick needs the room (the text alternative says it too).
    const said = ticks.every((t) => Math.abs(x(t) - mid) >= BREAK_CLEAR)
      ? `<text class="tl-tick" x="${r(mid)}" y="${axisY + 16}" text-anchor="middle">+${esc(formatTime(b.to - b.from, span))}</text>`
      : '';
    out.push(
      `<g class="tl-break" data-from="${r(b.from)}" data-to="${r(b.to)}"><rect x="${r(bx)}" y="${top}" width="${BREAK_W}" height="${axisY - top}" /><path d="M${r(bx + 4)} ${axisY + 5} l4 -10 M${r(bx + BREAK_W - 8)} ${axisY + 5} l4 -10" />${said}</g>`,
    );
  }
  out.push(`<text class="tl-tick" x="${left}" y="${top - 10}">${esc(options.timeAxis ?? 'virtual time')} →</text></g>`);

  // Lease bars in the holder's lane (upper half).
  for (const l of m.leases) {
    const y = laneY(l.node) + 8;
    const x1 = x(l.from);
    const w = Math.max(2, x(l.to) - x1);
    const how = l.end === 'expire' ? 'expired' : l.end === 'release' ? 'released' : 'held';
    out.push(
      `<g class="tl-lease tl-c${workerIndex(l.node)}" data-kind="lease" data-node="${esc(l.node)}" data-token="${l.token}" data-end="${l.end}"><title>${esc(`${l.node}: lease, token ${l.token}, ${fmt(l.from)} to ${fmt(l.to)} (${how})`)}</title>`,
    );
    out.push(`<rect x="${r(x1)}" y="${y}" width="${r(w)}" height="16" rx="3" />`);
    // The words go inside the bar only where they fit in it (else the tooltip and the text alternative say them).
    const long = `lease #${l.token}${l.end === 'expire' ? ' · expires' : ''}`;
    const short = `#${l.token}`;
    const fits = (s: string) => s.length * LABEL_PX.lease * CHAR_EM_BOLD + 12 <= w;
    const words = fits(long) ? long : fits(short) ? short : '';
    if (words) out.push(`<text x="${r(x1 + 6)}" y="${y + 12}">${esc(words)}</text>`);
    if (l.end === 'expire')
      out.push(`<line class="tl-expire" x1="${r(x1 + w)}" y1="${y - 3}" x2="${r(x1 + w)}" y2="${y + 19}" />`);
    out.push(`</g>`);
  }

  // Pause blocks (lower half), hatched and labelled.
  for (const p of m.pauses) {
    const y = laneY(p.node) + 28;
    const x1 = x(p.from);
    const w = Math.max(2, x(p.to) - x1);
    out.push(
      `<g class="tl-pause" data-kind="pause" data-node="${esc(p.node)}"><title>${esc(`${p.node}: paused ${fmt(p.from)} to ${fmt(p.to)}; runs nothing`)}</title><rect x="${r(x1)}" y="${y}" width="${r(w)}" height="16" rx="3" fill="url(#${id}-hatch)" /><rect class="tl-pause-edge" x="${r(x1)}" y="${y}" width="${r(w)}" height="16" rx="3" />${w > 6 * LABEL_PX.lease * CHAR_EM_BOLD + 12 ? `<text x="${r(x1 + 6)}" y="${y + 12}">paused</text>` : ''}</g>`,
    );
  }

  // Lock service events: ticks. Grants, expiries and releases are labelled; refusals (a waiting
  // worker retrying) are short unlabelled ticks with a tooltip, so a retry loop does not bury the story.
  // Each label goes right or left of its tick, on one of three rows, wherever it crosses no other
  // label, tick or write arrow (those lines run the full height of the lane). The third row shares
  // the refusals' short ticks, so it is the last resort (a grant, a release and the next grant a
  // moment apart need all three).
  const lockY = laneY(LOCK_SERVICE);
  // The writes' arrows go under the lock service's words: where one must cross a label (a dense run
  // leaves no free spot), the label's backing, in the lane's colour, breaks the line instead of the line
  // striking through the words. (So do the grid lines, drawn before.)
  m.writes.forEach((w) => {
    const cx = r(x(w.t));
    const from = m.workers.includes(w.writer) ? laneY(w.writer) + laneH - 6 : cy - 20;
    out.push(
      `<g class="tl-path${options.highlightSeq === w.seq ? ' tl-current' : ''}"><line class="tl-arrow" x1="${cx}" y1="${from}" x2="${cx}" y2="${cy - 9}" /></g>`,
    );
  });
  const alt = lockLane % 2 ? ' tl-on-alt' : '';
  const majorLock = m.lockEvents.filter((e) => !isMinorLock(e.kind));
  const lockLines = [
    ...majorLock.map((e) => ({ seq: e.seq, x: x(e.t) })),
    ...m.writes.map((w) => ({ seq: w.seq, x: x(w.t) })),
  ];
  const lockBoxes: Box[] = [];
  // Labels placed within 2 units of another (renderTimeline then tries a wider drawing): the writes' so far.
  let overlapping = writeSpots.filter((s, i) =>
    writeSpots.slice(0, i).some((o) => overlaps(o.box, s.box, 2, 0)),
  ).length;
  // Drawn after every tick: where a label must cross another event's tick, the label stays whole.
  const lockLabels: string[] = [];
  const minorX = m.lockEvents.filter((e) => isMinorLock(e.kind)).map((e) => x(e.t));
  // Labelled ticks under 4 units apart (an expiry and the next grant at once, on a long run's scale) share
  // one label at the first, "expire #33, grant B #34": side by side, two labels would cover each other.
  const shared = new Map<number, { text: string; seqs: Set<number> }>();
  let lead: (typeof majorLock)[number] | undefined;
  for (const e of majorLock) {
    const group = lead && x(e.t) - x(lead.t) < 4 ? shared.get(lead.seq) : undefined;
    if (group) {
      group.text += `, ${e.label}`;
      group.seqs.add(e.seq);
    } else {
      lead = e;
      shared.set(e.seq, { text: e.label, seqs: new Set([e.seq]) });
    }
  }
  for (const e of m.lockEvents) {
    const cx = x(e.t);
    if (isMinorLock(e.kind)) {
      out.push(
        `<g class="tl-lock tl-lock-${e.kind}" data-kind="${esc(e.kind)}"><title>${esc(`${e.label} at ${fmt(e.t)}`)}</title><line x1="${r(cx)}" y1="${lockY + laneH - 16}" x2="${r(cx)}" y2="${lockY + laneH - 6}" /></g>`,
      );
      continue;
    }
    const group = shared.get(e.seq);
    // It starts at the top of a first-row label's backing: a tick passing behind a label does not peek out above it.
    const tick = `<line x1="${r(cx)}" y1="${lockY + 7}" x2="${r(cx)}" y2="${lockY + laneH - 6}" />`;
    out.push(
      `<g class="tl-lock tl-lock-${e.kind}${options.highlightSeq === e.seq ? ' tl-current' : ''}" data-kind="${esc(e.kind)}"><title>${esc(`${e.label} at ${fmt(e.t)}`)}</title>${tick}</g>`,
    );
    if (!group) continue; // its words are in the shared label at the tick just before
    const width = group.text.length * LABEL_PX.lock * CHAR_EM;
    const spots = [0, 1, 2].flatMap((row) =>
      (['start', 'end'] as const).map((anchor) => {
        const y = lockY + 16 + row * 13;
        const x0 = anchor === 'start' ? cx + 4 : cx - 4 - width;
        return {
          anchor,
          y,
          row,
          tx: anchor === 'start' ? cx + 4 : cx - 4,
          box: { x0, x1: x0 + width, y0: y - 9, y1: y + 3 },
        };
      }),
    );
    const spot = bestSpot(
      spots,
      (b) =>
        (b.x0 < left || b.x1 > W - 2 ? 10 : 0) +
        lockBoxes.filter((o) => overlaps(o, b, 3, 0)).length * 3 +
        lockLines.filter((l) => !group.seqs.has(l.seq) && l.x > b.x0 - 2 && l.x < b.x1 + 2).length +
        (b.y1 > lockY + laneH - 16 ? 1 + minorX.filter((mx) => mx > b.x0 - 2 && mx < b.x1 + 2).length : 0),
    );
    if (lockBoxes.some((o) => overlaps(o, spot.box, 2, 0))) overlapping++;
    lockBoxes.push(spot.box);
    lockLabels.push(
      `<g class="tl-lock-label${alt}" data-tick="${r(cx)}"><rect x="${r(spot.box.x0 - 1)}" y="${spot.box.y0}" width="${r(width + 2)}" height="${spot.box.y1 - spot.box.y0 + 1}" /><text x="${r(spot.tx)}" y="${spot.y}"${spot.anchor === 'end' ? ' text-anchor="end"' : ''}>${esc(group.text)}</text></g>`,
    );
  }
  out.push(...lockLabels);
  const counts = lockCounts
    .map(
      (c, k) =>
        `<text class="tl-tick" x="8" y="${lockY + laneH / 2 + 17 - (lift ? 11 : 0) + 14 * k}" aria-hidden="true">${c}</text>`,
    )
    .join('');
  out.push(counts);

  // Writes: (their arrows are drawn above, under the lock service's words) a shape (✓ accepted /
  // ✕ rejected) and words, at the spot placeWriteLabels chose (above, with the scale).
  m.writes.forEach((w, i) => {
    const cx = x(w.t);
    const token = w.token === undefined ? 'no token' : `#${w.token}`;
    const { word, flag } = outcomeWords(w);
    const label = labels[i]!;
    const spot = writeSpots[i]!;
    const decisive =
      (options.decidedBy === w.seq ? ' tl-decisive' : '') + (options.highlightSeq === w.seq ? ' tl-current' : '');
    const order = w.token !== undefined && w.token === w.leaseToken ? 'in token order' : 'in grant order';
    const why =
      w.deposed && w.newer
        ? ` (${w.newer.holder} had been granted token ${w.newer.token} at ${fmt(w.newer.t)}; ${order})`
        : w.lost
          ? ` (replaced version ${w.lost.version}${w.lost.writer ? `, ${w.lost.writer}’s write,` : ''} unread)`
          : w.reason
            ? ` (${w.reason})`
            : '';
    out.push(
      `<g class="tl-write tl-${word}${w.stale ? ' tl-stale' : ''}${w.deposed ? ' tl-deposed' : ''}${w.lost ? ' tl-lost' : ''}${decisive}" data-kind="write" data-writer="${esc(w.writer)}" data-token="${w.token ?? ''}" data-accepted="${w.accepted}" data-stale="${w.stale}" data-deposed="${w.deposed}"><title>${esc(`${w.writer} writes ${token} at ${fmt(w.t)}: ${flag}${word}${why}`)}</title>`,
    );
    out.push(`<circle cx="${r(cx)}" cy="${cy}" r="8" />`);
    out.push(
      w.accepted
        ? `<path class="tl-glyph" d="M${r(cx - 4)} ${cy} l3 3 l5 -6" />`
        : `<path class="tl-glyph" d="M${r(cx - 3.5)} ${cy - 3.5} l7 7 M${r(cx + 3.5)} ${cy - 3.5} l-7 7" />`,
    );
    // A label moved above or below its mark can sit next to another mark: a short leader from its own mark's
    // circle to the label's near end says whose it is.
    if (spot.y !== cy + 4) {
      const [tx, ty] = [spot.tx + (spot.anchor === 'start' ? -2 : 2), spot.y - 4];
      const d = Math.hypot(tx - cx, ty - cy);
      out.push(
        `<line class="tl-leader" x1="${r(cx + ((tx - cx) * 9) / d)}" y1="${r(cy + ((ty - cy) * 9) / d)}" x2="${r(tx)}" y2="${r(ty)}" />`,
      );
    }
    out.push(`<text x="${r(spot.tx)}" y="${spot.y}" text-anchor="${spot.anchor}">${esc(label)}</text></g>`);
  });

  // The replay cursor: where the current event sits in time, drawn last so it is on top.
  const current = options.highlightSeq === undefined ? undefined : trace.find((e) => e.seq === options.highlightSeq);
  if (current) {
    const cx = r(x(current.t));
    out.push(
      `<g class="tl-cursor" data-cursor data-seq="${current.seq}" aria-hidden="true"><line x1="${cx}" y1="${top - 4}" x2="${cx}" y2="${axisY}" /><path d="M${cx - 5} ${top - 10} h10 l-5 6 z" /></g>`,
    );
  }

  out.push(`</svg>`);

  // The lane names again, as a column that stays put while the timeline scrolls sideways on narrow
  // screens (timeline.css shows it only there; CSS cannot make part of an SVG sticky). It is the
  // drawing's own gutter, same viewBox height and coordinates, sized by the drawing's rendered height,
  // so it lines up with the lanes at any scale. Decorative: the SVG keeps its own labels and text.
  const gutter =
    `<div class="tl-names" aria-hidden="true"><svg class="tl-names-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${left} ${H}" width="${left}" height="${H}" focusable="false">` +
    // Its whole height is opaque: the axis labels and the caption scrolled under it must not show through.
    `<rect class="tl-names-bg" x="0" y="0" width="${left}" height="${H}" />` +
    lanes
      .map(
        (lane, i) =>
          `<g class="tl-name" data-lane-name="${esc(lane.key)}"><rect class="${laneBg(i)}" x="0" y="${top + i * laneH}" width="${left}" height="${laneH}" />${laneLabel(i, lane.label)}</g>`,
      )
      .join('') +
    counts.replaceAll(' aria-hidden="true"', '') +
    `<line class="tl-names-edge" x1="${left - 0.5}" y1="${top}" x2="${left - 0.5}" y2="${axisY}" /></svg></div>`;
  const wide = W > TIMELINE_WIDTHS[0] ? ` data-width="${W}"` : '';
  return {
    html: `<div class="tl-frame" data-timeline-frame${wide}>${gutter}${out.join('')}</div>`,
    overlaps: overlapping,
  };
}
