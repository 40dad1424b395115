// Lesson time in a lab run: real milliseconds since the run's start, times the time scale, so a
// real trace reads in the lesson's units (10 s of lease is 10 000 whatever the scale).
// Every lab process shares the machine's clock: performance.timeOrigin + now() is wall time in ms.

export interface LessonClock {
  /** Real ms per lesson ms is 1/scale: with scale 5, 10 s of lesson time take 2 s. */
  readonly scale: number;
  /** Lesson ms since the run's start. */
  now(): number;
  /** Real ms for `lessonMs` of lesson time. */
  real(lessonMs: number): number;
  /** Moves the run's start (a worker learns it when told to start). */
  restart(startWallMs: number): void;
}

export const wallNow = (): number => performance.timeOrigin + performance.now();

export function lessonClock(startWallMs: number, scale: number): LessonClock {
  let start = startWallMs;
  return {
    scale,
    now: () => Math.round((wallNow() - start) * scale),
    real: (lessonMs) => lessonMs / scale,
    restart: (wallMs) => void (start = wallMs),
  };
}
