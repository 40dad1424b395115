// The site built for a GitHub Pages project site (SITE_URL=https://owner.github.io/leases-and-fences/)
// and served only under /leases-and-fences/, as Pages serves it (no response headers; the domain root
// is someone else’s): every link on every page stays under the base and answers 200, and so does every
// request the pages make (scripts, styles, workers, the TypeScript checker, Pagefind, the WebContainer
// API), a sandbox runs to a verdict (an edit is saved under a key that carries the base), its shared
// link replays the run, an explorer replay link runs in the explore worker, and search opens a lesson.
// Nothing logs an error. Built once per change (base-site.ts).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, serveDir, type SiteServer } from './harness.ts';
import { parseHeadersFile } from './headers-file.ts';
import { BASE, baseSite, PAGES_URL, ROOT } from './base-site.ts';

const LESSON = `${BASE}lessons/leader-election/`;
const PAGES_ORIGIN = new URL(PAGES_URL).origin;
let dir = '';
let pages: SiteServer; // as GitHub Pages: no headers
let isolated: SiteServer; // as Netlify/Cloudflare Pages: the built _headers, cross-origin isolation included
let browser: Browser;

beforeAll(async () => {
  dir = await baseSite();
  pages = await serveDir({ dir, prefix: BASE });
  isolated = await serveDir({
    dir,
    prefix: BASE,
    headers: parseHeadersFile(readFileSync(join(dir, '_headers'), 'utf8')),
  });
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await isolated?.close();
});

/**
 * What went wrong in a context, pages and workers alike: a request outside the base, a same-origin
 * response that is not 200 (404s allowed only for `expect404`), a failed request, a console error.
 */
