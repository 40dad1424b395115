// The lessons collection, sorted and enriched with build-time facts (reading time, quiz ids).
import { getCollection, type CollectionEntry } from 'astro:content';
import { readingMinutes } from './reading-time.ts';
import { quizIds } from './lesson-meta.ts';

export interface LessonInfo {
  entry: CollectionEntry<'lessons'>;
  slug: string;
  href: string;
  minutes: number;
  quizzes: string[];
}

export async function getLessons(): Promise<LessonInfo[]> {
  const entries = await getCollection('lessons');
  return entries
    .map((entry) => {
      const body = entry.body ?? '';
      return {
        entry,
        slug: entry.id,
        href: `/lessons/${entry.id}/`,
        minutes: readingMinutes(body, entry.data.minutes),
        quizzes: quizIds(body),
      };
    })
    .sort((a, b) => a.entry.data.order - b.entry.data.order || a.slug.localeCompare(b.slug));
}
