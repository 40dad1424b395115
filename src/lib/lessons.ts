// The lessons collection, sorted and enriched with build-time facts (reading time, quiz ids).
import { getCollection, type CollectionEntry } from 'astro:content';
import { readingMinutes } from './reading-time.ts';
import { lessonSandboxIds, quizIds } from './lesson-meta.ts';
import { withBase } from './site-url.ts';
import type { SandboxHomes } from './replay-url.ts';

export interface LessonInfo {
  entry: CollectionEntry<'lessons'>;
  slug: string;
  /** The page's path, under the site's base. */
  href: string;
  minutes: number;
  quizzes: string[];
  /** The sandboxes it holds (a replay link names one; another lesson's page points the reader here for it). */
  sandboxes: string[];
}

/** Reading time and quiz ids by lesson body: every page lists every lesson, so each body is measured once, not once per page. */
const measured = new Map<
  string,
  { override: number | undefined; minutes: number; quizzes: string[]; sandboxes: string[] }
>();

export async function getLessons(): Promise<LessonInfo[]> {
  const entries = await getCollection('lessons');
  return entries
    .map((entry) => {
      const body = entry.body ?? '';
      let m = measured.get(body);
      if (!m || m.override !== entry.data.minutes) {
        measured.set(
          body,
          (m = {
            override: entry.data.minutes,
            minutes: readingMinutes(body, entry.data.minutes),
            quizzes: quizIds(body),
            sandboxes: lessonSandboxIds(body),
          }),
        );
      }
      return {
        entry,
        slug: entry.id,
        href: withBase(`/lessons/${entry.id}/`, import.meta.env.BASE_URL),
        minutes: m.minutes,
        quizzes: m.quizzes,
        sandboxes: m.sandboxes,
      };
    })
    .sort((a, b) => a.entry.data.order - b.entry.data.order || a.slug.localeCompare(b.slug));
}

/**
 * The lessons' sandboxes (but `here`'s), so a replay link for one of them opened on another page
 * points the reader to its lesson (replay-link.ts on a lesson, ReplayElsewhere.astro elsewhere).
 */
export function sandboxHomes(lessons: readonly LessonInfo[], here?: LessonInfo): SandboxHomes {
  return Object.fromEntries(
    lessons
      .filter((l) => l !== here)
      .flatMap((l) => l.sandboxes.map((id) => [id, { href: l.href, title: l.entry.data.title }])),
  );
}
