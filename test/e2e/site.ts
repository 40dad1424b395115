// One built site and one Chromium per e2e test file, opened before its tests and closed after.
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, serveDist, type SiteServer } from './harness.ts';

export interface Site {
  /** Base URL of dist/ served on loopback, e.g. http://127.0.0.1:40123 */
  url: string;
  browser: Browser;
}

export function useSite(): Site {
  const site = {} as Site;
  let server: SiteServer | undefined;
  beforeAll(async () => {
    server = await serveDist();
    site.url = server.url;
    site.browser = await launchBrowser();
  });
  afterAll(async () => {
    await site.browser?.close();
    await server?.close();
  });
  return site;
}
