// The lesson checker, one fixture per mistake contributors make (test/check/fixtures/<mistake>.mdx,
// each the clean fixture with one thing broken): it names the file, the line and the fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkLessons,
  formatProblem,
  githubAnnotation,
  PLACEHOLDER,
  type Problem,
} from '../../src/check/lesson-check.ts';
import { checkLessonsOnDisk, readLesson, sitePages } from '../../src/check/lessons-on-disk.ts';
import { sandboxIds } from '../../src/check/sandbox-ids.ts';
import { scaffoldLesson, nextFreeOrder } from '../../src/check/scaffold.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = 'test/check/fixtures';
const seed = readLesson(root, 'lessons/leader-election/index.mdx');
const ctx = { sandboxIds: sandboxIds(root), sitePages: sitePages(root) };
const fixture = (name: string, slug = 'clean') => ({
  file: `${fixtures}/${name}.mdx`,
  slug,
  source: readFileSync(join(root, fixtures, `${name}.mdx`), 'utf8'),
});

/** Problems the checker finds in a fixture, checked as lesson "clean" beside the seed lesson. */
const problemsOf = (name: string): Problem[] =>
  checkLessons([seed, fixture(name)], ctx).filter((p) => p.file.startsWith(fixtures));

describe('lesson checker', () => {
  it('reports a root link to a page the site does not have, and passes links to the pages it has', () => {
    expect(sitePages(root)).toEqual(['/', '/fault-model/', '/lab/']);
    expect(problemsOf('link-to-missing-page').map((p) => `${p.line}: ${p.message}`)).toEqual([
      '12: link to /labs/: the site has no page /labs/ (its pages: /, /fault-model/, /lab/ and /lessons/<slug>/); page URLs end with a slash',
      '12: link to /fault-model: the site has no page /fault-model (its pages: /, /fault-model/, /lab/ and /lessons/<slug>/); page URLs end with a slash',
    ]);
  });

  it('passes the clean fixture and every lesson in lessons/', () => {
    expect(problemsOf('clean').map(formatProblem)).toEqual([]);
    expect(checkLessonsOnDisk(root).map(formatProblem)).toEqual([]);
  });

  it.each([
    ['duplicate-quiz-id', 40, /duplicate quiz id "first" \(also at line 31\).*give each <Quiz> its own id/],
    [
      'snippet-go-only',
      16,
      /<Snippet title="Acquire, then write"> ts is missing: every <Snippet> needs a ```go fence and a ```ts fence/,
    ],
    ['link-to-missing-lesson', 12, /link to \/lessons\/nope\/: there is no lesson "nope"/],
    [
      'link-to-missing-anchor',
      12,
      /link to \/lessons\/clean\/#nope: lesson "clean" has no #nope \(its headings: .*#the-snippet/,
    ],
    ['raw-script', 14, /unsafe HTML: <script> is not allowed/],
    ['iframe', 14, /unsafe HTML: <iframe> is not allowed/],
    ['style', 14, /unsafe HTML: <style> is not allowed/],
    ['event-handler', 14, /unsafe HTML: event handler onClick= is not allowed/],
    ['javascript-link', 12, /unsafe link URL "javascript:alert\(1\)"/],
    ['javascript-href', 14, /unsafe href= URL "javascript:alert\(1\)"/],
    ['javascript-href-with-tab', 14, /unsafe href= URL "java\tscript:alert\(1\)"/],
    ['script-in-expression', 14, /unsafe HTML inside \{…\} or an export/],
    ['javascript-source-url', 10, /frontmatter: "sources\[\]\.url" must be an absolute http\(s\) URL/],
    [
      'two-correct-options',
      36,
      /<Quiz id="first"> options\[1\]\.correct is a second correct option \(option A is correct already\)/,
    ],
    ['no-correct-option', 34, /<Quiz id="first"> options has no option with correct: true/],
    ['wrong-option-without-headsup', 34, /<Quiz id="first"> options\[0\] is wrong, so it needs a headsUp/],
    [
      'unknown-sandbox',
      40,
      /<Sandbox id="nope"> id names no sandbox: there is no sandboxes\/nope\/sandbox\.ts \(known: .*fencing-token/,
    ],
    ['mark-without-note', 27, /\[!mark 3\] has no note 3: add a 3rd entry to this <Snippet>'s notes/],
    [
      'marks-out-of-order',
      29,
      /\[!mark 1\] comes after \[!mark 2\] in the code: number the marks in the order the code shows them/,
    ],
    [
      'hash-in-unquoted-value',
      9,
      /frontmatter: "etcd issue" is followed by "#11456, “Locks return without checking whether the lease is still held”", which YAML reads as a comment and drops: put the whole value in quotes/,
    ],
    ['frontmatter-error', 5, /frontmatter: "altitude" must be one of zero \| junior \| middle \| senior; got "expert"/],
    ['explore-n-not-a-choice', 42, /<Explore sandbox="fencing-token"> n must be one of 1000 or 10000 .*got 2000/],
    [
      'explore-without-sandbox',
      41,
      /<Explore sandbox="fencing-token"> has no <Sandbox id="fencing-token"> on this page/,
    ],
    ['unknown-component', 44, /unknown component <Quizz>: did you mean <Quiz>\?/],
    [
      'explore-count-alone',
      47,
      /<ExploreCount> stands on a line of its own, so MDX makes it a block and splits its sentence into two paragraphs/,
    ],
    ['unknown-prop', 40, /<Sandbox id="fencing-token"> sed is not a prop of this component/],
    ['mdx-syntax-error', 14, /MDX syntax error: .*Unexpected token/],
  ])('%s: names the file, line %i and the fix', (name, line, message) => {
    const problems = problemsOf(name);
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(new RegExp(`^${fixtures}/${name}\\.mdx:${line}:\\d+  ${message.source}`)),
    ]);
    expect(problems[0]!.severity).toBe('error');
  });

  it('duplicate order: both lessons are named, with a free order to use', () => {
    const problems = checkLessons([seed, fixture('clean'), fixture('duplicate-order', 'duplicate-order')], ctx);
    expect(problems.map(formatProblem)).toEqual([
      `${fixtures}/clean.mdx:6:8  duplicate order 50 (also ${fixtures}/duplicate-order.mdx): lessons would silently swap places and change previous/next; use a free order, e.g. order: 51`,
      `${fixtures}/duplicate-order.mdx:6:8  duplicate order 50 (also ${fixtures}/clean.mdx): lessons would silently swap places and change previous/next; use a free order, e.g. order: 51`,
    ]);
  });

  it('flags a scaffold placeholder as a placeholder, with its line', () => {
    expect(problemsOf('placeholder').map((p) => [p.line, p.col, p.severity])).toEqual([[4, 7, 'placeholder']]);
  });

  it('in GitHub Actions, prints an annotation GitHub shows on the diff', () => {
    const [p] = problemsOf('raw-script');
    expect(githubAnnotation(p!)).toMatch(
      /^::error file=test\/check\/fixtures\/raw-script\.mdx,line=14,col=1,title=lesson check::unsafe HTML: <script>/,
    );
  });
});

