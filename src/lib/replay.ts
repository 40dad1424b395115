// Stepping through a recorded run, one log row at a time. Pure: no DOM, no timers. The replay view
// (components/explore/replay-view.ts) keeps a ReplayState and asks this module what a button or a
// key does and what to announce.
import type { LogRow } from '../../sandboxes/kit/log.ts';
import { formatTime } from './log-format.ts';

export interface ReplayState {
  /** The current row, 0-based; -1 only when there are no rows. */
  index: number;
  /** How many rows the run has. */
  length: number;
}

export type StepAction = 'first' | 'prev' | 'next' | 'last' | { to: number };

export function initialState(length: number, at = 0): ReplayState {
  return { index: length > 0 ? clamp(at, 0, length - 1) : -1, length };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.trunc(Number.isFinite(n) ? n : lo)));
}

/** The state after an action. Steps stop at both ends (they do not wrap). */
export function step(state: ReplayState, action: StepAction): ReplayState {
  if (state.length <= 0) return { index: -1, length: 0 };
  const last = state.length - 1;
  const to =
    action === 'first'
      ? 0
      : action === 'last'
        ? last
        : action === 'next'
          ? state.index + 1
          : action === 'prev'
            ? state.index - 1
            : action.to;
  return { index: clamp(to, 0, last), length: state.length };
}

/** What a key does while the replay has focus; null for keys it leaves alone. */
export function keyAction(key: string): StepAction | null {
  switch (key) {
    case 'ArrowRight':
      return 'next';
    case 'ArrowLeft':
      return 'prev';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** Which step buttons make sense at this position. */
export function canStep(state: ReplayState): { first: boolean; prev: boolean; next: boolean; last: boolean } {
  const atStart = state.index <= 0;
  const atEnd = state.index >= state.length - 1;
  return { first: !atStart, prev: !atStart, next: !atEnd, last: !atEnd };
}

/** "event 12 of 41, 20.004 s, A: put result.csv from A rejected: …" — announced politely on each step. */
export function positionText(rows: readonly Pick<LogRow, 't' | 'node' | 'message'>[], state: ReplayState): string {
  if (state.length <= 0 || state.index < 0) return 'This run recorded no events.';
  const row = rows[state.index]!;
  return `event ${state.index + 1} of ${state.length}, ${formatTime(row.t)} s, ${row.node}: ${row.message}`;
}

/** The row index of the event with this trace seq (or the first row after it); 0 when none. */
export function indexOfSeq(rows: readonly Pick<LogRow, 'seq'>[], seq: number | undefined): number {
  if (seq === undefined) return 0;
  const i = rows.findIndex((r) => r.seq >= seq);
  return i < 0 ? Math.max(0, rows.length - 1) : i;
}
