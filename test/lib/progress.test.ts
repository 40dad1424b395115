import { describe, expect, it } from 'vitest';
import {
  altitudeFor,
  altitudeText,
  createProgressStore,
  parseProgress,
  PROGRESS_KEY,
  type StorageLike,
} from '../../src/lib/progress.ts';

class MemoryStorage implements StorageLike {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.has(k) ? this.map.get(k)! : null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

describe('progress store', () => {
  it('starts empty and records completions per lesson', () => {
    const storage = new MemoryStorage();
    const store = createProgressStore(storage);
    expect(store.isDone('leader-election', 'fencing-token')).toBe(false);
    expect(store.complete('leader-election', 'fencing-token', new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(store.complete('leader-election', 'fencing-token')).toBe(false); // already done
    expect(store.isDone('leader-election', 'fencing-token')).toBe(true);
    expect(store.isDone('other-lesson', 'fencing-token')).toBe(false);
    expect(JSON.parse(storage.getItem(PROGRESS_KEY)!)).toEqual({
      version: 1,
      lessons: { 'leader-election': { 'fencing-token': '2026-01-01T00:00:00.000Z' } },
    });
  });

  it('survives a reload (a new store over the same storage)', () => {
    const storage = new MemoryStorage();
    createProgressStore(storage).complete('l', 'a');
    createProgressStore(storage).complete('l', 'b');
    const again = createProgressStore(storage);
    expect(again.doneCount('l', ['a', 'b', 'c', 'd'])).toBe(2);
  });

  it.each([
    ['not JSON', '{oops'],
    ['JSON null', 'null'],
    ['an array', '[1,2,3]'],
    ['a wrong version', JSON.stringify({ version: 2, lessons: { l: { a: 'x' } } })],
    ['lessons not an object', JSON.stringify({ version: 1, lessons: 'nope' })],
    ['a number', '42'],
  ])('starts clean, without throwing, when storage holds %s', (_label, raw) => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, raw);
    const store = createProgressStore(storage);
    expect(() => store.read()).not.toThrow();
    expect(store.doneCount('l', ['a'])).toBe(0);
    expect(store.complete('l', 'a')).toBe(true);
    expect(parseProgress(storage.getItem(PROGRESS_KEY)).lessons).toEqual({ l: { a: expect.any(String) as unknown } });
  });

  it('keeps valid entries and drops malformed ones', () => {
    const data = parseProgress(JSON.stringify({ version: 1, lessons: { l: { a: 'x', b: 3 }, m: 'bad' } }));
    expect(data.lessons).toEqual({ l: { a: 'x' } });
  });

  it('works without storage, and when storage throws', () => {
    const none = createProgressStore(null);
    expect(none.complete('l', 'a')).toBe(true);
    expect(none.isDone('l', 'a')).toBe(true);

    const throwing: StorageLike = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
    };
    const store = createProgressStore(throwing);
    expect(() => store.complete('l', 'a')).not.toThrow();
    // Nothing persisted, nothing blew up, and the completion still counts for this visit.
    expect(store.doneCount('l', ['a'])).toBe(1);
  });

  it('resets one lesson or everything', () => {
    const store = createProgressStore(new MemoryStorage());
    store.complete('l', 'a');
    store.complete('m', 'a');
    store.reset('l');
    expect(store.isDone('l', 'a')).toBe(false);
    expect(store.isDone('m', 'a')).toBe(true);
    store.reset();
    expect(store.isDone('m', 'a')).toBe(false);
  });
});

describe('altitude', () => {
  it('climbs Zero → Junior → Middle → Senior over four quizzes', () => {
    expect([0, 1, 2, 3, 4].map((d) => altitudeFor(d, 4))).toEqual(['zero', 'junior', 'middle', 'middle', 'senior']);
  });
  it('reaches Senior only when every quiz is done', () => {
    expect(altitudeFor(9, 10)).toBe('middle');
    expect(altitudeFor(10, 10)).toBe('senior');
    expect(altitudeFor(1, 1)).toBe('senior');
    expect(altitudeFor(1, 10)).toBe('junior');
    expect(altitudeFor(0, 0)).toBe('zero');
  });
  it('has a text equivalent', () => {
    expect(altitudeText(2, 4)).toBe('You are at middle altitude: 2 of 4 quizzes done.');
    expect(altitudeText(4, 4)).toBe('You are at senior altitude: 4 of 4 quizzes done. In orbit.');
    expect(altitudeText(0, 1)).toBe('You are at zero altitude: 0 of 1 quiz done.');
  });
});
