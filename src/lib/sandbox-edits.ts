// The reader's edits of a sandbox's editable files, kept across visits. Pure and storage-agnostic
// like progress.ts: pass browserStorage() (progress.ts) in the browser, a Map-backed fake in tests, or null
// when storage is unavailable. A file equal to its starter is not stored, so Reset and "typed it
// back" look the same. Storage that throws (full, blocked) never breaks editing: the edit stays
// in the editor and the starter is read back.
import type { StorageLike } from './progress.ts';
import { storageKey } from './sandbox-files.ts';

export interface EditsStoreOptions {
  sandbox: string;
  /** Editable file name → its starter text. */
  starters: Record<string, string>;
  storage: StorageLike | null;
  /** Quiet time before a scheduled save is written, in ms (typing saves once, not per key). */
  delay?: number;
  /** Called after each save is written (or attempted), e.g. to mark edited tabs. */
  onSave?: (file: string) => void;
}

export interface EditsStore {
  /** The reader's saved text of a file, or its starter when there is none. */
  read(file: string): string;
  /** Every file with saved edits (name → text); files at their starter are left out. */
  saved(): Record<string, string>;
  /** Saves `text` once `delay` ms pass without another schedule of that file. */
  schedule(file: string, text: string): void;
  /** Saves `text` now (a pending save of that file is dropped). */
  save(file: string, text: string): void;
  /** Writes every pending save now (e.g. when the page is hidden, or before a run). */
  flush(): void;
  /** Forgets the edits of every file, pending saves included. */
  clear(): void;
  /** Whether `text` differs from the file's starter. */
  edited(file: string, text: string): boolean;
}

export function createEditsStore({ sandbox, starters, storage, delay = 200, onSave }: EditsStoreOptions): EditsStore {
  const pending = new Map<string, { text: string; timer: ReturnType<typeof setTimeout> }>();
  const starter = (file: string) => starters[file] ?? '';
  const stored = (file: string): string | null => {
    try {
      return storage?.getItem(storageKey(sandbox, file)) ?? null;
    } catch {
      return null;
    }
  };
  const drop = (file: string) => {
    const p = pending.get(file);
    if (p) clearTimeout(p.timer);
    pending.delete(file);
  };
  const save = (file: string, text: string) => {
    drop(file);
    try {
      if (text === starter(file)) storage?.removeItem?.(storageKey(sandbox, file));
      else storage?.setItem(storageKey(sandbox, file), text);
    } catch {
      /* storage full or blocked: the edit stays in the editor */
    }
    onSave?.(file);
  };
  return {
    read: (file) => stored(file) ?? starter(file),
    saved() {
      const out: Record<string, string> = {};
      for (const file of Object.keys(starters)) {
        const text = stored(file);
        if (text !== null) out[file] = text;
      }
      return out;
    },
    schedule(file, text) {
      drop(file);
      pending.set(file, { text, timer: setTimeout(() => save(file, text), delay) });
    },
    save,
    flush() {
      for (const [file, { text }] of [...pending]) save(file, text);
    },
    clear() {
      for (const file of Object.keys(starters)) {
        drop(file);
        try {
          storage?.removeItem?.(storageKey(sandbox, file));
        } catch {
          /* ignore: nothing to forget */
        }
      }
    },
    edited: (file, text) => text !== starter(file),
  };
}
