// A node's wall clock: true time plus the node's offset, its drift and its steps. Only what `now()`
// returns follows it. Timers (sleep, work, TTLs, keep-alive ticks) run on true time, as Go's timers
// run on the monotonic clock, which a step does not move; a drift of ±200 ppm would change them by
// at most 0.02 %, which the kit leaves out.
import type { Time } from './types.ts';

export interface NodeClock {
  /** Offset from true time at 0 s (ms). */
  skewMs: number;
  /** Rate error in parts per million: the clock gains `driftPpm` µs per true second. */
  driftPpm: number;
  /** Steps of the clock at true times `at`, by `ms` (negative: back). */
  jumps: readonly { at: Time; ms: number }[];
}

/** What the node's wall clock reads at true time `t`. */
export function wallClock(clock: NodeClock, t: Time): number {
  let reading = t + clock.skewMs + (t * clock.driftPpm) / 1_000_000;
  for (const jump of clock.jumps) if (jump.at <= t) reading += jump.ms;
  return reading;
}
