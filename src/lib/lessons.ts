// The lessons collection, sorted and enriched with build-time facts (reading time, quiz ids).
import { getCollection, type CollectionEntry } from 'astro:content';
import { readingMinutes } from './reading-time.ts';
import { quizIds } from './lesson-meta.ts';
import { withBase } from './site-url.ts';

export interface LessonInfo {
  entry: CollectionEntry<'lessons'>;
  slug: string;
  /** The page's path, under the site's base. */
  href: string;
  minutes: number;
  quizzes: string[];
}

/** Reading time and quiz ids by lesson body: every page lists every lesson, so each body is measured once, not once per page. */
const measured = new Map<
  string,
  { override: number | undefined; minutes: number; quizzes: ReturnType<typeof quizIds> }
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
          }),
        );
      }
      return {
        entry,
        slug: entry.id,
        href: withBase(`/lessons/${entry.id}/`, import.meta.env.BASE_URL),
        minutes: m.minutes,
        quizzes: m.quizzes,
      };
    })
    .sort((a, b) => a.entry.data.order - b.entry.data.order || a.slug.localeCompare(b.slug));
}
