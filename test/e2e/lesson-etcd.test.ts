// The etcd lesson read as a reader would: every quiz answered (each wrong pick shows its own
// heads-up, the right one completes the quiz), axe with no violations in light and dark, and the
// numbers in its prose are the build's (an ExploreCount, never typed).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const LESSON = '/lessons/tokens-from-etcd/';
const site = useSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();
const pick = (group: Locator, text: string) => group.locator('label').filter({ hasText: text }).click();

/** Each quiz's question, options and feedback as the page shows them with JavaScript off. */
async function answersWithoutJs() {
  const { page, context } = await newPage(site.browser, { javaScriptEnabled: false });
  await page.goto(site.url + LESSON);
  const out: { question: string; options: { text: string; feedback: string; correct: boolean }[] }[] = [];
  for (const fieldset of await page.locator('lf-quiz fieldset').all()) {
    const question = normalise(await fieldset.locator('legend').innerText());
    await fieldset.locator('summary').click();
    const options = [];
    for (const item of await fieldset.locator('details li').all()) {
      const feedback = normalise(await item.locator('[data-feedback-for]').innerText());
      options.push({ text: normalise(await item.locator('.quiz-answer-option').innerText()).replace(/^[A-Z] /, ''), feedback, correct: !feedback.startsWith('Heads-up') });
    }
    out.push({ question, options });
  }
  await context.close();
  return out;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const { axe } = window as unknown as { axe: typeof import('axe-core') }; // injected above
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v: { id: string; help: string; nodes: { target: unknown }[] }) => `${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

describe('the etcd lesson', () => {
  test('every wrong pick shows its own heads-up and the right pick completes each of the four quizzes', async () => {
    const expected = await answersWithoutJs();
    expect(expected).toHaveLength(4);
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    for (let q = 0; q < expected.length; q++) {
      const quiz = page.locator('lf-quiz').nth(q);
      const group = page.getByRole('group', { name: expected[q]!.question });
      expect(expected[q]!.options.filter((o) => o.correct)).toHaveLength(1);
      for (const option of expected[q]!.options.filter((o) => !o.correct)) {
        await pick(group, option.text);
        expect(normalise(await quiz.locator('[aria-live]').innerText())).toBe(option.feedback);
        expect(option.feedback.startsWith('Heads-up')).toBe(true);
      }
      const right = expected[q]!.options.find((o) => o.correct)!;
      await pick(group, right.text);
      await expect.poll(() => quiz.getByText('Completed').isVisible()).toBe(true);
    }
    await context.close();
  });

  test('its explore numbers come from the build: every one is an ExploreCount over 10,000 schedules', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    const counts = await page.locator('.explore-count').evaluateAll((els) => els.map((e) => ({ n: e.getAttribute('data-n'), text: e.textContent })));
    expect(counts.length).toBeGreaterThanOrEqual(7);
    for (const c of counts) expect(c).toMatchObject({ n: '10000', text: expect.stringMatching(/^[\d,]+ of 10,000$/) as unknown });
    await context.close();
  });

  test.each(['light', 'dark'] as const)('axe finds no violations in %s', async (colorScheme) => {
    const { page, context } = await newPage(site.browser, { colorScheme });
    await page.goto(site.url + LESSON);
    const violations = await axeViolations(page);
    await context.close();
    expect(violations).toEqual([]);
  });
});
