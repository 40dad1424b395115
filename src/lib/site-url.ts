// The site's one address setting, split for Astro: the canonical URL (`SITE_URL`) gives both `site`
// (sitemap, canonical and Open Graph URLs) and `base` (the path the site is served under, e.g.
// /leases-and-fences/ for a GitHub Pages project site). Pure, so tests and the build share it.

export interface SiteLocation {
  /** The canonical URL of the home page, ending in '/': `https://owner.github.io/repo/`. */
  site: string;
  /** Its path, starting and ending with '/': '/' at a domain root, '/repo/' under a project site. */
  base: string;
}

/** Splits the canonical URL into Astro's `site` and `base`; a missing trailing slash is added. */
export function siteLocation(url: string): SiteLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(badUrl(url, 'it is not an absolute URL'));
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(badUrl(url, `it starts with ${parsed.protocol} instead of https:`));
  if (parsed.search || parsed.hash)
    throw new Error(badUrl(url, 'it has a query or a fragment, which no page address can start with'));
  const base = parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`;
  return { site: `${parsed.origin}${base}`, base };
}

function badUrl(url: string, why: string): string {
  return `SITE_URL=${JSON.stringify(url)} cannot be the site’s address: ${why}. Set it to the address readers open, e.g. https://owner.github.io/leases-and-fences/ for a GitHub Pages project site, or https://lessons.example.org/ at a domain root.`;
}

/**
 * A site path under the base: withBase('/lessons/x/', '/repo/') is '/repo/lessons/x/'. Anything that is
 * not a root-relative path (`#anchor`, `https://…`, `//host/…`, `mailto:`, relative paths) is returned as is.
 * Apply it once, to paths written from the domain root: it cannot tell a path already under the base.
 */
export function withBase(path: string, base: string): string {
  if (!path.startsWith('/') || path.startsWith('//') || base === '/') return path;
  return `${base}${path.slice(1)}`;
}

/**
 * A localStorage key of this site. Sites on one origin share localStorage (two GitHub Pages project sites of
 * one owner: owner.github.io/a/ and owner.github.io/b/), so under a base other than '/' the key carries the base,
 * and one course's progress and edits never show in another. At a domain root the key is unchanged, so readers
 * keep what they saved before.
 */
export function siteStorageKey(key: string, base: string): string {
  return base === '/' ? key : `${key}@${base}`;
}

/**
 * The base this code was built for: Vite writes it in at build time; '/' where no bundler ran (Node's own
 * loader, as the CLI and the lab use these modules).
 */
export function builtBase(): string {
  try {
    return import.meta.env.BASE_URL || '/';
  } catch {
    return '/';
  }
}
