// Every lesson in lessons/, not only the seed: each built page renders its title without errors,
// every quiz answers (each wrong pick shows its own heads-up, the right pick completes it and the
// lesson’s progress counts it), and axe finds no violations in light or dark. Lessons are discovered
// from the folder, so a contributed lesson is tested the moment it lands. (The seed lesson’s deeper reading: lesson.test.ts.)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { lessonFiles } from '../../src/check/lessons-on-disk.ts';
import { DIST, newPage } from './harness.ts';
import { useSite } from './site.ts';
import { axeViolations } from './axe.ts';
import { answersWithoutJs, normalise } from './quiz-answers.ts';

const root = join(import.meta.dirname, '../..');
const site = useSite();

/** Every lesson as [slug, title], from lessons/<slug>/index.mdx. */
export const lessons: [string, string][] = lessonFiles(root).map((file) => {
  const source = readFileSync(join(root, file), 'utf8');
  const front = load(/^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '') as { title: string };
  return [file.split('/')[1]!, front.title];
});

it('lessons are discovered from lessons/', () => {
  expect(lessons.length).toBeGreaterThan(0);
  expect(lessons.map(([slug]) => slug)).toContain('leader-election');
});

describe.each(lessons)('lesson %s', (slug, title) => {
  const path = `/lessons/${slug}/`;

  it('is built and renders its title without errors', async () => {
    expect(existsSync(join(DIST, 'lessons', slug, 'index.html'))).toBe(true);
    const { page, context, errors } = await newPage(site.browser);
    const response = await page.goto(site.url + path);
    expect(response?.status()).toBe(200);
    expect(normalise(await page.locator('h1').innerText())).toBe(normalise(title));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('every quiz answers: each wrong pick shows its own heads-up, the right pick completes it', async () => {
    // Which option is right and what each says, as the page shows them with JavaScript off.
    const expected = await answersWithoutJs(site, path);
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + path);
    const quizzes = page.locator('lf-quiz');
    expect(await quizzes.count()).toBe(expected.length);
    for (const [q, { options }] of expected.entries()) {
      const quiz = quizzes.nth(q);
      expect(options.length).toBeGreaterThanOrEqual(2);
      expect(options.filter((o) => o.correct)).toHaveLength(1);
      const radios = quiz.locator('input[type=radio]');
      expect(await radios.count()).toBe(options.length);
      const label = async (i: number) => quiz.locator(`label[for="${await radios.nth(i).getAttribute('id')}"]`);
      const feedback = async () => normalise(await quiz.locator('[aria-live]').innerText());
      for (const [i, option] of options.entries()) {
        if (option.correct) continue;
        expect(option.feedback).toMatch(/^Heads-up \S/);
        await (await label(i)).click();
        // Polls wait up to 10 s (the default 1 s is not enough on a busy 2-core machine).
        await expect.poll(feedback, { timeout: 10_000 }).toBe(option.feedback);
        expect(await quiz.getByText('Completed').count()).toBe(0);
      }
      const right = options.findIndex((o) => o.correct);
      await (await label(right)).click();
      await expect.poll(feedback, { timeout: 10_000 }).toBe(options[right]!.feedback);
      expect(options[right]!.feedback).toMatch(/^Correct \S/);
      await expect.poll(() => quiz.getByText('Completed').isVisible(), { timeout: 10_000 }).toBe(true);
    }
    if (expected.length) {
      await expect
        .poll(() => page.locator('lf-altitude').innerText(), { timeout: 10_000 })
        .toMatch(new RegExp(`${expected.length} of ${expected.length}`));
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(['light', 'dark'] as const)('axe finds no violations in %s', async (colorScheme) => {
    const { page, context } = await newPage(site.browser, { colorScheme });
    await page.goto(site.url + path);
    const violations = await axeViolations(page);
    await context.close();
    expect(violations).toEqual([]);
  });
});
