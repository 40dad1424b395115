// Search hits: excerpts keep Pagefind’s highlights and nothing else, links stay on the site.
import { describe, expect, it } from 'vitest';
import { resultsSummary, safeExcerpt, toHit } from '../../src/lib/search-results.ts';

describe('safeExcerpt', () => {
  it('keeps <mark> and escapes everything else', () => {
    expect(safeExcerpt('a <mark>token</mark> &lt;script&gt;alert(1)&lt;/script&gt; <img src=x onerror=y>')).toBe(
      'a <mark>token</mark> &lt;script&gt;alert(1)&lt;/script&gt; ',
    );
  });
  it('does not double-escape entities Pagefind wrote', () => {
    expect(safeExcerpt('Leases &amp; Fences &quot;33&quot;')).toBe('Leases &amp; Fences &quot;33&quot;');
  });
});

describe('toHit', () => {
  it('uses the page title, drops off-site URLs, and lists section anchors', () => {
    const hit = toHit({
      url: '/lessons/x/',
      excerpt: '<mark>x</mark>',
      meta: { title: 'X' },
      sub_results: [
        { title: 'X', url: '/lessons/x/', excerpt: '' },
        { title: 'Snippet 2', url: '/lessons/x/#snippet-2', excerpt: '' },
      ],
    });
    expect(hit).toEqual({
      title: 'X',
      url: '/lessons/x/',
      excerpt: '<mark>x</mark>',
      sections: [{ title: 'Snippet 2', url: '/lessons/x/#snippet-2' }],
    });
    expect(toHit({ url: 'javascript:alert(1)', excerpt: '', meta: {} }).url).toBe('/');
    expect(toHit({ url: '//evil.example/', excerpt: '', meta: {} }).url).toBe('/');
  });
});

describe('resultsSummary', () => {
  it('words empty, none, one and many', () => {
    expect(resultsSummary(' ', 0)).toBe('Type to search the lessons.');
    expect(resultsSummary('lease', 0)).toBe('No lesson mentions “lease”.');
    expect(resultsSummary('lease', 1)).toBe('1 lesson matches “lease”.');
    expect(resultsSummary('lease', 3)).toBe('3 lessons match “lease”.');
  });
});
