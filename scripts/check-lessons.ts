// npm run check:lessons [files…]: checks lessons without a build (src/check/lesson-check.ts) and
// prints `file:line:col  message` per problem (GitHub annotations in GitHub Actions); exit 1 on any.
import { enableCompileCache } from 'node:module';

// Most of a run is loading the parsers; Node's compile cache makes the second run start faster.
enableCompileCache?.();
const { checkLessonsOnDisk } = await import('../src/check/lessons-on-disk.ts');
const { formatProblem, githubAnnotation } = await import('../src/check/lesson-check.ts');

const started = performance.now();
const files = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const problems = checkLessonsOnDisk(process.cwd(), files.length ? files : undefined);
const inActions = process.env.GITHUB_ACTIONS === 'true';
for (const p of problems) {
  console.log(formatProblem(p));
  if (inActions) console.log(githubAnnotation(p));
}
const ms = Math.round(performance.now() - started);
if (problems.length) {
  const lessons = new Set(problems.map((p) => p.file)).size;
  console.log(
    `\n${problems.length} problem${problems.length === 1 ? '' : 's'} in ${lessons} lesson${lessons === 1 ? '' : 's'} (${ms} ms). Each line says what to change; CONTRIBUTING.md explains the format.`,
  );
  process.exitCode = 1;
} else {
  console.log(`lessons ok (${ms} ms)`);
}
