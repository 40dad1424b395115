// Links that components, layouts and pages write from the domain root ('/lab/'), under the path the
// site is served from: '/lab/' at a domain root, '/leases-and-fences/lab/' under a GitHub Pages
// project site. The base comes from the one setting, SITE_URL (src/site.config.ts).
import { withBase } from '../lib/site-url.ts';

export function href(path: string): string {
  return withBase(path, import.meta.env.BASE_URL);
}
