// The site settings' helpers (src/site.config.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { editUrl } from '../src/site.config.ts';

describe('editUrl', () => {
  it('builds edit links from one repository setting', () => {
    expect(editUrl('lessons/leader-election/index.mdx', 'https://github.com/o/r/', 'main')).toBe(
      'https://github.com/o/r/edit/main/lessons/leader-election/index.mdx',
    );
  });
});

describe('SITE_URL, the one address setting', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function settingsWith(url: string | undefined) {
    vi.stubEnv('SITE_URL', url);
    vi.resetModules();
    return (await import('../src/site.config.ts')).site;
  }

  it('a project site URL gives the site and the base astro.config.mjs uses', async () => {
    const site = await settingsWith('https://owner.github.io/leases-and-fences');
    expect([site.url, site.base]).toEqual(['https://owner.github.io/leases-and-fences/', '/leases-and-fences/']);
  });

  it('without it the site is served from a domain root, as before', async () => {
    const site = await settingsWith(undefined);
    expect([site.url, site.base]).toEqual(['https://leases-and-fences.github.io/', '/']);
  });
});
