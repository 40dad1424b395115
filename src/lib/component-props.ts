// The prop rules of every component a lesson uses in MDX, as Zod schemas: the one place both the
// components (when the build renders them) and the lesson checker (npm run check:lessons) read them,
// so a rule cannot hold in one and not the other. Pure: the caller passes the sandbox ids it knows.
import { z } from 'astro/zod';

/** Schedules per version the explore panel offers; `<Explore n>` must be one of them. */
export const EXPLORE_CHOICES = [1000, 10000] as const;

/** Components a lesson may use without importing them (see src/components/lesson-components.ts). */
export const LESSON_COMPONENTS = [
  'Snippet',
  'Quiz',
  'Log',
  'Sandbox',
  'ScenarioLog',
  'Explore',
  'ExploreCount',
  'LabRecording',
  'Altitude',
  'ReadingTime',
] as const;
export type LessonComponent = (typeof LESSON_COMPONENTS)[number];

/** The hidden prop the Markdown plugin adds to every component in a lesson: "lessons/x/index.mdx:12:1". */
export const SOURCE_PROP = 'lfSource';

type Issue = { input?: unknown };
const str = (what: string, example: string) =>
  z.string({
    error: (i: Issue) =>
      i.input === undefined
        ? `is missing: add ${what}, e.g. ${example}`
        : `must be ${what} (a string), e.g. ${example}`,
  });
const nonEmpty = (what: string, example: string) =>
  str(what, example)
    .trim()
    .min(1, { error: `must not be empty: write ${what}` });
const int = (what: string, example: string) =>
  z
    .number({ error: `must be ${what} (a whole number in braces), e.g. ${example}` })
    .int({ error: `must be a whole number, e.g. ${example}` })
    .nonnegative({ error: 'must not be negative' });
const flag = (example: string) => z.boolean({ error: `must be true or false, e.g. ${example}` });
const strings = (what: string, example: string) =>
  z.array(z.string({ error: 'must be a string' }), { error: `must be a list of ${what}, e.g. ${example}` });

/** One schema per list of sandbox ids: building a Zod schema costs far more than using it. */
function perIds<T>(make: (ids: readonly string[]) => T): (ids: readonly string[]) => T {
  const cache = new Map<string, T>();
  return (ids) => {
    const key = ids.join('\n');
    let made = cache.get(key);
    if (made === undefined) cache.set(key, (made = make(ids)));
    return made;
  };
}

/** A sandbox id: a folder under sandboxes/ with a sandbox.ts. */
const sandboxId = (ids: readonly string[], prop: string) =>
  str('a sandbox id', `${prop}="fencing-token"`).refine((id) => ids.includes(id), {
    error: (i: Issue) =>
      `names no sandbox: there is no sandboxes/${String(i.input)}/sandbox.ts (known: ${ids.join(', ')})`,
  });

export const QUIZ_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const quizOptionSchema = z.strictObject(
  {
    text: nonEmpty('the option text', "text: 'A tempting wrong answer'"),
    correct: flag('correct: true').optional(),
    /** Feedback for a wrong option: why it is wrong. */
    headsUp: z.string({ error: 'must be a string: why this option is wrong' }).optional(),
    /** Feedback for the correct option: why it is right. */
    explanation: z.string({ error: 'must be a string: why this option is right' }).optional(),
  },
  {
    error: (i: { code?: string; keys?: string[] }) =>
      i.code === 'unrecognized_keys'
        ? `unknown option key ${i.keys?.map((k) => `"${k}"`).join(', ')} (allowed: text, correct, headsUp, explanation)`
        : 'each option must look like { text: "…", headsUp: "…" } or { text: "…", correct: true, explanation: "…" }',
  },
);

export const quizPropsSchema = z
  .strictObject({
    /** Unique within the lesson; progress is saved under it. */
    id: str('an id', 'id="fencing-token"').regex(QUIZ_ID, {
      error: 'must be lowercase words joined by dashes, e.g. id="fencing-token"',
    }),
    question: nonEmpty('the question', 'question="Why can this still produce two writers?"'),
    options: z
      .array(quizOptionSchema, {
        error:
          'must be a list of options in braces: options={[{ text, headsUp }, …, { text, correct: true, explanation }]}',
      })
      .min(2, { error: 'needs at least two options' }),
  })
  .superRefine((p, ctx) => {
    const correct = p.options.flatMap((o, i) => (o.correct ? [i] : []));
    if (correct.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message:
          'has no option with correct: true (a quiz has exactly one): mark the right answer with correct: true and an explanation',
      });
    }
    for (const i of correct.slice(1)) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', i, 'correct'],
        message: `is a second correct option (option ${String.fromCharCode(65 + correct[0]!)} is correct already): a quiz has exactly one; make this one wrong and give it a headsUp`,
      });
    }
    p.options.forEach((o, i) => {
      if (o.correct && !o.explanation?.trim()) {
        ctx.addIssue({
          code: 'custom',
          path: ['options', i],
          message: 'is the correct option, so it needs an explanation: explanation: "Why it is right …"',
        });
      }
      if (!o.correct && !o.headsUp?.trim()) {
        ctx.addIssue({
          code: 'custom',
          path: ['options', i],
          message: `is wrong, so it needs a headsUp saying why: headsUp: "Why option ${String.fromCharCode(65 + i)} is wrong …"`,
        });
      }
    });
  });

