// Where the checker finds lessons on disk, and the check of the whole course from there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sandboxIds } from './sandbox-ids.ts';
import { checkLessons, type checkLesson, type LessonInput, type Problem } from './lesson-check.ts';

/** Every lesson under lessons/ (lessons/<slug>/index.mdx), paths relative to root. */
export function lessonFiles(root: string = process.cwd()): string[] {
  const dir = join(root, 'lessons');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.mdx')))
    .map((d) => ['lessons', d.name, 'index.mdx'].join('/'))
    .sort();
}

/**
 * The site's pages other than lessons, as the URL paths links use: one per src/pages/<name>.astro
 * (index is '/'), leaving out the 404 page and dynamic routes ([slug]).
 */
export function sitePages(root: string = process.cwd()): string[] {
  const dir = join(root, 'src', 'pages');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.astro') && !f.startsWith('[') && f !== '404.astro')
    .map((f) => f.slice(0, -'.astro'.length))
    .map((name) => (name === 'index' ? '/' : `/${name}/`))
    .sort();
}

export function readLesson(root: string, file: string): LessonInput {
  const rel = relative(root, join(root, file)).split(sep).join('/');
  const slug = rel.split('/').at(-2) ?? rel;
  return { file: rel, slug, source: readFileSync(join(root, rel), 'utf8') };
}

/**
 * Checks the lessons under root. `only`: report problems of these files alone (the others are still
 * read, so duplicate orders and links across lessons are judged against the whole course). `checkOne`:
 * how one lesson is checked (the build passes the cached one, src/check/facts-cache.ts).
 */
export function checkLessonsOnDisk(
  root: string = process.cwd(),
  only?: string[],
  checkOne?: typeof checkLesson,
): Problem[] {
  const files = lessonFiles(root);
  const wanted = only?.map((f) => relative(root, join(root, f)).split(sep).join('/'));
  for (const w of wanted ?? []) if (!files.includes(w)) files.push(w);
  const problems = checkLessons(
    files.map((f) => readLesson(root, f)),
    { sandboxIds: sandboxIds(root), sitePages: sitePages(root) },
    checkOne,
  );
  return wanted ? problems.filter((p) => wanted.includes(p.file)) : problems;
}
