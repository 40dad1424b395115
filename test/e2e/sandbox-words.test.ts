// Each sandbox’s words match the lesson where it appears: its starter comments (read as the page
// shows them, without JavaScript) never lean on an idea the lesson has not introduced above it.
// Today’s check: fencing tokens, which Snippet 2 introduces after the first sandbox.
import { expect, it } from 'vitest';
import { newPage } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

it('no sandbox’s starter comments mention tokens before the lesson has introduced them', async () => {
  const { page, context } = await newPage(site.browser, { javaScriptEnabled: false });
  await page.goto(`${site.url}/lessons/leader-election/`);
  const found = await page.evaluate(() => {
    const article = document.querySelector('main') ?? document.body;
    return [...article.querySelectorAll<HTMLElement>('lf-sandbox')].map((box) => {
      // The lesson’s prose above this sandbox (headings, paragraphs, quizzes), not code.
      const range = document.createRange();
      range.setStart(article, 0);
      range.setEndBefore(box);
      const before = range.cloneContents();
      before
        .querySelectorAll('pre, code, lf-sandbox, script, style, nav, header, aside, [hidden]')
        .forEach((el) => el.remove());
      const comments = [...box.querySelectorAll('[data-sandbox-static] pre')].flatMap((pre) =>
        (pre.textContent ?? '').split('\n').filter((l) => l.trim().startsWith('//')),
      );
      return {
        id: box.dataset.sandbox,
        proseMentions: /\btoken/i.test(before.textContent ?? ''),
        commentMentions: comments.filter((l) => /\btoken/i.test(l)),
      };
    });
  });
  expect(found.length).toBe(3);
  for (const s of found) if (!s.proseMentions) expect(s.commentMentions, s.id).toEqual([]);
  expect(found[0]!.proseMentions).toBe(false); // the first sandbox comes before Snippet 2
  await context.close();
});