export const snippetPropsSchema = z
  .strictObject({
    /** Go source: a ```go fence inside <Snippet> (the Markdown plugin turns it into this prop). */
    go: nonEmpty('a ```go fence inside the <Snippet>', '```go … ```').optional(),
    /** TypeScript port: a ```ts fence inside <Snippet>. */
    ts: nonEmpty('a ```ts fence inside the <Snippet>', '```ts … ```').optional(),
    /** Caption above the code, also the tab list's accessible name. */
    title: nonEmpty('a caption', 'title="Snippet 1 — acquire, then write"').optional(),
    /** Callout texts; note N explains the lines marked `// [!mark N]`. */
    notes: strings('callout texts', "notes={['Why line 1 matters']}").optional(),
    /** Stable id prefix (defaults to a hash of the code). */
    id: str('an id', 'id="acquire"').optional(),
    children: z.unknown().optional(),
  })
  .superRefine((p, ctx) => {
    // Both languages: the reader picks one, and every snippet must offer the one they picked.
    if (!p.go)
      ctx.addIssue({
        code: 'custom',
        path: ['go'],
        message:
          'is missing: every <Snippet> needs a ```go fence and a ```ts fence (the Go code and its TypeScript port)',
      });
    if (!p.ts)
      ctx.addIssue({
        code: 'custom',
        path: ['ts'],
        message:
          'is missing: every <Snippet> needs a ```go fence and a ```ts fence (the Go code and its TypeScript port)',
      });
  });

export const sandboxPropsSchema = perIds((ids) =>
  z.strictObject({
    /** The folder name under sandboxes/. */
    id: sandboxId(ids, 'id'),
    /** Overrides the sandbox's defaultSeed. */
    seed: int('a seed', 'seed={7}').optional(),
    /** Overrides the sandbox's title. */
    title: nonEmpty('a title', 'title="Your fencing check"').optional(),
  }),
);

export const scenarioLogPropsSchema = perIds((ids) =>
  z.strictObject({
    id: sandboxId(ids, 'id'),
    seed: int('a seed', 'seed={7}').optional(),
    /** Run the sandbox's solution files instead of the starter. */
    solution: flag('solution (alone) or solution={false}').optional(),
    caption: nonEmpty('a caption', 'caption="Leader A pauses; B takes over"').optional(),
    /** 1-based log lines to highlight. */
    highlight: z
      .array(z.number().int().positive(), { error: 'must be a list of 1-based line numbers, e.g. highlight={[4, 5]}' })
      .optional(),
    /** Event kinds whose lines are highlighted too. */
    mark: strings('event kinds', "mark={['pause-start']}").optional(),
    /** Event kinds left out of the log; the timeline keeps them. */
    hide: strings('event kinds', "hide={['refuse']}").optional(),
    timeline: flag('timeline={false}').optional(),
    /** Replaces the scenario's pause: who, when (ms of virtual time) and for how long (ms). */
    pause: z
      .strictObject(
        {
          node: z.enum(['A', 'B'], { error: "must be 'A' or 'B'" }),
          at: z
            .number({ error: 'must be a time in ms, e.g. at: 2000' })
            .nonnegative({ error: 'must be 0 or more (ms of virtual time)' }),
          ms: z
            .number({ error: 'must be a duration in ms, e.g. ms: 10500' })
            .positive({ error: 'must be above 0 (a duration in ms)' }),
        },
        { error: "must look like pause={{ node: 'A', at: 2000, ms: 10500 }}" },
      )
      .optional(),
  }),
);

/** The Explore panel's heading when the lesson gives no title. */
export const EXPLORE_DEFAULT_TITLE = 'Explore: one run can be lucky';

export const explorePropsSchema = perIds((ids) =>
  z.strictObject({
    /** The folder name under sandboxes/; the page must also have <Sandbox id> for it. */
    sandbox: sandboxId(ids, 'sandbox'),
    /** Schedules per version pre-selected. */
    n: z
      .number({ error: `must be one of ${EXPLORE_CHOICES.join(' or ')} in braces, e.g. n={10000}` })
      .refine((n) => (EXPLORE_CHOICES as readonly number[]).includes(n), {
        error: (i: Issue) =>
          `must be one of ${EXPLORE_CHOICES.join(' or ')} (the choices the panel offers); got ${String(i.input)}`,
      })
      .optional(),
    baseSeed: int('a seed', 'baseSeed={7}').optional(),
    title: nonEmpty('a title', 'title="Explore: one run can be lucky"').optional(),
    /** A sentence shown under the panel's lead, e.g. what this sandbox's counts mean. */
    also: nonEmpty('a sentence', 'also="…"').optional(),
  }),
);

