// A file compared with its starter, as markup: what the Explore panel and a shared link’s box show.
import { describe, expect, it } from 'vitest';
import { diffSummary, fileDiff } from '../../src/lib/diff-html.ts';

describe('a file compared with its starter', () => {
  it('marks added and removed lines, in words for screen readers too, with two lines of context', () => {
    const starter = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].join('\n');
    const text = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h'].join('\n');
    const d = fileDiff('store.ts', starter, text);
    expect(d.stats).toEqual({ added: 2, removed: 1 });
    expect(d.html).toMatch(
      /^<figure class="xp-diff-file"><figcaption>store\.ts, compared with the starter<\/figcaption>/,
    );
    expect(d.html).toContain(
      '<del class="xp-del"><span class="xp-mark" aria-hidden="true">-</span><span class="visually-hidden">removed: </span>d\n</del>',
    );
    expect(d.html).toContain(
      '<ins class="xp-add"><span class="xp-mark" aria-hidden="true">+</span><span class="visually-hidden">added: </span>D\n</ins>',
    );
    expect(d.html).not.toContain('>a\n<'); // more than two lines from any change
    expect(diffSummary([d, { ...d, file: 'job.ts' }])).toBe(
      'store.ts (2 added, 1 removed); job.ts (2 added, 1 removed)',
    );
  });

  it('escapes the code (it may come from a link) and is empty for an unchanged file', () => {
    const d = fileDiff('<b>.ts', 'x', '<img src=x onerror=alert(1)>');
    expect(d.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(d.html).toContain('&lt;b&gt;.ts, compared');
    expect(d.html).not.toMatch(/<img|<b>/);
    expect(fileDiff('a.ts', 'same\n', 'same\n').html).toBe('');
  });
});
