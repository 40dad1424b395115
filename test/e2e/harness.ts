// Shared e2e plumbing: a static server for dist/ that sends the headers of public/_headers as
// written (the ones readers get from the host, cross-origin isolation included), and the system Chromium.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { headersFor, readHeadersFile, type HeaderRule } from './headers-file.ts';

export const DIST = resolve(import.meta.dirname, '../../dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The host’s header rules, read from the file the site ships. */
export const HEADERS_FILE = resolve(import.meta.dirname, '../../public/_headers');

async function resolveFile(root: string, urlPath: string): Promise<string | null> {
  const clean = normalize(decodeURIComponent(urlPath.split('?')[0] ?? '/')).replace(/^(\.\.[/\\])+/, '');
  let file = join(root, clean);
  if (!file.startsWith(root)) return null;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    await stat(file);
    return file;
  } catch {
    return null;
  }
}

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/** Serves dist/ on a free loopback port, with the rules of `headersFile` (public/_headers unless told). */
export async function serveDist(opts: { headersFile?: string } = {}): Promise<SiteServer> {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error('dist/ is missing: run `npm run build` before the e2e tests.');
  return serveDir({ dir: DIST, headers: readHeadersFile(opts.headersFile ?? HEADERS_FILE) });
}

export interface ServeOptions {
  /** The built site. */
  dir: string;
  /** Header rules sent as a host that reads _headers would; none, as GitHub Pages sends none. */
  headers?: HeaderRule[];
  /**
   * The path the site is served under, e.g. '/leases-and-fences/' as on a GitHub Pages project site:
   * only URLs under it are served (from dir), everything else is a plain 404. Default '/'.
   */
  prefix?: string;
}

const gzipCache = new Map<string, { source: Buffer; gz: Buffer }>();
/** A file’s gzip, made once per content (a rebuilt dist/ changes the content, not the path). */
function gzipped(file: string, source: Buffer): Buffer {
  const hit = gzipCache.get(file);
  if (hit && hit.source.equals(source)) return hit.gz;
  const gz = gzipSync(source);
  gzipCache.set(file, { source, gz });
  return gz;
}

/** Serves a built site on a free loopback port; its 404.html answers missing paths under the prefix. */
export async function serveDir({ dir, headers: rules = [], prefix = '/' }: ServeOptions): Promise<SiteServer> {
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split(/[?#]/)[0]!;
    const headers = { ...headersFor(rules, path), 'Cache-Control': 'no-store' };
    if (!path.startsWith(prefix)) {
      res.writeHead(404, { ...headers, 'Content-Type': TYPES['.txt']! });
      res.end(`Not found: ${path} is outside ${prefix}`);
      return;
    }
    const file = await resolveFile(dir, `/${(req.url ?? '/').slice(prefix.length)}`);
    if (!file) {
      const notFound = join(dir, '404.html');
      res.writeHead(404, { ...headers, 'Content-Type': TYPES['.html']! });
      res.end(existsSync(notFound) ? await readFile(notFound) : 'Not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const body = await readFile(file);
    // Every static host readers get the site from (GitHub Pages, Netlify, Cloudflare) gzips text, and
    // Lighthouse’s simulated 4G charges each byte sent, so this server does too.
    if (
      /^(text\/|application\/(json|xml|wasm)|image\/svg)/.test(type) &&
      /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')
    ) {
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
      res.end(gzipped(file, body));
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': type });
    res.end(body);
  };
  const server: Server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Finds the system Chromium: $CHROMIUM_PATH, else the usual Debian/Ubuntu places. */
export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.');
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      // Headless Chromium 156 renders its own (never shown) omnibox popup, a WebUI page, in a renderer of
      // its own for every new context: 657 ms of CPU during one cold Run here, on two cores. Off, the
      // browser’s work stays out of the page’s timings (cold Run medians 900 -> 540 ms, same build).
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
    ],
  });
}

export interface PageOptions {
  colorScheme?: 'light' | 'dark';
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
  /**
   * Enforce the pages' Content-Security-Policy (csp.test.ts does). Off by default: tests inject
   * axe-core as an inline script, which the policy rightly refuses.
   */
  enforceCsp?: boolean;
}

/** A fresh context (empty localStorage) and page; errors thrown by the page fail the test that reads `errors`. */
export async function newPage(
  browser: Browser,
  opts: PageOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    colorScheme: opts.colorScheme ?? 'light',
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    bypassCSP: !opts.enforceCsp,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}

/**
 * The text of `el` as a reader sees it once they scroll to it. Lesson blocks use `content-visibility:
 * auto`, so Chromium leaves a block far below the viewport unrendered and its innerText empty until
 * it comes near the screen: scroll to it first, then wait for the frame that renders it.
 */
export async function visibleText(el: Locator): Promise<string> {
  await el.scrollIntoViewIfNeeded();
  for (let i = 0; i < 50; i++) {
    const text = await el.innerText();
    if (text.trim()) return text;
    await el.page().waitForTimeout(20);
  }
  return el.innerText();
}
