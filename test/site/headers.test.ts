// public/_headers as the hosts read it: what every page and asset gets (the e2e server sends the same).
import { describe, expect, it } from 'vitest';
import { headersFor, parseHeadersFile, readHeadersFile } from '../e2e/headers-file.ts';
import { HEADERS_FILE } from '../e2e/harness.ts';

describe('public/_headers', () => {
  const rules = readHeadersFile(HEADERS_FILE);

  it.each(['/', '/lessons/leader-election/', '/404.html'])('isolates %s, as the WebContainer engine needs', (path) => {
    expect(headersFor(rules, path)).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
  });

  it('lets other sites embed the images (no same-origin resource policy)', () => {
    const corp = headersFor(rules, '/og.png')['Cross-Origin-Resource-Policy'];
    expect(corp === undefined || corp === 'cross-origin').toBe(true);
  });
});

describe('the _headers reader', () => {
  it('applies every matching rule in order, with splats and placeholders', () => {
    const rules = parseHeadersFile('# c\n/*\n  A: 1\n/lessons/:slug/\n  B: 2\n/assets/*\n  A: 3\n');
    expect(headersFor(rules, '/lessons/x/')).toEqual({ A: '1', B: '2' });
    expect(headersFor(rules, '/lessons/x/y/')).toEqual({ A: '1' });
    expect(headersFor(rules, '/assets/a.js')).toEqual({ A: '1, 3' });
  });

  it('refuses a header line outside any path', () => {
    expect(() => parseHeadersFile('  A: 1\n')).toThrow(/cannot read line/);
  });
});
