import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, hunks } from '../../src/lib/line-diff.ts';

describe('line diff', () => {
  it('marks added and removed lines and keeps the rest', () => {
    const d = diffLines('a\nb\nc\n', 'a\nB\nc\nd\n');
    expect(d.map((l) => `${l.op}${l.text}`)).toEqual([' a', '-b', '+B', ' c', '+d']);
    expect(diffStats(d)).toEqual({ added: 2, removed: 1 });
  });

  it('applying the diff gives the new text back', () => {
    const before = 'one\ntwo\nthree\nfour\nfive\n';
    const after = 'zero\none\nthree\nfour!\nfive\nsix\n';
    const d = diffLines(before, after);
    expect(
      d
        .filter((l) => l.op !== '-')
        .map((l) => l.text)
        .join('\n') + '\n',
    ).toBe(after);
    expect(
      d
        .filter((l) => l.op !== '+')
        .map((l) => l.text)
        .join('\n') + '\n',
    ).toBe(before);
  });

  it('groups changes into hunks with context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const after = before.replace('l3', 'L3').replace('l15', 'L15');
    const h = hunks(diffLines(before, after), 2);
    expect(h).toHaveLength(2);
    expect(h[0]!.lines.map((l) => l.text)).toEqual(['l1', 'l2', 'l3', 'L3', 'l4', 'l5']);
    expect(h[0]!.label).toBe('lines 2–6');
    expect(hunks(diffLines('same', 'same'))).toEqual([]);
  });
});
