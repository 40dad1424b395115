// The one place for site-wide settings. Change `repoUrl`/`branch` when the repository moves:
// every "Edit this lesson" link is built from them.
import { siteLocation } from './lib/site-url.ts';

const address = siteLocation(process.env.SITE_URL || 'https://leases-and-fences.github.io/');

export const site = {
  name: 'Leases & Fences',
  description:
    'Learn the bugs between “I hold the lock” and “my write landed”: leases, leader election and fencing tokens, read the way an incident is read.',
  /**
   * Canonical URL of the home page, ending in '/'; astro.config.mjs uses it as `site` (sitemap,
   * canonical and Open Graph URLs). One setting, SITE_URL: the deploy workflow sets it to the GitHub
   * Pages address (.github/workflows/deploy.yml); a build without it is served from a domain root.
   */
  url: address.site,
  /** The path the site is served under, '/' or e.g. '/leases-and-fences/': Astro's `base` (the URL's path). */
  base: address.base,
  /** Web URL of the repository (no trailing slash). */
  repoUrl: 'https://github.com/leases-and-fences/leases-and-fences',
  /** Branch that "Edit this lesson" opens. */
  branch: 'main',
} as const;

/** Where the footer's "Source and contributing" link lands: CONTRIBUTING.md on the default branch. */
export function contributingUrl(repoUrl: string = site.repoUrl, branch: string = site.branch): string {
  return `${repoUrl.replace(/\/+$/, '')}/blob/${encodeURIComponent(branch)}/CONTRIBUTING.md`;
}

/** "Edit this lesson" URL for a file path relative to the repository root, e.g. `lessons/x/index.mdx`. */
export function editUrl(filePath: string, repoUrl: string = site.repoUrl, branch: string = site.branch): string {
  const clean = filePath.replace(/\\/g, '/').replace(/^\.?\//, '');
  return `${repoUrl.replace(/\/+$/, '')}/edit/${encodeURIComponent(branch)}/${clean.split('/').map(encodeURIComponent).join('/')}`;
}
