// The sandbox edits store: what the reader typed survives a reload, a file typed back to its
// starter is forgotten, saves wait for a pause in typing, and storage that throws never breaks editing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEditsStore } from '../../src/lib/sandbox-edits.ts';
import type { StorageLike } from '../../src/lib/progress.ts';

class MemoryStorage implements StorageLike {
  map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

const starters = { 'store.ts': 'starter store', 'job.ts': 'starter job' };

describe('createEditsStore', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reads back what was saved, and the starter for a file never edited', () => {
    const storage = new MemoryStorage();
    createEditsStore({ sandbox: 'fencing-token', starters, storage }).save('store.ts', 'mine');
    const again = createEditsStore({ sandbox: 'fencing-token', starters, storage });
    expect(again.read('store.ts')).toBe('mine');
    expect(again.read('job.ts')).toBe('starter job');
    expect(again.saved()).toEqual({ 'store.ts': 'mine' });
    expect(storage.map.get('lf:sandbox:fencing-token:store.ts')).toBe('mine');
  });

  it('keeps sandboxes apart', () => {
    const storage = new MemoryStorage();
    createEditsStore({ sandbox: 'fencing-token', starters, storage }).save('store.ts', 'mine');
    expect(createEditsStore({ sandbox: 'keep-alive', starters, storage }).read('store.ts')).toBe('starter store');
  });

  it('forgets a file typed back to its starter', () => {
    const storage = new MemoryStorage();
    const store = createEditsStore({ sandbox: 's', starters, storage });
    store.save('store.ts', 'mine');
    store.save('store.ts', 'starter store');
    expect(storage.map.size).toBe(0);
    expect(store.saved()).toEqual({});
    expect(store.edited('store.ts', 'starter store')).toBe(false);
    expect(store.edited('store.ts', 'mine')).toBe(true);
  });

  it('saves once typing pauses, the latest text only', () => {
    const storage = new MemoryStorage();
    const onSave = vi.fn();
    const store = createEditsStore({ sandbox: 's', starters, storage, delay: 200, onSave });
    store.schedule('store.ts', 'm');
    vi.advanceTimersByTime(150);
    store.schedule('store.ts', 'mi');
    vi.advanceTimersByTime(150);
    expect(store.read('store.ts')).toBe('starter store');
    vi.advanceTimersByTime(50);
    expect(store.read('store.ts')).toBe('mi');
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith('store.ts');
  });

  it('writes pending saves at once on flush, and drops them on clear', () => {
    const storage = new MemoryStorage();
    const store = createEditsStore({ sandbox: 's', starters, storage });
    store.schedule('store.ts', 'mine');
    store.flush();
    expect(store.read('store.ts')).toBe('mine');
    store.schedule('job.ts', 'my job');
    store.clear();
    vi.advanceTimersByTime(1000);
    expect(store.saved()).toEqual({});
  });

  it('a save now wins over an older pending save of the same file, and leaves other files’ pending', () => {
    const storage = new MemoryStorage();
    const store = createEditsStore({ sandbox: 's', starters, storage, delay: 200 });
    store.schedule('store.ts', 'typed before the shared code came');
    store.schedule('job.ts', 'my job');
    store.save('store.ts', 'the shared code');
    vi.advanceTimersByTime(1000);
    expect(store.saved()).toEqual({ 'store.ts': 'the shared code', 'job.ts': 'my job' });
  });

  it('keeps working when storage is missing or throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    for (const storage of [broken, null]) {
      const onSave = vi.fn();
      const store = createEditsStore({ sandbox: 's', starters, storage, onSave });
      expect(() => store.save('store.ts', 'mine')).not.toThrow();
      expect(onSave).toHaveBeenCalledWith('store.ts');
      expect(store.read('store.ts')).toBe('starter store');
      expect(store.saved()).toEqual({});
      expect(() => store.clear()).not.toThrow();
    }
  });
});
