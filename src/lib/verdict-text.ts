// Verdict → words for the badge. The judge decides; this only names what it decided.
import type { Verdict, VerdictKind } from '../../sandboxes/kit/types.ts';
import type { ReaderError } from '../runtime/runner.ts';

export type BadgeTone = 'danger' | 'ok' | 'warn' | 'neutral';

export const VERDICT_LABEL: Record<VerdictKind, string> = {
  'stale-write-accepted': 'Stale write accepted',
  'stale-write-rejected': 'Stale write rejected',
  'no-stale-write': 'No stale write in this run',
  'no-progress': 'No progress',
  error: 'Error',
};

const TONE: Record<VerdictKind, BadgeTone> = {
  'stale-write-accepted': 'danger',
  'stale-write-rejected': 'ok',
  'no-stale-write': 'ok',
  'no-progress': 'warn',
  error: 'warn',
};

export interface Badge {
  /** Machine-readable: the verdict kind, or 'error' for a reader error. */
  kind: VerdictKind;
  label: string;
  tone: BadgeTone;
  /** A sentence under the badge. */
  detail: string;
  /** Whether the run is safe and made progress. */
  ok: boolean;
}

/**
 * The judge's summary without the verdict it opens with, for a sentence under a badge that already
 * names it ("Stale write accepted: A wrote…" → "A wrote…"). Summaries that open otherwise stay whole.
 */
export function verdictSentence(v: Verdict): string {
  const prefix = `${VERDICT_LABEL[v.kind]}: `;
  if (!v.summary.startsWith(prefix)) return v.summary;
  const rest = v.summary.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

export function badgeForVerdict(v: Verdict): Badge {
  return { kind: v.kind, label: VERDICT_LABEL[v.kind], tone: TONE[v.kind], detail: v.error?.message && v.kind === 'error' ? v.error.message : verdictSentence(v), ok: v.ok };
}

const ERROR_LABEL: Record<ReaderError['kind'], string> = {
  syntax: 'Error: does not parse',
  runtime: 'Error: your code threw',
  timeout: 'Error: stopped',
};

export function badgeForError(e: ReaderError): Badge {
  return { kind: 'error', label: ERROR_LABEL[e.kind], tone: 'warn', detail: e.message, ok: false };
}
