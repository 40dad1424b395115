// The one address setting (SITE_URL) splits into Astro’s site and base (src/lib/site-url.ts), and
// paths written from the domain root go under that base.
import { describe, expect, it } from 'vitest';
import { siteLocation, withBase, siteStorageKey, builtBase } from '../../src/lib/site-url.ts';

describe('siteLocation', () => {
  it('a GitHub Pages project site: the path is the base, with or without its trailing slash', () => {
    const want = { site: 'https://owner.github.io/leases-and-fences/', base: '/leases-and-fences/' };
    expect(siteLocation('https://owner.github.io/leases-and-fences/')).toEqual(want);
    expect(siteLocation('https://owner.github.io/leases-and-fences')).toEqual(want);
  });

  it('a domain root: the base is /', () => {
    expect(siteLocation('https://lessons.example.org')).toEqual({ site: 'https://lessons.example.org/', base: '/' });
    expect(siteLocation('https://lessons.example.org/')).toEqual({ site: 'https://lessons.example.org/', base: '/' });
  });

  it('keeps a port and a deeper path (what the e2e server and nested hosts use)', () => {
    expect(siteLocation('http://127.0.0.1:4321/a/b')).toEqual({ site: 'http://127.0.0.1:4321/a/b/', base: '/a/b/' });
  });

  it('what GitHub Actions passes (origin + base_path + "/") for both kinds of Pages site', () => {
    expect(siteLocation('https://owner.github.io' + '' + '/').base).toBe('/');
    expect(siteLocation('https://owner.github.io' + '/repo' + '/').base).toBe('/repo/');
  });

  it('refuses what cannot be an address, saying what to set instead', () => {
    expect(() => siteLocation('owner.github.io/repo')).toThrow(
      /SITE_URL="owner\.github\.io\/repo".*not an absolute URL.*https:\/\/owner\.github\.io\/leases-and-fences\//,
    );
    expect(() => siteLocation('ftp://example.org/')).toThrow(/starts with ftp: instead of https:/);
    expect(() => siteLocation('https://example.org/?x=1')).toThrow(/query or a fragment/);
  });
});

describe('withBase', () => {
  it('puts root-relative paths under the base, fragments kept', () => {
    expect(withBase('/', '/repo/')).toBe('/repo/');
    expect(withBase('/lessons/leader-election/', '/repo/')).toBe('/repo/lessons/leader-election/');
    expect(withBase('/#lessons', '/repo/')).toBe('/repo/#lessons');
    expect(withBase('/lab/#lab-x-starter', '/a/b/')).toBe('/a/b/lab/#lab-x-starter');
  });

  it('at the domain root, and for anything not root-relative, changes nothing', () => {
    expect(withBase('/lessons/x/', '/')).toBe('/lessons/x/');
    for (const url of ['#goal', 'https://etcd.io/', '//cdn.example.org/x.js', 'mailto:a@b.c', 'relative/x', '../x', ''])
      expect(withBase(url, '/repo/')).toBe(url);
  });
});

describe('siteStorageKey', () => {
  it('carries the base under a project site, so two courses on one origin keep apart what readers saved', () => {
    expect(siteStorageKey('lf:progress:v1', '/leases-and-fences/')).toBe('lf:progress:v1@/leases-and-fences/');
    expect(siteStorageKey('lf:progress:v1', '/other-course/')).not.toBe(
      siteStorageKey('lf:progress:v1', '/leases-and-fences/'),
    );
  });

  it('at a domain root keeps the key readers saved under before', () => {
    expect(siteStorageKey('lf:progress:v1', '/')).toBe('lf:progress:v1');
  });

  it('this build (tests run at the root) is at /', () => {
    expect(builtBase()).toBe('/');
  });
});