export const exploreCountPropsSchema = perIds((ids) =>
  z.strictObject({
    sandbox: sandboxId(ids, 'sandbox'),
    /** A version named in the sandbox's sandbox.ts; the component checks the name against it. */
    variant: nonEmpty('a variant name', 'variant="ttl-x3"'),
    n: z
      .number({ error: 'must be a number of schedules in braces, e.g. n={10000}' })
      .int()
      .positive({ error: 'must be at least 1' })
      .max(100_000, { error: 'must be at most 100,000 (it runs at build time)' }),
    /** What is counted (several are summed); default stale-write-accepted. */
    verdict: z
      .union([z.string(), z.array(z.string())], {
        error: 'must be a verdict kind or a list of them, e.g. verdict="deposed-write-accepted"',
      })
      .optional(),
    format: z.enum(['fraction', 'count', 'percent'], { error: 'must be fraction, count or percent' }).optional(),
    baseSeed: int('a seed', 'baseSeed={7}').optional(),
  }),
);

export const labRecordingPropsSchema = perIds((ids) =>
  z.strictObject({
    id: sandboxId(ids, 'id'),
    /** Also list where a real cluster differs from the simulator (once per lesson). */
    notes: flag('notes (alone) or notes={false}').optional(),
  }),
);

const logRow = z.looseObject(
  {
    t: z.number({ error: 'must be a number (virtual milliseconds)' }),
    node: z.string({ error: 'must be a string (the node name)' }),
    message: z.string({ error: 'must be a string' }),
  },
  { error: 'each row must be { t: number, node: string, message: string }' },
);
export const logPropsSchema = z.strictObject({
  rows: z.array(logRow, { error: 'must be a list of { t, node, message } rows' }),
  highlight: z
    .array(z.number().int().positive(), { error: 'must be a list of 1-based line numbers, e.g. highlight={[4, 5]}' })
    .optional(),
  caption: nonEmpty('a caption', 'caption="…"').optional(),
});

/** The schema of each lesson component's props; `null`: the component takes props the checker cannot see (page-level). */
export function componentSchemas(sandboxIds: readonly string[]): Record<LessonComponent, z.ZodType | null> {
  return {
    Quiz: quizPropsSchema,
    Snippet: snippetPropsSchema,
    Sandbox: sandboxPropsSchema(sandboxIds),
    ScenarioLog: scenarioLogPropsSchema(sandboxIds),
    Explore: explorePropsSchema(sandboxIds),
    ExploreCount: exploreCountPropsSchema(sandboxIds),
    LabRecording: labRecordingPropsSchema(sandboxIds),
    Log: logPropsSchema,
    Altitude: null,
    ReadingTime: null,
  };
}

/** One problem with a prop, path included: `options[2].headsUp`. */
export interface PropProblem {
  path: (string | number)[];
  message: string;
}

export function propPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** Validates props; returns the problems (empty when valid). */
export function propProblems(schema: z.ZodType, props: Record<string, unknown>): PropProblem[] {
  const r = schema.safeParse(props);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    if (i.code === 'unrecognized_keys' && i.path.length === 0) {
      return { path: [...i.keys], message: 'is not a prop of this component (a typo?): remove it or fix its name' };
    }
    return { path: i.path.filter((k): k is string | number => typeof k !== 'symbol'), message: i.message };
  });
}

/** "lessons/x/index.mdx:12:1  " from the hidden source prop, or '' when the component was not used in a lesson. */
export function sourceOf(props: object): string {
  const source = (props as Record<string, unknown>)[SOURCE_PROP];
  return typeof source === 'string' ? `${source}  ` : '';
}

/**
 * For components: validates Astro.props with the component's schema and returns them typed, without
 * the hidden source prop. A failure throws one error naming the lesson file and line (from the
 * hidden prop the Markdown plugin adds), the component and every bad prop, with the fix.
 */
export function parseProps<T>(component: LessonComponent, schema: z.ZodType<T>, props: object): T {
  // Astro adds data-astro-cid-… to components used inside a component with scoped styles.
  const rest = Object.fromEntries(
    Object.entries(props).filter(([k]) => k !== SOURCE_PROP && !k.startsWith('data-astro-')),
  );
  const problems = propProblems(schema, rest);
  if (problems.length === 0) return schema.parse(rest);
  const where = sourceOf(props);
  const lines = problems.map(
    (p) => `${where}<${component}> ${p.path.length ? `${propPath(p.path)} ` : ''}${p.message}`,
  );
  throw new Error(`${lines.join('\n')}\n(run npm run check:lessons for every problem in every lesson)`);
}
