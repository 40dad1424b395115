// <Snippet>'s highlighting, computed once per (language, source) in a build and kept on disk under
// node_modules/.cache/leases-and-fences/highlight/ between builds: tokenizing with Shiki is most of
// what a lesson costs to render. The key is a hash of the source, the language and everything that
// shapes the output (Shiki's version, the themes, src/lib/highlight.ts and code.ts), so a cached
// result is always what highlight() would return today. Build-time only.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_THEMES, highlight, type HighlightResult, type LANGS } from '../../lib/highlight.ts';

const own = import.meta.glob<string>(['/src/lib/highlight.ts', '/src/lib/code.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const MODULES = join(process.cwd(), 'node_modules');
/** Shiki's version, read from its package.json (its exports do not include it); the grammars and themes come with it. */
function shikiVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(MODULES, 'shiki/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return `unknown ${Date.now()}`; // never matches a stored key: no cache rather than a wrong one
  }
}
const VERSION = createHash('sha256')
  .update(JSON.stringify([shikiVersion(), CODE_THEMES, Object.entries(own).sort()]))
  .digest('hex');
const DIR = join(MODULES, '.cache/leases-and-fences/highlight');
const memo = new Map<string, Promise<HighlightResult>>();

interface Stored {
  html: string;
  code: string;
  marks: [number, number][];
  lineCount: number;
}

async function compute(key: string, source: string, lang: keyof typeof LANGS): Promise<HighlightResult> {
  const file = join(DIR, `${key}.json`);
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Stored;
    return { html: s.html, code: s.code, marks: new Map(s.marks), lineCount: s.lineCount };
  } catch {
    // not cached yet
  }
  const result = await highlight(source, lang);
  try {
    mkdirSync(DIR, { recursive: true });
    const stored: Stored = {
      html: result.html,
      code: result.code,
      marks: [...result.marks],
      lineCount: result.lineCount,
    };
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(stored));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // a read-only node_modules: the build goes on without the cache
  }
  return result;
}

export function highlightCached(source: string, lang: keyof typeof LANGS): Promise<HighlightResult> {
  const key = createHash('sha256').update(`${VERSION}\0${lang}\0${source}`).digest('hex');
  let result = memo.get(key);
  if (!result) memo.set(key, (result = compute(key, source, lang)));
  return result;
}
