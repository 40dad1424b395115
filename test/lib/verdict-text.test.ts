import { describe, expect, it } from 'vitest';
import { badgeForVerdict, verdictSentence } from '../../src/lib/verdict-text.ts';
import type { Verdict } from '../../sandboxes/kit/types.ts';

describe('verdict text', () => {
  it('does not repeat the badge in the sentence under it', () => {
    const v = { kind: 'stale-write-accepted', ok: false, summary: "Stale write accepted: A wrote result.csv with token 33 after B's token 34 was accepted." } as Verdict;
    expect(verdictSentence(v)).toBe("A wrote result.csv with token 33 after B's token 34 was accepted.");
    expect(badgeForVerdict(v).label).toBe('Stale write accepted');
    expect(badgeForVerdict(v).detail).toBe(verdictSentence(v));
  });

  it('keeps a summary that opens with other words', () => {
    const v = { kind: 'no-stale-write', ok: true, summary: "No stale write was attempted: B's write to result.csv with token 34 landed." } as Verdict;
    expect(verdictSentence(v)).toBe(v.summary);
  });
});