function watch(context: BrowserContext, origin: string, expect404: (url: string) => boolean = () => false) {
  const problems: string[] = [];
  const sameOrigin: string[] = [];
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin !== origin) return;
    sameOrigin.push(r.url());
    if (!url.pathname.startsWith(BASE)) problems.push(`request outside ${BASE}: ${r.url()}`);
  });
  context.on('response', (r) => {
    if (new URL(r.url()).origin === origin && r.status() !== 200 && !(r.status() === 404 && expect404(r.url())))
      problems.push(`${r.status()} ${r.url()}`);
  });
  context.on('requestfailed', (r) => {
    if (new URL(r.url()).origin === origin) problems.push(`failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  const onPage = (page: Page) =>
    page.on('console', (m) => {
      if (m.type() === 'error' && !(m.text().includes('404') && expect404(m.location().url)))
        problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
  context.on('page', onPage);
  context.pages().forEach(onPage);
  return { problems, sameOrigin };
}

/** The same-origin URLs a page links to or loads from its HTML (<a>, <link>, <script>, <img>), resolved. */
const linksOf = (page: Page) =>
  page.evaluate(() => ({
    anchors: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
    assets: [...document.querySelectorAll('link[href], script[src], img[src]')].map(
      (e) => (e as HTMLLinkElement).href || (e as HTMLScriptElement).src,
    ),
    canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? null,
    ogUrl: document.querySelector('meta[property="og:url"]')?.getAttribute('content') ?? null,
    ogImage: document.querySelector('meta[property="og:image"]')?.getAttribute('content') ?? null,
  }));

const strip = (href: string) => {
  const u = new URL(href);
  u.hash = '';
  u.search = '';
  return u.href;
};

describe('the site under a base path (a GitHub Pages project site)', () => {
  it('is served only under the base: the domain root is not the site', async () => {
    expect((await fetch(`${pages.url}/`)).status).toBe(404);
    expect((await fetch(`${pages.url}/lessons/leader-election/`)).status).toBe(404);
    expect((await fetch(`${pages.url}${BASE}`)).status).toBe(200);
  });

  it('every internal link on every page, the 404 page included, answers 200 under the base; canonical, Open Graph and sitemap name the project URL', async () => {
    const { page, context, errors } = await newPage(browser, { enforceCsp: true });
    const notFound = `${pages.url}${BASE}no-such-page/`;
    const watched = watch(context, pages.url, (url) => url === notFound);
    const home = `${pages.url}${BASE}`;
    const queue = [home, notFound];
    const seen = new Set(queue);
    const outside: string[] = [];
    const assets = new Set<string>();
    const visited: string[] = [];
    while (queue.length) {
      const url = queue.shift()!;
      const response = await page.goto(url, { waitUntil: 'networkidle' });
      expect(response?.status(), url).toBe(url === notFound ? 404 : 200);
      const found = await linksOf(page);
      if (url !== notFound) {
        visited.push(new URL(url).pathname);
        const canonical = `${PAGES_ORIGIN}${new URL(url).pathname}`;
        expect([found.canonical, found.ogUrl], url).toEqual([canonical, canonical]);
        expect(found.ogImage, url).toBe(`${PAGES_URL}og.png`);
      }
      for (const href of [...found.anchors, ...found.assets]) {
        const target = new URL(href);
        if (target.origin !== pages.url) continue;
        if (!target.pathname.startsWith(BASE)) outside.push(`${url} → ${href}`);
        else if (found.anchors.includes(href) && !/\.\w+$/.test(target.pathname)) {
          if (!seen.has(strip(href))) queue.push(strip(href));
          seen.add(strip(href));
        } else assets.add(strip(href));
      }
    }
    expect(outside).toEqual([]);
    // Every page of the site was reached by following links from the home page.
    const sitemapIndex = await (await fetch(`${pages.url}${BASE}sitemap-index.xml`)).text();
    const sitemaps = [...sitemapIndex.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    expect(sitemaps.length).toBeGreaterThan(0);
    const locs: string[] = [];
    for (const s of sitemaps) {
      expect(s.startsWith(PAGES_URL), s).toBe(true);
      const xml = await (await fetch(`${pages.url}${new URL(s).pathname}`)).text();
      locs.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!));
    }
    expect(
      locs.every((l) => l.startsWith(PAGES_URL)),
      locs.join(' '),
    ).toBe(true);
    expect([...visited].sort()).toEqual(locs.map((l) => new URL(l).pathname).sort());
    // The favicon, the sitemap link, styles and scripts the pages name (loaded or not) are there.
    for (const a of assets) expect((await fetch(a)).status, a).toBe(200);
    expect([...assets].some((a) => a.endsWith(`${BASE}favicon.svg`))).toBe(true);
    expect(watched.problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a sandbox runs to a verdict, its shared link replays the run for another reader, and the type checker loads', async () => {
    const { page, context, errors } = await newPage(browser, { enforceCsp: true });
    const watched = watch(context, pages.url);
    await page.goto(`${pages.url}${LESSON}`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false); // GitHub Pages: the in-page worker runs it
    const sel = 'lf-sandbox[data-sandbox="fencing-token"]';
    const root = page.locator(sel);
    await root.scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel}[data-state="ready"]`, { timeout: 30_000 });

    // Run: the sandbox worker (loaded from under the base) gives the judge’s verdict.
    await root.locator('[data-action="run"]').click();
    await expect.poll(() => root.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const verdict = await root.getAttribute('data-verdict');
    expect(verdict).toMatch(/^stale-write-/);
    expect(await root.locator('[data-sandbox-verdict]').innerText()).not.toBe('');
    expect(watched.sameOrigin.some((u) => /sandbox-worker[^/]*\.js$/.test(u))).toBe(true);

    // Its link, built from the page’s address, keeps the base; another reader opening it sees the same run.
    await root.getByRole('button', { name: 'Step through this run' }).click();
    const replay = page.locator(`${sel} lf-replay`);
    await expect.poll(() => replay.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const href = (await replay.locator('[data-replay-link]').getAttribute('href'))!;
    expect(href.startsWith(`${pages.url}${LESSON}?`), href).toBe(true);
    const trace = await replay.evaluate((el) => (el as HTMLElement & { result: { trace: unknown[] } }).result.trace);

    // An edit that is a type error: the checker’s worker and the compiler it fetches load from under the base.
    const lines = await root.locator('.cm-line').allTextContents();
    const line = lines.findIndex((l) => l.includes("await store.put('result.csv', data, token);"));
    expect(line).toBeGreaterThanOrEqual(0);
    await root.locator('.cm-line').nth(line).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    for (let i = 0; i < "await store.put('result.csv', ".length; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 'data'.length; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.type('1');
    await root.locator('[data-sandbox-types]').waitFor({ state: 'visible', timeout: 60_000 });
    expect(await root.locator('[data-sandbox-types]').innerText()).toMatch(/job\.ts/);
    expect(watched.sameOrigin.some((u) => /\/typescript[^/]*\.js$/.test(new URL(u).pathname))).toBe(true);
    // The edit is saved under a key that carries the base: another course on this origin never sees it.
    await expect
      .poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('lf:sandbox:'))))
      .toEqual([`lf:sandbox:fencing-token:job.ts@${BASE}`]);
    expect(watched.problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    const other = await newPage(browser, { enforceCsp: true });
    const otherWatched = watch(other.context, pages.url);
    await other.page.goto(href);
    const again = other.page.locator(`${sel} lf-replay`);
    await expect.poll(() => again.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    expect(await again.getAttribute('data-verdict')).toBe(verdict);
    expect(await again.evaluate((el) => (el as HTMLElement & { result: { trace: unknown[] } }).result.trace)).toEqual(
      trace,
    );
    expect(otherWatched.problems).toEqual([]);
    expect(other.errors).toEqual([]);
    await other.context.close();
  });

  it('an explorer replay link runs its schedule in the explore worker: the trace the CLI prints', async () => {
    const { page, context, errors } = await newPage(browser, { enforceCsp: true });
    const watched = watch(context, pages.url);
    await page.goto(`${pages.url}${LESSON}?replay=fencing-token&variant=ttl-x3&seed=5#replay`);
    const replay = page.locator('lf-explore lf-replay');
    await expect.poll(() => replay.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    const args = ['scripts/sandbox.ts', 'fencing-token', '--variant', 'ttl-x3', '--drawn', '--seed', '5', '--json'];
    const cli = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    expect(cli.status, cli.stderr).toBe(0);
    const { trace } = JSON.parse(cli.stdout) as { trace: unknown[] };
    expect(await replay.evaluate((el) => (el as HTMLElement & { result: { trace: unknown[] } }).result.trace)).toEqual(
      trace,
    );
    expect(watched.sameOrigin.some((u) => /explore-worker[^/]*\.js$/.test(u))).toBe(true);
    expect(watched.problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('search loads Pagefind from under the base and its hits open lessons there', async () => {
    const { page, context, errors } = await newPage(browser, { enforceCsp: true });
    const watched = watch(context, pages.url);
    await page.goto(`${pages.url}${BASE}`);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('searchbox', { name: 'Search the lessons' }).fill('sequencer');
    const hit = page.locator('.search-hit').first();
    await hit.waitFor({ timeout: 30_000 });
    const hrefs = await page
      .locator('.search-hit, .search-hit-sections a')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => !h.startsWith(`${BASE}lessons/`))).toEqual([]);
    const href = (await hit.getAttribute('href'))!;
    await hit.click();
    await page.waitForURL((url) => url.pathname === href);
    expect(await page.locator('h1').innerText()).not.toBe('This page lost its lease');
    expect(watched.sameOrigin.some((u) => u.endsWith(`${BASE}pagefind/pagefind.js`))).toBe(true);
    expect(watched.problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('with the built _headers (a host that reads them): each page gets its policy, and the WebContainer API loads from under the base', async () => {
    const { page, context, errors } = await newPage(browser, { enforceCsp: true });
    const watched = watch(context, isolated.url);
    const scripts: Promise<string>[] = [];
    context.on('response', (r) => {
      if (r.url().startsWith(`${isolated.url}${BASE}`) && r.url().endsWith('.js'))
        scripts.push(r.text().catch(() => ''));
    });
    const response = await page.goto(`${isolated.url}${LESSON}?boot-timeout=3000`);
    expect(response?.headers()['content-security-policy']).toMatch(/^default-src 'self'/); // dist/_headers names the page under the base
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const sel = 'lf-sandbox[data-sandbox="acquire-then-write"]';
    await page.locator(sel).scrollIntoViewIfNeeded();
    await page.waitForSelector(`${sel}[data-state="ready"]`, { timeout: 30_000 });
    await page.locator(`${sel} [data-action="run"]`).click();
    await expect.poll(() => page.locator(sel).getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    expect(await page.locator(sel).getAttribute('data-verdict')).toBe('stale-write-accepted');
    // The engine’s boot was attempted (its API module is the site’s own file) and, offline here, gave up.
    await page.waitForFunction(
      (s) => /did not start within 3 s|failed to start/.test(document.querySelector(s)?.textContent ?? ''),
      `${sel} [data-sandbox-notice]`,
      { timeout: 30_000 },
    );
    expect(await page.locator(`${sel} [data-sandbox-notice]`).innerText()).not.toMatch(/import|fetch/i);
    expect((await Promise.all(scripts)).some((js) => js.includes('stackblitz.com'))).toBe(true);
    expect(watched.problems.filter((p) => !p.startsWith('console error'))).toEqual([]); // the engine’s own host is offline here
    expect(errors).toEqual([]);
    await context.close();
  });
});
