// Verdict → words for the badge. The judge decides; this only names what it decided.
import { VERDICT_INFO, VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import type { Verdict, VerdictKind } from '../../sandboxes/kit/types.ts';
import type { ReaderError } from './run-outcome.ts';

export type BadgeTone = 'danger' | 'ok' | 'warn' | 'neutral';

/** Each kind's badge label, from the kit's one list (VERDICT_INFO). */
export const VERDICT_LABEL: Record<VerdictKind, string> = Object.fromEntries(
  VERDICT_KINDS.map((k) => [k, VERDICT_INFO[k].label]),
) as Record<VerdictKind, string>;

/**
 * Green only for a run that is safe and whose deposed holder never reached the store; a deposed
 * write accepted before any newer write is ok for lesson 1's whole-file overwrite, but it is not green.
 */
export const VERDICT_TONE: Record<VerdictKind, BadgeTone> = {
  error: 'warn',
  'stale-write-accepted': 'danger',
  'lost-update': 'danger',
  'no-progress': 'warn',
  'deposed-write-accepted': 'warn',
  'stale-write-rejected': 'ok',
  'no-stale-write': 'ok',
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
  return {
    kind: v.kind,
    label: VERDICT_LABEL[v.kind],
    tone: VERDICT_TONE[v.kind],
    detail: v.error?.message && v.kind === 'error' ? v.error.message : verdictSentence(v),
    ok: v.ok,
  };
}

const ERROR_LABEL: Record<ReaderError['kind'], string> = {
  syntax: 'Error: does not parse',
  // Not 'your code threw': a missing export and a runner that failed are runtime errors too.
  runtime: 'Error: the run failed',
  timeout: 'Error: stopped',
};

export function badgeForError(e: ReaderError): Badge {
  return { kind: 'error', label: ERROR_LABEL[e.kind], tone: 'warn', detail: e.message, ok: false };
}
