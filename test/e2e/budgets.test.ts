// Page-weight budgets, measured from the built site (issue 2): what a reader downloads
// before touching anything. Lazy chunks (the sandbox editor, runners) don't count.
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DIST } from './harness.ts';

const KB = 1024;
const gz = (s: string | Buffer) => gzipSync(s, { level: 9 }).length;

/** Maps a URL in the page (absolute or relative to `from`) to a file in dist/. */
function distFile(url: string, from: string): string {
  return url.startsWith('/') ? join(DIST, url) : resolve(dirname(from), url);
}

/** Static imports of a module (`import x from "..."`, `import "..."`, `export … from "..."`); not `import("...")`. */
export function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /\b(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;
  for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

/** Every script a page runs before interaction: inline, external, and their static import graphs. */
export function eagerScripts(htmlFile: string): { inline: string[]; files: string[] } {
  const html = readFileSync(htmlFile, 'utf8');
  const inline: string[] = [];
  const pending: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1]!;
    if (/type=["']?application\/(ld\+)?json/.test(attrs)) continue;
    const src = /\bsrc=["']?([^"'\s>]+)/.exec(attrs)?.[1];
    if (src) pending.push(distFile(src, htmlFile));
    else if (m[2]!.trim()) {
      inline.push(m[2]!);
      for (const i of staticImports(m[2]!)) pending.push(distFile(i, htmlFile));
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*rel=["']?modulepreload[^>]*>/g)) {
    const href = /href=["']?([^"'\s>]+)/.exec(m[0])?.[1];
    if (href) pending.push(distFile(href, htmlFile));
  }
  const files = new Set<string>();
  while (pending.length) {
    const f = pending.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    for (const i of staticImports(readFileSync(f, 'utf8'))) pending.push(distFile(i, f));
  }
  return { inline, files: [...files] };
}

function stylesheets(htmlFile: string): string[] {
  const html = readFileSync(htmlFile, 'utf8');
  return [...html.matchAll(/<link\b[^>]*rel=["']?stylesheet[^>]*>/g)]
    .map((m) => /href=["']?([^"'\s>]+)/.exec(m[0])?.[1])
    .filter((h): h is string => !!h)
    .map((h) => distFile(h, htmlFile));
}

const lessonHtml = join(DIST, 'lessons/leader-election/index.html');

describe('lesson page budgets', () => {
  test('the lesson page was built', () => {
    expect(existsSync(lessonHtml)).toBe(true);
  });

  test('at most 15 KB gzip of JavaScript before any interaction', () => {
    const { inline, files } = eagerScripts(lessonHtml);
    const bytes = inline.reduce((n, s) => n + gz(s), 0) + files.reduce((n, f) => n + gz(readFileSync(f)), 0);
    console.log(`lesson JS before interaction: ${(bytes / KB).toFixed(1)} KB gzip in ${files.length} files + ${inline.length} inline`);
    expect(bytes).toBeGreaterThan(0); // the quizzes need some script; zero means the measurement broke
    expect(bytes).toBeLessThanOrEqual(15 * KB);
  });

  test('at most 40 KB gzip of HTML and CSS', () => {
    const html = gz(readFileSync(lessonHtml));
    const css = stylesheets(lessonHtml).reduce((n, f) => n + gz(readFileSync(f)), 0);
    console.log(`lesson HTML ${(html / KB).toFixed(1)} KB + CSS ${(css / KB).toFixed(1)} KB gzip`);
    expect(html + css).toBeLessThanOrEqual(40 * KB);
  });
});

describe('the measurement itself', () => {
  test('static imports are followed, dynamic imports are not', () => {
    const code = 'import{a as b}from"./x.js";import"./y.js";export{c}from"./z.js";const m=()=>import("./lazy.js");';
    expect(staticImports(code)).toEqual(['./x.js', './y.js', './z.js']);
  });
});
