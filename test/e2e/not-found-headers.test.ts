// The 404 response is cross-origin isolated like every page (public/_headers, served as written by
// the e2e server): a reader who follows a broken link and then a link back keeps the same isolation.
import { expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

it.each(['/nowhere/', '/lessons/no-such-lesson/', '/_astro/missing.js'])(
  'an unknown path (%s) answers 404 with COOP and COEP, and the 404 page is cross-origin isolated',
  async (path) => {
    const { page, context, errors } = await newPage(site.browser);
    const res = await page.goto(site.url + path);
    expect(res?.status()).toBe(404);
    const headers = res!.headers();
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
    // Isolation needs every subresource of the 404 page to be allowed under COEP too.
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    expect(await page.getByRole('link', { name: /home|lessons/i }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  },
  60_000,
);
