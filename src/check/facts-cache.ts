// The build's lesson check, kept per lesson on disk under node_modules/.cache/leases-and-fences/check/:
// a lesson whose text, path and known sandboxes are unchanged, checked by unchanged checker sources and
// parser versions, is not parsed again (at 200 lessons that is ~1.2 s of every warm build). Only what
// one lesson yields is cached; orders, links and anchors across lessons are judged afresh each time.
// A changed byte in any input is a new key, so a cached result is always today's.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceGraphKey } from './source-graph.ts';
import { checkLesson, type CheckContext, type LessonFacts, type LessonInput } from './lesson-check.ts';

const PACKAGES = ['satteri', 'astro', '@babel/parser', 'js-yaml', 'yaml', 'github-slugger'];

/** The checker's own sources (followed through relative imports) and its parsers' versions. */
function checkerFingerprint(root: string): string {
  const parts: string[] = [`node ${process.version}`];
  for (const name of PACKAGES) {
    try {
      // Read directly: some packages (satteri) do not export their package.json.
      const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
        version: string;
      };
      parts.push(`${name} ${pkg.version}`);
    } catch {
      parts.push(`${name} unknown ${Date.now()}`); // never matches a stored key: no cache rather than a wrong one
    }
  }
  parts.push(`sources ${sourceGraphKey(new URL('./lesson-check.ts', import.meta.url), root)}`);
  return createHash('sha256').update(parts.sort().join('\0')).digest('hex');
}

interface Stored {
  order?: LessonFacts['order'];
  anchors: string[];
  links: LessonFacts['links'];
  problems: LessonFacts['problems'];
}

/** checkLesson, with each lesson's result read from or written to the cache under `root`. */
export function cachedCheckLesson(root: string): (input: LessonInput, ctx: CheckContext) => LessonFacts {
  const dir = join(root, 'node_modules/.cache/leases-and-fences/check');
  const fingerprint = checkerFingerprint(root);
  return (input, ctx) => {
    const key = createHash('sha256')
      .update(JSON.stringify([fingerprint, input.file, input.slug, ctx.sandboxIds, input.source]))
      .digest('hex');
    const file = join(dir, `${key}.json`);
    try {
      const s = JSON.parse(readFileSync(file, 'utf8')) as Stored;
      return {
        input,
        ...(s.order ? { order: s.order } : {}),
        anchors: new Set(s.anchors),
        links: s.links,
        problems: s.problems,
      };
    } catch {
      // not cached yet
    }
    const facts = checkLesson(input, ctx);
    try {
      mkdirSync(dir, { recursive: true });
      const stored: Stored = {
        order: facts.order,
        anchors: [...facts.anchors],
        links: facts.links,
        problems: facts.problems,
      };
      writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(stored));
      renameSync(`${file}.${process.pid}.tmp`, file); // whole or absent
    } catch {
      // a read-only node_modules: the check goes on without the cache
    }
    return facts;
  };
}
