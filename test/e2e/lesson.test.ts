// The seed lesson read as a reader would: every quiz answered by role and visible text,
// progress surviving a reload, the keyboard alone, the theme toggle, and JavaScript off.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';
import { answersWithoutJs, normalise } from './quiz-answers.ts';

const LESSON = '/lessons/leader-election/';
const site = useSite();

const quizzes = (page: Page) => page.locator('lf-quiz');
const feedbackOf = (quiz: Locator) => quiz.locator('[aria-live]');
/** Picks an option the way a reader does: by clicking its visible label text. */
const pick = (group: Locator, text: string) => group.locator('label').filter({ hasText: text }).click();

describe('with JavaScript off', () => {
  it('the lesson shows all four questions, every option and all the feedback', async () => {
    const quizzesNoJs = await answersWithoutJs(site, LESSON);
    expect(quizzesNoJs).toHaveLength(4);
    for (const q of quizzesNoJs) {
      expect(q.question.length).toBeGreaterThan(20);
      expect(q.options).toHaveLength(4);
      expect(q.options.filter((o) => o.correct)).toHaveLength(1);
      for (const o of q.options)
        expect(o.feedback.replace(/^(Heads-up|Correct)/, '').trim().length).toBeGreaterThan(30);
    }
  });
});

describe('answering the quizzes', () => {
  it('every wrong pick shows its own heads-up, the right pick completes the quiz, and progress survives a reload', async () => {
    const expected = await answersWithoutJs(site, LESSON);
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await expect.poll(() => quizzes(page).count()).toBe(4);
    const altitude = page.locator('lf-altitude');
    await expect.poll(() => altitude.innerText()).toMatch(/0 of 4/);

    for (let q = 0; q < 4; q++) {
      const quiz = quizzes(page).nth(q);
      const group = page.getByRole('group', { name: expected[q]!.question });
      await expect.poll(() => group.count()).toBe(1);
      const wrong = expected[q]!.options.filter((o) => !o.correct);
      const right = expected[q]!.options.find((o) => o.correct)!;
      for (const option of wrong) {
        await pick(group, option.text);
        expect(await group.getByRole('radio', { name: option.text, exact: true }).isChecked()).toBe(true);
        const shown = normalise(await feedbackOf(quiz).innerText());
        expect(shown).toBe(option.feedback); // "Heads-up …" with this option’s own text
        expect(await quiz.getByText('Completed').count()).toBe(0);
      }
      await pick(group, right.text);
      expect(normalise(await feedbackOf(quiz).innerText())).toBe(right.feedback);
      await expect.poll(() => quiz.getByText('Completed').isVisible()).toBe(true);
      await expect.poll(() => altitude.innerText()).toMatch(new RegExp(`${q + 1} of 4`));
    }
    await expect.poll(() => altitude.getAttribute('data-level')).toBe('senior');
    expect(normalise(await altitude.innerText())).toMatch(/senior/i);

    await page.reload();
    for (let q = 0; q < 4; q++) {
      await expect.poll(() => quizzes(page).nth(q).getByText('Completed').isVisible()).toBe(true);
    }
    await expect.poll(() => altitude.getAttribute('data-level')).toBe('senior');
    expect(normalise(await altitude.innerText())).toMatch(/4 of 4/);

    // The home page shows the same progress.
    await page.goto(site.url + '/');
    await expect.poll(() => page.locator('main').innerText()).toMatch(/4 of 4/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a quiz can be completed with the keyboard alone', async () => {
    const expected = await answersWithoutJs(site, LESSON);
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    // Tab from the top of the page until focus lands in the first quiz’s radio group.
    let inQuiz = false;
    for (let i = 0; i < 200 && !inQuiz; i++) {
      await page.keyboard.press('Tab');
      inQuiz = await page.evaluate(() => document.activeElement?.matches('lf-quiz input[type="radio"]') ?? false);
    }
    expect(inQuiz).toBe(true);
    const quiz = page.locator('lf-quiz', { has: page.locator(':focus') });
    await page.keyboard.press('Space'); // select the focused option
    // Arrow keys move through a radio group, selecting as they go; stop at the right answer.
    for (let i = 0; i < expected[0]!.options.length && !(await quiz.getByText('Completed').isVisible()); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await expect.poll(() => quiz.getByText('Completed').isVisible()).toBe(true);
    await context.close();
  });

  it('corrupted progress in localStorage starts clean without an error', async () => {
    const { page, context, errors } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await page.evaluate(() => {
      for (let i = 0; i < localStorage.length; i++) localStorage.setItem(localStorage.key(i)!, '{not json');
      localStorage.setItem('lf:progress:v1', '{"version":1,"lessons":[1,2');
    });
    await page.reload();
    await expect.poll(() => page.locator('lf-altitude').innerText()).toMatch(/0 of 4/);
    const first = quizzes(page).first();
    await first.locator('label').first().click();
    expect(normalise(await feedbackOf(first).innerText()).length).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('chrome', () => {
  it('the theme toggle switches and is remembered', async () => {
    const { page, context } = await newPage(site.browser, { colorScheme: 'light' });
    await page.goto(site.url + LESSON);
    const html = page.locator('html');
    const toggle = page.locator('[data-theme-button]');
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await toggle.click();
    expect(await html.getAttribute('data-theme')).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(after).not.toBe(before);
    await page.reload();
    expect(await html.getAttribute('data-theme')).toBe('dark');
    await context.close();
  });

  it('a skip link leads to the content, and the 404 page answers unknown paths', async () => {
    const { page, context } = await newPage(site.browser);
    await page.goto(site.url + LESSON);
    await page.keyboard.press('Tab');
    const skip = page.locator(':focus');
    expect(normalise(await skip.innerText())).toMatch(/skip/i);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toMatch(/^#./);
    const res = await page.goto(site.url + '/nowhere/');
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('link', { name: /home|lessons/i }).count()).toBeGreaterThan(0);
    await context.close();
  });

  it('the phone layout never scrolls sideways, before or after its sandboxes have drawn their editors', async () => {
    const overflow = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const path of [
      '/',
      '/lessons/leader-election/',
      '/lessons/fencing-exclusion/',
      '/lessons/tokens-from-etcd/',
    ]) {
      const { page, context } = await newPage(site.browser, { viewport: { width: 360, height: 740 } });
      await page.goto(site.url + path);
      expect(await overflow(page), path).toBeLessThanOrEqual(0);
      // Each sandbox mounted (its editor, file tabs and read-only marks drawn).
      for (const sandbox of await page.locator('lf-sandbox').all()) {
        await sandbox.scrollIntoViewIfNeeded();
        await expect.poll(() => sandbox.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
      }
      expect(await overflow(page), `${path} with its sandboxes drawn`).toBeLessThanOrEqual(0);
      await context.close();
    }
  }, 120_000);
});
