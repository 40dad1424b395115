import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReplayLink, parseReplayLink, type ReplayLink } from '../../src/lib/replay-url.ts';

const PAGE = '/lessons/leader-election/';

describe('replay links', () => {
  it('formats the documented shape', () => {
    expect(formatReplayLink({ sandbox: 'fencing-token', variant: 'ttl-x3', seed: 123456 }, PAGE)).toBe('/lessons/leader-election/?replay=fencing-token&variant=ttl-x3&seed=123456#replay');
    expect(formatReplayLink({ sandbox: 'fencing-token', seed: 7 }, 'https://example.org/lessons/leader-election/#recap')).toBe('https://example.org/lessons/leader-election/?replay=fencing-token&seed=7#replay');
  });

  it('keeps other query parameters and replaces old replay ones', () => {
    const url = formatReplayLink({ sandbox: 'fencing-token', seed: 9 }, '/l/?runner=worker&replay=x&variant=old&seed=1#top');
    expect(url).toBe('/l/?runner=worker&replay=fencing-token&seed=9#replay');
  });

  it('parses what it formats, for any valid link', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    const link = fc.record({ sandbox: name, variant: fc.option(name, { nil: undefined }), seed: fc.integer({ min: 0, max: 0xffffffff }) });
    fc.assert(
      fc.property(link, (l) => {
        const clean: ReplayLink = l.variant === undefined ? { sandbox: l.sandbox, seed: l.seed } : l;
        const url = new URL(formatReplayLink(clean, 'http://h.test/lessons/x/'));
        expect(parseReplayLink(url.search)).toEqual(clean);
        expect(url.hash).toBe('#replay');
      }),
    );
  });

  it('ignores malformed or missing parts', () => {
    expect(parseReplayLink('')).toBeNull();
    expect(parseReplayLink('?replay=fencing-token')).toBeNull();
    expect(parseReplayLink('?seed=5')).toBeNull();
    expect(parseReplayLink('?replay=fencing-token&seed=-1')).toBeNull();
    expect(parseReplayLink('?replay=fencing-token&seed=1.5')).toBeNull();
    expect(parseReplayLink('?replay=fencing-token&seed=4294967296')).toBeNull();
    expect(parseReplayLink('?replay=../etc&seed=1')).toBeNull();
    expect(parseReplayLink('?replay=fencing-token&variant=%3Cscript%3E&seed=1')).toBeNull();
    expect(parseReplayLink('?replay=fencing-token&variant=&seed=1')).toEqual({ sandbox: 'fencing-token', seed: 1 });
    expect(parseReplayLink(new URLSearchParams('replay=fencing-token&variant=mine&seed=0'))).toEqual({ sandbox: 'fencing-token', variant: 'mine', seed: 0 });
    expect(() => formatReplayLink({ sandbox: 'a b', seed: 1 }, '/')).toThrow();
    expect(() => formatReplayLink({ sandbox: 'a', seed: -1 }, '/')).toThrow();
  });
});
