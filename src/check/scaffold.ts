// The text `npm run new-lesson` writes: a lesson with every section of the house format and one
// working example of each component, so it builds as it is, and a TODO(lesson) placeholder wherever
// the author must write, which npm run check:lessons refuses (with its line) until replaced.
import { PLACEHOLDER } from './lesson-check.ts';

/** A lesson slug: its folder name and URL, lowercase words joined by dashes. */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The smallest order after every order in use (lessons are listed by order). */
export function nextFreeOrder(used: number[]): number {
  return used.length ? Math.max(...used) + 1 : 1;
}

const T = PLACEHOLDER;

export function scaffoldLesson({ slug, title, order }: { slug: string; title?: string; order: number }): string {
  const named = title?.trim() || `${T} ${slug.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())}`;
  return `---
title: ${JSON.stringify(named)}
crux: "${T}: one sentence on what the reader will be able to do after this lesson."
goal: "${T}: the loop the reader practises, in one or two sentences (shown as the lesson's Goal)."
altitude: middle # zero | junior | middle | senior: who the lesson is written for
order: ${order}
tags: ["${T}"] # a few lowercase topics, e.g. [leases, fencing-tokens]
sources:
  # Every claim the lesson makes needs a source here (title and an https:// link).
  - title: "${T}: author, title (year)"
    url: https://example.org/${T}
---
{/* Scaffolded by npm run new-lesson. Replace every placeholder; npm run check:lessons lists what is left.
    CONTRIBUTING.md explains each section and component; lessons/leader-election/index.mdx is the worked example. */}

${T}: the opening. Two or three sentences that set up the incident: what the system does, what
goes wrong, and what the reader will do in this lesson.

## Snippet 1 — ${T}: what this code does

${T}: the situation in prose: who runs this code, what it guards, and what to watch for.

<Snippet
  title="Snippet 1 — ${T}"
  notes={[
    '${T}: what the first marked line does and why it matters.',
  ]}
>
\`\`\`go
func runJob(lock *LockService, store *ObjectStore) error {
	token, err := lock.Acquire("job-leader", 10*time.Second) // [!mark 1]
	if err != nil {
		return err
	}
	return store.Put("result.csv", buildReport(), token)
}
\`\`\`

\`\`\`ts
async function runJob(lock: LockService, store: ObjectStore): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000); // [!mark 1]
  await store.put('result.csv', await buildReport(), token);
}
\`\`\`
</Snippet>

<Quiz
  id="snippet-1"
  question="${T}: a question the snippet answers, e.g. what happens when the holder pauses here?"
  options={[
    {
      text: "${T}: a tempting wrong answer.",
      headsUp: "${T}: why it is wrong, and what is true instead.",
    },
    {
      text: "${T}: the right answer.",
      correct: true,
      explanation: "${T}: why it is right, pointing at the line that decides it.",
    },
    {
      text: "${T}: another wrong answer a reader might believe.",
      headsUp: "${T}: why it is wrong.",
    },
  ]}
/>

## Try it — ${T}: what the reader runs

${T}: what to change in the sandbox and what to look for in the verdict. A sandbox is a folder
under sandboxes/ (CONTRIBUTING.md, "Add a sandbox"); this one is the seed lesson's.

<Sandbox id="fencing-token" />

${T}: why one run is not enough. Numbers about runs come from the build (the Explore panel below,
or npm run sandbox -- fencing-token --explore 1000), never typed by hand.

<Explore sandbox="fencing-token" />

## Reading the log — ${T}: what the run shows

${T}: how to read the log below. It is a real seeded run of a sandbox, made at build time.

<ScenarioLog id="keep-alive" solution seed={7} caption="${T}: what this run shows (a real run: keep-alive, seed 7)" />

<Quiz
  id="reading-the-log"
  question="${T}: which reading of this log is right?"
  options={[
    {
      text: "${T}: the right reading.",
      correct: true,
      explanation: "${T}: why, citing the log's line numbers.",
    },
    {
      text: "${T}: a plausible misreading.",
      headsUp: "${T}: why it is wrong.",
    },
  ]}
/>

## Recap

- ${T}: the first thing to remember.
- ${T}: the fix, and where it belongs.
`;
}
