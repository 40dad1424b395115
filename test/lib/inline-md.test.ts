// The inline Markdown that quiz and caption props accept (src/lib/inline-md.ts).
import { describe, expect, it } from 'vitest';
import { inlineMd, inlineText } from '../../src/lib/inline-md.ts';

describe('inlineMd', () => {
  it('renders code, emphasis and links and escapes everything else', () => {
    expect(inlineMd('Use `a<b>` and *this* or **that**')).toBe(
      'Use <code>a&lt;b&gt;</code> and <em>this</em> or <strong>that</strong>',
    );
    expect(inlineMd('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(inlineMd('[etcd](https://etcd.io)')).toBe('<a href="https://etcd.io">etcd</a>');
    expect(inlineMd('[x](javascript:alert(1))')).not.toContain('href');
    expect(inlineMd('10*time.Second and 2*3')).toBe('10*time.Second and 2*3');
    expect(inlineText('`x` *y* [z](https://a)')).toBe('x y z');
  });

  it('puts links written from the domain root under the site’s base, and only those', () => {
    expect(inlineMd('see [lesson 2](/lessons/fencing-exclusion/#goal)', '/repo/')).toBe(
      'see <a href="/repo/lessons/fencing-exclusion/#goal">lesson 2</a>',
    );
    expect(inlineMd('[x](/lab/)')).toBe('<a href="/lab/">x</a>');
    expect(inlineMd('[a](#goal) [b](https://etcd.io)', '/repo/')).toBe(
      '<a href="#goal">a</a> <a href="https://etcd.io">b</a>',
    );
  });
});
