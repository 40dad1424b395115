import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const lessons = defineCollection({
  loader: glob({ pattern: '**/index.mdx', base: './lessons' }),
  schema: z.object({
    title: z.string(),
    crux: z.string(),
  }),
});
export const collections = { lessons };
