// The lessons `npm run bench:build` builds: the real lessons, then copies of them (unique slug,
// title and order; every component kept: Sandbox, Explore, ExploreCount, ScenarioLog, Quiz, Snippet,
// LabRecording) alternating with `npm run new-lesson` scaffolds whose placeholders are filled in
// (Snippet, two Quizzes, Sandbox, Explore, ScenarioLog), up to N lessons in all.
import { cpSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PLACEHOLDER } from '../../src/check/lesson-check.ts';
import { scaffoldLesson } from '../../src/check/scaffold.ts';

export interface BenchLessons {
  /** Lessons in lessons/ after generation, the real ones included. */
  total: number;
  real: number;
  copies: number;
  scaffolds: number;
}

/** A scaffolded lesson with every placeholder replaced by plain text, as an author would leave it. */
export function filledScaffold(slug: string, title: string, order: number): string {
  return scaffoldLesson({ slug, title, order })
    .replaceAll(`https://example.org/${PLACEHOLDER}`, `https://example.org/${slug}`)
    .replaceAll(`"${PLACEHOLDER}"`, '"benchmark"')
    .replaceAll(`${PLACEHOLDER}: `, '')
    .replaceAll(PLACEHOLDER, title);
}

/** A copy of a real lesson under a new slug: its title and order made unique, its body unchanged. */
export function copiedLesson(source: string, title: string, order: number): string {
  const end = source.indexOf('\n---', 4);
  const front = source
    .slice(0, end)
    .replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`)
    .replace(/^order: .*$/m, `order: ${order}`);
  return front + source.slice(end);
}

/**
 * Fills `<root>/lessons` up to `total` lessons. Lesson folders are copied whole (a lesson may import
 * its own data files); orders continue after the real lessons' highest.
 */
export function generateLessons(root: string, total: number): BenchLessons {
  const dir = join(root, 'lessons');
  const real = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const sources = real.map((slug) => readFileSync(join(dir, slug, 'index.mdx'), 'utf8'));
  let order = Math.max(0, ...sources.map((s) => Number(/^order:\s*(\d+)\s*$/m.exec(s)?.[1] ?? 0)));
  let copies = 0;
  let scaffolds = 0;
  for (let i = real.length; i < total; i++) {
    order++;
    // Every other generated lesson is a scaffold; the rest cycle through the real lessons.
    if (i % 2 === 1) {
      const slug = `bench-scaffold-${order}`;
      mkdirSync(join(dir, slug));
      writeFileSync(join(dir, slug, 'index.mdx'), filledScaffold(slug, `Benchmark scaffold ${order}`, order));
      scaffolds++;
    } else {
      const from = real[copies % real.length]!;
      const slug = `${from}-copy-${order}`;
      cpSync(join(dir, from), join(dir, slug), { recursive: true });
      const title = `${/^title: (.*)$/m.exec(sources[copies % real.length]!)?.[1]?.replace(/^"|"$/g, '') ?? from} (copy ${order})`;
      writeFileSync(join(dir, slug, 'index.mdx'), copiedLesson(sources[copies % real.length]!, title, order));
      copies++;
    }
  }
  return { total: Math.max(total, real.length), real: real.length, copies, scaffolds };
}
