// The committed recordings of real lab runs (lab/recordings/<id>-<files>.json, made by
// `npm run lab -- <id> [--solution] --record`), read at build time for the lesson's summary
// (LabRecording.astro) and the full timelines on /lab/ (LabRun.astro).
import type { Recording } from '../../../lab/report.ts';

export type { Recording };

const all = import.meta.glob<Recording>('/lab/recordings/*.json', { eager: true, import: 'default' });

/** The sandbox's recordings, starter first; an error saying how to make one when there is none. */
export function recordingsOf(id: string): Recording[] {
  const found = (['starter', 'solution'] as const).flatMap((files) => all[`/lab/recordings/${id}-${files}.json`] ?? []);
  if (found.length === 0)
    throw new Error(
      `<LabRecording id="${id}">: no recording in lab/recordings/ (make one with npm run lab -- ${id} --record)`,
    );
  return found;
}

/** Every sandbox that has a recording, in name order. */
export function recordedSandboxes(): string[] {
  return [...new Set(Object.values(all).map((r) => r.sandbox))].sort();
}

export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;
