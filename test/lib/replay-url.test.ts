import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatReplayLink,
  isDefaultSchedule,
  parseReplayLink,
  sandboxReplayHash,
  withoutReplayLink,
  type ReplayLink,
} from '../../src/lib/replay-url.ts';

const PAGE = '/lessons/leader-election/';

describe('replay links', () => {
  it('formats the documented shape', () => {
    expect(formatReplayLink({ sandbox: 'fencing-token', variant: 'ttl-x3', seed: 123456 }, PAGE)).toBe(
      '/lessons/leader-election/?replay=fencing-token&variant=ttl-x3&seed=123456#replay',
    );
    expect(
      formatReplayLink({ sandbox: 'fencing-token', seed: 7 }, 'https://example.org/lessons/leader-election/#recap'),
    ).toBe('https://example.org/lessons/leader-election/?replay=fencing-token&seed=7#replay');
  });

  it('keeps other query parameters and replaces old replay ones', () => {
    const url = formatReplayLink(
      { sandbox: 'fencing-token', seed: 9 },
      '/l/?runner=worker&replay=x&variant=old&seed=1#top',
    );
    expect(url).toBe('/l/?runner=worker&replay=fencing-token&seed=9#replay');
  });

  it('parses what it formats, for any valid link', () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    const link = fc.record({
      sandbox: name,
      variant: fc.option(name, { nil: undefined }),
      seed: fc.integer({ min: 0, max: 0xffffffff }),
      schedule: fc.constantFrom(undefined, 'default' as const),
    });
    fc.assert(
      fc.property(link, (l) => {
        const clean: ReplayLink = { sandbox: l.sandbox, seed: l.seed };
        if (l.variant !== undefined) clean.variant = l.variant;
        if (l.schedule !== undefined) clean.schedule = l.schedule;
        const url = new URL(formatReplayLink(clean, 'http://h.test/lessons/x/'));
        expect(parseReplayLink(url.search)).toEqual(clean);
        expect(url.hash).toBe('#replay');
      }),
    );
  });

  it('a sandbox run names the default schedule; links without one (all older links) mean the drawn one', () => {
    const mine: ReplayLink = { sandbox: 'keep-alive', variant: 'mine', seed: 7, schedule: 'default' };
    const url = formatReplayLink(mine, '/lessons/leader-election/?runner=worker', sandboxReplayHash('keep-alive'));
    expect(url).toBe(
      '/lessons/leader-election/?runner=worker&replay=keep-alive&variant=mine&schedule=default&seed=7#replay-keep-alive',
    );
    expect(parseReplayLink(new URL(url, 'http://h.test').search)).toEqual(mine);
    expect(isDefaultSchedule(mine)).toBe(true);
    // The starter files under the default schedule: no variant.
    expect(formatReplayLink({ sandbox: 'fencing-token', seed: 7, schedule: 'default' }, PAGE)).toBe(
      '/lessons/leader-election/?replay=fencing-token&schedule=default&seed=7#replay',
    );
    // Drawn stays implicit, so an explored link looks exactly as before.
    expect(formatReplayLink({ sandbox: 'fencing-token', variant: 'ttl-x3', seed: 5, schedule: 'drawn' }, PAGE)).toBe(
      '/lessons/leader-election/?replay=fencing-token&variant=ttl-x3&seed=5#replay',
    );
    const old = parseReplayLink('?replay=fencing-token&variant=ttl-x3&seed=5')!;
    expect(old).toEqual({ sandbox: 'fencing-token', variant: 'ttl-x3', seed: 5 });
    expect(isDefaultSchedule(old)).toBe(false);
    expect(parseReplayLink('?replay=fencing-token&schedule=drawn&seed=5')).toEqual({
      sandbox: 'fencing-token',
      seed: 5,
    });
    expect(parseReplayLink('?replay=fencing-token&schedule=&seed=5')).toEqual({ sandbox: 'fencing-token', seed: 5 });
    expect(parseReplayLink('?replay=fencing-token&schedule=random&seed=5')).toBeNull();
    // An old replay’s schedule is replaced, not kept.
    expect(formatReplayLink({ sandbox: 'fencing-token', seed: 9 }, '/l/?replay=x&schedule=default&seed=1')).toBe(
      '/l/?replay=fencing-token&seed=9#replay',
    );
    expect(() => formatReplayLink({ sandbox: 'a', seed: 1, schedule: 'nope' as 'drawn' }, '/')).toThrow();
  });

  it('clearing a replay keeps the rest of the address', () => {
    expect(
      withoutReplayLink(
        'https://example.org/l/?runner=worker&replay=fencing-token&variant=mine&schedule=default&seed=7#replay-fencing-token',
      ),
    ).toBe('https://example.org/l/?runner=worker');
    expect(withoutReplayLink('/l/?replay=fencing-token&seed=7#replay')).toBe('/l/');
    expect(
      withoutReplayLink(
        '/l/?replay=fencing-token&variant=mine&schedule=default&seed=7#replay-fencing-token&code=abc_-',
      ),
    ).toBe('/l/'); // the carried code goes too
    expect(withoutReplayLink('/l/?replay=fencing-token&seed=7#recap')).toBe('/l/#recap');
    expect(withoutReplayLink('/l/#replay-x%20y')).toBe('/l/#replay-x%20y');
    expect(withoutReplayLink('/l/')).toBe('/l/');
    // Round trip: a link made on a page and cleared again gives the page back.
    const page = 'https://example.org/lessons/leader-election/?runner=worker';
    expect(
      withoutReplayLink(
        formatReplayLink(
          { sandbox: 'keep-alive', seed: 7, schedule: 'default' },
          page,
          sandboxReplayHash('keep-alive'),
        ),
      ),
    ).toBe(page);
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
    expect(parseReplayLink(new URLSearchParams('replay=fencing-token&variant=mine&seed=0'))).toEqual({
      sandbox: 'fencing-token',
      variant: 'mine',
      seed: 0,
    });
    expect(() => formatReplayLink({ sandbox: 'a b', seed: 1 }, '/')).toThrow();
    expect(() => formatReplayLink({ sandbox: 'a', seed: -1 }, '/')).toThrow();
  });
});
