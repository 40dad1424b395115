// Links that components, layouts and pages write from the domain root ('/lab/'), and those in the
// inline Markdown of lesson props, under the path the site is served from: '/lab/' at a domain root,
// '/leases-and-fences/lab/' under a GitHub Pages project site. The base comes from the one setting,
// SITE_URL (src/site.config.ts), through Astro's import.meta.env.BASE_URL.
import { withBase } from '../lib/site-url.ts';
import { inlineMd as renderInlineMd } from '../lib/inline-md.ts';

export function href(path: string): string {
  return withBase(path, import.meta.env.BASE_URL);
}

/** Inline Markdown of a component prop (src/lib/inline-md.ts), its root-relative links under the base. */
export function inlineMd(src: string): string {
  return renderInlineMd(src, import.meta.env.BASE_URL);
}
