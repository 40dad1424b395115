// Reader progress: which quizzes of which lesson are completed.
// Pure and storage-agnostic: pass any Storage-like object (window.localStorage in the
// browser, a Map-backed fake in tests, or null when storage is unavailable).
// A corrupted or foreign value never throws: the store starts clean and overwrites it on
// the next completion.
import { builtBase, siteStorageKey } from './site-url.ts';

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/** localStorage key holding all progress, scoped to the site's base. Versioned so a future shape can migrate. */
export const PROGRESS_KEY = siteStorageKey('lf:progress:v1', builtBase());
/** Event dispatched on `document` when a quiz is completed (detail: QuizCompleteDetail). */
export const QUIZ_COMPLETE_EVENT = 'lf:quiz-complete';
/** Event dispatched on `document` after a lesson's progress is reset (detail: { lesson }). */
export const PROGRESS_RESET_EVENT = 'lf:progress-reset';

export interface QuizCompleteDetail {
  lesson: string;
  quiz: string;
}

export interface ProgressData {
  version: 1;
  /** lesson slug → quiz id → ISO time of completion */
  lessons: Record<string, Record<string, string>>;
}

const empty = (): ProgressData => ({ version: 1, lessons: {} });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse a stored value; anything malformed yields clean progress (never throws). */
export function parseProgress(raw: string | null | undefined): ProgressData {
  if (!raw) return empty();
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return empty();
  }
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.lessons)) return empty();
  const out = empty();
  for (const [lesson, quizzes] of Object.entries(value.lessons)) {
    if (!isRecord(quizzes)) continue;
    const clean: Record<string, string> = {};
    for (const [quiz, at] of Object.entries(quizzes)) {
      if (typeof at === 'string') clean[quiz] = at;
    }
    out.lessons[lesson] = clean;
  }
  return out;
}

export interface ProgressStore {
  read(): ProgressData;
  isDone(lesson: string, quiz: string): boolean;
  /** Mark a quiz completed. Returns true when it was not completed before. */
  complete(lesson: string, quiz: string, now?: Date): boolean;
  /** How many of `quizIds` are completed in `lesson`. */
  doneCount(lesson: string, quizIds: readonly string[]): number;
  /** Forget one lesson's progress, or everything. */
  reset(lesson?: string): void;
}

export function createProgressStore(storage: StorageLike | null | undefined): ProgressStore {
  // In-memory fallback keeps the page working (for this visit) when storage is missing or throws.
  let memory: ProgressData = empty();

  const read = (): ProgressData => {
    if (!storage) return memory;
    try {
      return parseProgress(storage.getItem(PROGRESS_KEY));
    } catch {
      return memory;
    }
  };
  const write = (data: ProgressData) => {
    memory = data;
    if (!storage) return;
    try {
      storage.setItem(PROGRESS_KEY, JSON.stringify(data));
    } catch {
      /* quota or privacy mode: keep the in-memory copy */
    }
  };

  return {
    read,
    isDone: (lesson, quiz) => Boolean(read().lessons[lesson]?.[quiz]),
    complete(lesson, quiz, now = new Date()) {
      const data = read();
      const quizzes = (data.lessons[lesson] ??= {});
      if (quizzes[quiz]) return false;
      quizzes[quiz] = now.toISOString();
      write(data);
      return true;
    },
    doneCount(lesson, quizIds) {
      const quizzes = read().lessons[lesson] ?? {};
      return quizIds.filter((id) => Boolean(quizzes[id])).length;
    },
    reset(lesson) {
      if (lesson === undefined) {
        write(empty());
        return;
      }
      const data = read();
      delete data.lessons[lesson];
      write(data);
    },
  };
}

/** window.localStorage when usable (it throws on access in some privacy modes), else null. */
export function browserStorage(): StorageLike | null {
  try {
    const s = globalThis.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

export const ALTITUDES = ['zero', 'junior', 'middle', 'senior'] as const;
export type Altitude = (typeof ALTITUDES)[number];

/**
 * Where the reader stands after `done` of `total` quizzes: Zero with none, Senior only when
 * all are done, Junior/Middle in between (at least Junior once one is done).
 */
export function altitudeFor(done: number, total: number): Altitude {
  if (total <= 0 || done <= 0) return 'zero';
  if (done >= total) return 'senior';
  const level = Math.min(2, Math.max(1, Math.round((done / total) * 3)));
  return ALTITUDES[level]!;
}

/** Text equivalent of the gauge, e.g. "You are at middle altitude: 2 of 4 quizzes done." */
export function altitudeText(done: number, total: number): string {
  const a = altitudeFor(done, total);
  const count = `${Math.min(done, total)} of ${total} ${total === 1 ? 'quiz' : 'quizzes'} done`;
  return a === 'senior' ? `You are at senior altitude: ${count}. In orbit.` : `You are at ${a} altitude: ${count}.`;
}