describe('scaffold (npm run new-lesson)', () => {
  const source = scaffoldLesson({ slug: 'lease-renewal', order: 7 });
  const lines = source.split('\n');

  it('fails the checker on every placeholder line, and on nothing else', () => {
    const problems = checkLessons(
      [seed, { file: 'lessons/lease-renewal/index.mdx', slug: 'lease-renewal', source }],
      ctx,
    );
    const placeholderLines = lines.flatMap((l, i) => (l.includes(PLACEHOLDER) ? [i + 1] : []));
    expect(placeholderLines.length).toBeGreaterThan(20);
    expect(problems.every((p) => p.severity === 'placeholder')).toBe(true);
    expect([...new Set(problems.map((p) => p.line))]).toEqual(placeholderLines);
  });

  it('passes once the placeholders are replaced', () => {
    const written = source.replaceAll(PLACEHOLDER, 'Written');
    expect(
      checkLessons(
        [seed, { file: 'lessons/lease-renewal/index.mdx', slug: 'lease-renewal', source: written }],
        ctx,
      ).map(formatProblem),
    ).toEqual([]);
  });

  it('uses every lesson component a lesson needs, and the next free order', () => {
    for (const c of ['<Snippet', '<Quiz', '<Sandbox', '<Explore', '<ScenarioLog']) expect(source).toContain(c);
    expect(source).toMatch(/^order: 7$/m);
    expect(nextFreeOrder([1, 2, 5])).toBe(6);
    expect(nextFreeOrder([])).toBe(1);
  });
});
