// A scenario's schedule: its defaults with a run's overrides laid over (undefined keeps the default).
import type { ScheduleOverrides } from './types.ts';

export type Schedule = Required<ScheduleOverrides>;

export function resolveSchedule(defaults: Schedule, overrides: ScheduleOverrides = {}): Schedule {
  return {
    pause: overrides.pause === undefined ? defaults.pause : overrides.pause,
    pauses: overrides.pauses ?? defaults.pauses,
    latencyMs: overrides.latencyMs ?? defaults.latencyMs,
    dropRate: overrides.dropRate ?? defaults.dropRate,
    partitions: overrides.partitions ?? defaults.partitions,
    stalls: overrides.stalls ?? defaults.stalls,
    clockSkewMs: overrides.clockSkewMs ?? defaults.clockSkewMs,
    clockDriftPpm: overrides.clockDriftPpm ?? defaults.clockDriftPpm,
    clockJumps: overrides.clockJumps ?? defaults.clockJumps,
  };
}
