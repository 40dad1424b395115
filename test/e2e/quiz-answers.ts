// Reads a lesson’s quizzes the way a reader without JavaScript sees them (the "Show the answers
// and why" disclosure): each question, its options in order, each option’s feedback and which one
// is right. The e2e walks compare the live quiz against this, so no test types an answer by hand.
import type { Site } from './site.ts';
import { newPage, visibleText } from './harness.ts';

export interface QuizAnswers {
  question: string;
  options: { text: string; feedback: string; correct: boolean }[];
}

/** Whitespace collapsed, as a reader sees text regardless of line breaks in the markup. */
export const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Every quiz of the page at `path`, in page order, as shown with JavaScript off. */
export async function answersWithoutJs(site: Site, path: string): Promise<QuizAnswers[]> {
  const { page, context } = await newPage(site.browser, { javaScriptEnabled: false });
  await page.goto(site.url + path);
  const out: QuizAnswers[] = [];
  for (const fieldset of await page.locator('lf-quiz fieldset').all()) {
    const question = normalise(await visibleText(fieldset.locator('legend')));
    await fieldset.locator('summary').click(); // native <details>: opens without JavaScript
    const options = [];
    for (const item of await fieldset.locator('details li').all()) {
      options.push({
        text: normalise(await item.locator('.quiz-answer-option').innerText()).replace(/^[A-Z] /, ''),
        feedback: normalise(await item.locator('[data-feedback-for]').innerText()),
        correct: (await item.getAttribute('data-correct')) === 'true',
      });
    }
    out.push({ question, options });
  }
  await context.close();
  return out;
}
