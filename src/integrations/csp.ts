// Build step: after `astro build`, hash every inline script of every page, then put the site's
// Content-Security-Policy (src/lib/csp.ts) first in each page's <head> as a <meta http-equiv>
// (for hosts without headers) and into dist/_headers (with frame-ancestors, header-only).
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { contentSecurityPolicy, inlineScripts } from '../lib/csp.ts';
import { withBase } from '../lib/site-url.ts';

async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await htmlFiles(p)));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

export function csp(): AstroIntegration {
  let base = '/';
  return {
    name: 'lf-csp',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        const files = await htmlFiles(root);
        const pages = await Promise.all(files.map(async (f) => ({ f, html: await readFile(f, 'utf8') })));
        const hashes = pages
          .flatMap((p) => inlineScripts(p.html))
          .map((s) => `sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}`);
        const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(hashes, 'meta')}">`;
        for (const { f, html } of pages) {
          // Right after <meta charset> (which must come first), before any script it governs.
          const at = /<meta charset="?[\w-]+"?\s*\/?>/i.exec(html) ?? /<head>/i.exec(html);
          if (!at) throw new Error(`lf-csp: ${f} has no <head>`);
          const end = at.index + at[0].length;
          if (html.slice(0, end).includes('<script'))
            throw new Error(`lf-csp: ${f} has a script before its <head> meta`);
          // Whole or not at all (a new file renamed over the page): Pagefind is reading the pages meanwhile.
          await writeFile(`${f}.csp.tmp`, html.slice(0, end) + meta + html.slice(end));
          await rename(`${f}.csp.tmp`, f);
        }
        // Per page route, not /*: the sandbox's module worker evaluates the reader's code (eval), and
        // a policy sent with the worker's script would forbid that. (A worker without one runs free
        // of the page's policy; the page itself never needs eval.)
        const routes = files.flatMap((f) => {
          const rel = relative(root, f).split(sep).join('/');
          if (rel === 'index.html') return ['/'];
          if (rel.endsWith('/index.html'))
            return [`/${rel.slice(0, -'index.html'.length)}`, `/${rel.slice(0, -'/index.html'.length)}`];
          return [`/${rel}`, `/${rel.replace(/\.html$/, '')}`];
        });
        const policy = contentSecurityPolicy(hashes, 'header');
        // The pages' addresses: under the base when the site is served under a path.
        const block = routes.map((r) => `${withBase(r, base)}\n  Content-Security-Policy: ${policy}`).join('\n');
        const headers = join(root, '_headers');
        const text = await readFile(headers, 'utf8').catch(() => '');
        await writeFile(
          headers,
          `${text.trimEnd()}\n# Added by the build (src/integrations/csp.ts): each page's Content-Security-Policy.\n${block}\n`,
        );
      },
    },
  };
}
