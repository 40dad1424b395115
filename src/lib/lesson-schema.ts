// The frontmatter contract of a lesson (lessons/<slug>/index.mdx). Every message names the
// field and says what to write, because contributors meet these in a failing build.
import { z } from 'astro/zod';

export const ALTITUDE_VALUES = ['zero', 'junior', 'middle', 'senior'] as const;

type Issue = { input?: unknown };
const missingOr = (field: string, expected: string, example: string) => (issue: Issue) =>
  issue.input === undefined
    ? `"${field}" is missing: add ${expected} to the frontmatter, e.g. ${field}: ${example}`
    : `"${field}" must be ${expected}, e.g. ${field}: ${example}`;

const text = (field: string, example: string, min = 1) =>
  z
    .string({ error: missingOr(field, 'a string', example) })
    .trim()
    .min(min, { error: `"${field}" must not be empty` });

export const sourceSchema = z.strictObject(
  {
    title: text('sources[].title', '"How to do distributed locking"'),
    // http(s) only: a javascript: or data: URL would ship as a clickable link in the Sources list.
    url: z.url({
      protocol: /^https?$/,
      error: (issue: Issue) =>
        issue.input === undefined
          ? '"sources[].url" is missing: each source needs a url'
          : `"sources[].url" must be an absolute http(s) URL (https://…); got ${JSON.stringify(issue.input)}`,
    }),
  },
  { error: '"sources" entries must look like { title: "…", url: "https://…" } with no other keys' },
);

export const lessonSchema = z.strictObject(
  {
    title: text('title', 'Leader election'),
    /** One sentence: what the reader does in this lesson. */
    crux: text('crux', '"Read … , predict …, pick the fix …"', 20).refine((s) => /[.!?…]$/.test(s), {
      error: '"crux" must be one full sentence ending with a period',
    }),
    /** What the reader practises; shown as the lesson's Goal. */
    goal: text('goal', '"Practise the loop you run in every coordination incident …"', 20),
    /** Who the lesson is written for. */
    altitude: z.enum(ALTITUDE_VALUES, {
      error: (issue: Issue) =>
        issue.input === undefined
          ? `"altitude" is missing: add the target altitude, one of ${ALTITUDE_VALUES.join(' | ')}`
          : `"altitude" must be one of ${ALTITUDE_VALUES.join(' | ')}; got ${JSON.stringify(issue.input)}`,
    }),
    /** Position in the course (1, 2, …); previous/next links follow it. */
    order: z
      .number({ error: missingOr('order', 'an integer', '1') })
      .int({ error: '"order" must be a whole number, e.g. order: 1' })
      .nonnegative({ error: '"order" must not be negative' }),
    /** Overrides the computed reading time. */
    minutes: z
      .number({ error: '"minutes" must be a number of minutes, e.g. minutes: 14 (or leave it out)' })
      .int({ error: '"minutes" must be a whole number' })
      .positive({ error: '"minutes" must be at least 1' })
      .max(240, { error: '"minutes" over 240 looks like a typo' })
      .optional(),
    tags: z.array(text('tags[]', 'leases'), {
      error: missingOr('tags', 'a list of strings', '[leases, fencing]'),
    }),
    sources: z
      .array(sourceSchema, {
        error: missingOr('sources', 'a list of { title, url }', '[{ title: "…", url: "https://…" }]'),
      })
      .min(1, { error: '"sources" needs at least one source' }),
    /** Meta description; defaults to the crux. */
    description: text('description', '"…"')
      .max(200, { error: '"description" should stay under 200 characters' })
      .optional(),
  },
  {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === 'unrecognized_keys'
        ? `unknown frontmatter field ${issue.keys?.map((k) => `"${k}"`).join(', ')} (typo? allowed: title, crux, goal, altitude, order, minutes, tags, sources, description)`
        : undefined,
  },
);

export type LessonData = z.infer<typeof lessonSchema>;
