import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canStep,
  indexOfSeq,
  initialState,
  keyAction,
  positionText,
  step,
  type StepAction,
} from '../../src/lib/replay.ts';

const rows = [
  { t: 0, node: 'A', message: 'A starts', seq: 0 },
  { t: 2, node: 'lock', message: 'lease job-leader granted to A, token 33', seq: 3 },
  { t: 20004, node: 'store', message: 'put result.csv from A rejected: token 33 < 34', seq: 9 },
];

describe('replay stepping', () => {
  it('starts at the first event and steps forward and back', () => {
    let s = initialState(3);
    expect(s).toEqual({ index: 0, length: 3 });
    s = step(s, 'next');
    expect(s.index).toBe(1);
    s = step(s, 'next');
    expect(s.index).toBe(2);
    s = step(s, 'prev');
    expect(s.index).toBe(1);
  });

  it('stops at both ends instead of wrapping', () => {
    expect(step(initialState(3), 'prev').index).toBe(0);
    expect(step({ index: 2, length: 3 }, 'next').index).toBe(2);
    expect(step({ index: 1, length: 3 }, 'first').index).toBe(0);
    expect(step({ index: 1, length: 3 }, 'last').index).toBe(2);
    expect(step({ index: 1, length: 3 }, { to: 99 }).index).toBe(2);
    expect(step({ index: 1, length: 3 }, { to: -5 }).index).toBe(0);
    expect(step({ index: 1, length: 3 }, { to: Number.NaN }).index).toBe(0);
  });

  it('an empty run has no position', () => {
    expect(initialState(0)).toEqual({ index: -1, length: 0 });
    expect(step(initialState(0), 'next')).toEqual({ index: -1, length: 0 });
    expect(positionText([], initialState(0))).toMatch(/no events/);
  });

  it('any sequence of actions keeps the index in range, and next then prev returns (away from the end)', () => {
    const action = fc.oneof(
      fc.constantFrom<StepAction>('first', 'prev', 'next', 'last'),
      fc.integer({ min: -10, max: 60 }).map((to) => ({ to })),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(action, { maxLength: 40 }), (length, actions) => {
        let s = initialState(length);
        for (const a of actions) {
          s = step(s, a);
          expect(s.index).toBeGreaterThanOrEqual(0);
          expect(s.index).toBeLessThan(length);
          expect(s.length).toBe(length);
        }
        if (s.index < length - 1) expect(step(step(s, 'next'), 'prev')).toEqual(s);
      }),
    );
  });

  it('maps arrow keys and Home/End, and leaves other keys alone', () => {
    expect(keyAction('ArrowRight')).toBe('next');
    expect(keyAction('ArrowLeft')).toBe('prev');
    expect(keyAction('Home')).toBe('first');
    expect(keyAction('End')).toBe('last');
    expect(keyAction('ArrowUp')).toBeNull();
    expect(keyAction('Enter')).toBeNull();
  });

  it('says which buttons can act', () => {
    expect(canStep({ index: 0, length: 3 })).toEqual({ first: false, prev: false, next: true, last: true });
    expect(canStep({ index: 2, length: 3 })).toEqual({ first: true, prev: true, next: false, last: false });
    expect(canStep({ index: 0, length: 1 })).toEqual({ first: false, prev: false, next: false, last: false });
  });

  it('announces the position in words', () => {
    expect(positionText(rows, { index: 2, length: 3 })).toBe(
      'event 3 of 3, 20.004 s, store: put result.csv from A rejected: token 33 < 34',
    );
    expect(positionText(rows, { index: 0, length: 3 })).toBe('event 1 of 3, 0.000 s, A: A starts');
  });

  it('finds the row of a trace event (or the next one shown)', () => {
    expect(indexOfSeq(rows, 9)).toBe(2);
    expect(indexOfSeq(rows, 4)).toBe(2); // seq 4 is a hidden network event: the next shown row
    expect(indexOfSeq(rows, undefined)).toBe(0);
    expect(indexOfSeq(rows, 100)).toBe(2);
  });
});
