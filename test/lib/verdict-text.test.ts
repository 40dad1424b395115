// The badge’s words: labels and tones per verdict kind, from the judge’s own summary.
import { describe, expect, it } from 'vitest';
import { badgeForVerdict, VERDICT_LABEL, VERDICT_TONE, verdictSentence } from '../../src/lib/verdict-text.ts';
import { judge } from '../../sandboxes/kit/judge.ts';
import { VERDICT_KINDS } from '../../sandboxes/kit/types.ts';
import type { Verdict } from '../../sandboxes/kit/types.ts';
import { grant, trace as traceOf, write } from '../kit/trace-builder.ts';

describe('verdict text', () => {
  it('does not repeat the badge in the sentence under it', () => {
    const v = {
      kind: 'stale-write-accepted',
      ok: false,
      summary: 'Stale write accepted: A’s write to result.csv with token 33 was accepted.',
      findings: [],
    } as Verdict;
    expect(verdictSentence(v)).toBe('A’s write to result.csv with token 33 was accepted.');
    expect(badgeForVerdict(v).label).toBe('Stale write accepted');
    expect(badgeForVerdict(v).detail).toBe(verdictSentence(v));
  });

  it('keeps a summary that opens with other words', () => {
    const v = { kind: 'error', ok: false, summary: 'Error on store (store.ts line 5): boom', findings: [] } as Verdict;
    expect(verdictSentence(v)).toBe(v.summary);
  });

  it('labels every kind as the coordinator’s vocabulary does, and only safe runs with no deposed write are green', () => {
    expect(VERDICT_KINDS.map((k) => VERDICT_LABEL[k])).toEqual([
      'Error',
      'Stale write accepted',
      'Lost update',
      'No progress',
      'Deposed write accepted (no newer write yet)',
      'Stale write rejected',
      'No stale write in this run',
    ]);
    expect(VERDICT_KINDS.filter((k) => VERDICT_TONE[k] === 'ok')).toEqual(['stale-write-rejected', 'no-stale-write']);
    expect(VERDICT_TONE['deposed-write-accepted']).toBe('warn');
    expect(VERDICT_TONE['lost-update']).toBe('danger');
  });

  it('a deposed write accepted in token order gets a warning badge that says who wrote after whom', () => {
    const trace = traceOf(
      grant(0, 'A', 33),
      grant(10_800, 'B', 34),
      write('write-accepted', 13_140, 'A', 33, null, 33),
      write('write-accepted', 15_830, 'B', 34, 33, 34),
    );
    const badge = badgeForVerdict(judge(trace));
    expect(badge).toMatchObject({
      kind: 'deposed-write-accepted',
      label: 'Deposed write accepted (no newer write yet)',
      tone: 'warn',
      ok: true,
    });
    expect(badge.detail).toMatch(
      /^A’s write to result\.csv with token 33 was accepted at 13\.140 s, after the lock service had granted B token 34 at 10\.800 s: A had been deposed\./,
    );
  });
});
