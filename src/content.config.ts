import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './lib/lesson-schema.ts';

// Each lesson is lessons/<slug>/index.mdx; its folder name is its URL: /lessons/<slug>/.
// Everything else in a lesson folder (data files, images) is imported by the MDX, not loaded here.
const lessons = defineCollection({
  loader: glob({ pattern: '**/index.mdx', base: './lessons' }),
  schema: lessonSchema,
});

export const collections = { lessons };
