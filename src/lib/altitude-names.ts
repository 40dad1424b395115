// The reader-facing names of the lesson altitudes (progress.ts's ALTITUDES), written once.
import type { Altitude } from './progress.ts';

export const ALTITUDE_NAMES: Record<Altitude, string> = {
  zero: 'Zero',
  junior: 'Junior',
  middle: 'Middle',
  senior: 'Senior',
};
