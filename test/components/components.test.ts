import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import Quiz from '../../src/components/Quiz.astro';
import Snippet from '../../src/components/Snippet.astro';
import Log from '../../src/components/Log.astro';
import Altitude from '../../src/components/Altitude.astro';
import ReadingTime from '../../src/components/ReadingTime.astro';
import { lessonComponents } from '../../src/components/lesson-components.ts';

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const quizProps = {
  id: 'acquire-then-write',
  question: 'Why can `runJob` produce two writers?',
  options: [
    { text: '`defer` releases early', headsUp: 'Deferred calls run at return.' },
    { text: 'A pause outlives the lease', correct: true, explanation: 'The lease expires on the server.' },
    { text: 'Raise the TTL', headsUp: 'Any finite TTL can be outlived.' },
  ],
};

describe('lesson components map', () => {
  it('exposes the components lessons use, without per-lesson imports', () => {
    expect(Object.keys(lessonComponents)).toEqual(
      expect.arrayContaining(['Snippet', 'Quiz', 'Log', 'Altitude', 'ReadingTime']),
    );
  });
});

describe('<Quiz>', () => {
  it('is a fieldset whose legend is the question, with one native radio per option', async () => {
    const html = await container.renderToString(Quiz, { props: quizProps });
    expect(html).toMatch(/<lf-quiz[^>]*data-quiz="acquire-then-write"/);
    expect(html).toMatch(/<fieldset[^>]*>\s*<legend[^>]*>Why can <code>runJob<\/code> produce two writers\?<\/legend>/);
    const radios = html.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(3);
    for (const r of radios) expect(r).toContain('name="quiz-acquire-then-write"');
    // every radio has a visible label
    for (let i = 0; i < 3; i++) expect(html).toMatch(new RegExp(`<label for="quiz-acquire-then-write-${i}"`));
    expect(text(html)).toContain('A pause outlives the lease');
  });

  it('keeps every option’s feedback readable without JavaScript', async () => {
    const html = await container.renderToString(Quiz, { props: quizProps });
    expect(html).toMatch(/<details class="quiz-answers"/);
    const t = text(html);
    expect(t).toContain('Heads-up Deferred calls run at return.');
    expect(t).toContain('Heads-up Any finite TTL can be outlived.');
    expect(t).toContain('Correct The lease expires on the server.');
    expect(t.match(/Heads-up/g)).toHaveLength(2);
    expect(html).toMatch(/data-quiz-feedback[^>]*aria-live="polite"|aria-live="polite"[^>]*data-quiz-feedback/);
    expect(t).not.toContain('Completed'); // only after a right answer, in the browser
  });

  it('refuses quizzes that are not exactly one-correct with feedback everywhere', async () => {
    const bad = async (props: object) => container.renderToString(Quiz, { props: { ...quizProps, ...props } });
    await expect(bad({ options: quizProps.options.map((o) => ({ ...o, correct: false })) })).rejects.toThrow(
      /exactly one/,
    );
    await expect(
      bad({ options: [...quizProps.options, { text: 'x', correct: true, explanation: 'y' }] }),
    ).rejects.toThrow(/exactly one/);
    await expect(bad({ options: [{ text: 'w' }, quizProps.options[1]] })).rejects.toThrow(/needs a headsUp/);
    await expect(bad({ id: 'Not An Id' })).rejects.toThrow(/lowercase/);
  });
});

describe('<Snippet>', () => {
  const go =
    'func runJob() error {\n\tlock.Acquire("job-leader") // [!mark 1]\n\twork() // [!mark]\n\treturn store.Put("result.csv", data) // [!mark 2]\n}';
  const ts =
    "async function runJob(): Promise<void> {\n  await lock.acquire('job-leader', 10_000); // [!mark 1]\n  await store.put('result.csv', data); // [!mark 2]\n}";

  it('renders Go and TypeScript as ARIA tabs with highlighted, numbered lines and callouts', async () => {
    const html = await container.renderToString(Snippet, {
      props: { title: 'Snippet 1', go, ts, notes: ['Acquired with a lease.', 'The write, unfenced.'] },
    });
    expect(html).toMatch(/role="tablist"/);
    const tabs = html.match(/<button[^>]*role="tab"[^>]*>/g) ?? [];
    expect(tabs).toHaveLength(2);
    expect(tabs[0]).toContain('aria-selected="true"');
    expect(tabs[1]).toContain('aria-selected="false"');
    expect(html.match(/role="tabpanel"/g)).toHaveLength(2);
    expect(text(html)).toMatch(/Go\s+TypeScript/);
    // Shiki output with dual-theme variables
    expect(html).toContain('class="shiki');
    expect(html).toMatch(/--cl:#[0-9a-f]{6};--cd:#[0-9a-f]{6}/i);
    // Go: lines 2, 3, 4 highlighted; callouts on 2 and 4; TS: lines 2 and 3
    const hl = html.match(/<span class="line hl"[^>]*>/g) ?? [];
    expect(hl).toHaveLength(5);
    expect(hl.filter((l) => l.includes('data-mark="1"'))).toHaveLength(2);
    expect(hl.filter((l) => l.includes('data-mark="2"'))).toHaveLength(2);
    // marks never reach the shown code
    expect(html).not.toContain('[!mark');
    // numbered callouts, with their lines spelled out for screen readers
    expect(html).toMatch(/<ol class="snippet-notes"/);
    expect(text(html)).toContain('Go line 2, TypeScript line 2: Acquired with a lease.');
    expect(text(html)).toContain('Go line 4, TypeScript line 3: The write, unfenced.');
    // copy button (revealed by JS)
    expect(html).toMatch(/<button[^>]*class="snippet-copy"[^>]*data-copy/);
  });

  it('fails the build on a mark without a note, one language missing, or no code at all', async () => {
    await expect(container.renderToString(Snippet, { props: { go, ts, notes: ['only one'] } })).rejects.toThrow(
      /callout 2/,
    );
    // Readers pick a language once for every snippet, so each snippet needs both.
    await expect(container.renderToString(Snippet, { props: { ts, notes: ['n1', 'n2'] } })).rejects.toThrow(
      /<Snippet> go is missing: every <Snippet> needs a ```go fence and a ```ts fence/,
    );
    await expect(container.renderToString(Snippet, { props: { title: 'Empty' } })).rejects.toThrow(
      /go is missing[\s\S]*ts is missing/,
    );
  });
});

describe('<Log>', () => {
  const rows = [
    { t: 0, node: 'A', message: 'acquire job-leader', seq: 1, kind: 'log' },
    { t: 4150, node: 'A', message: 'paused' },
    { t: 13302, node: 'lock', message: 'lease 33 of A expired' },
    { t: 21615, node: 'store', message: 'rejected result.csv from A: token 33 < highest seen 34' },
  ];

  it('renders line, time, node and message columns and highlights the chosen lines', async () => {
    const html = await container.renderToString(Log, { props: { rows, highlight: [2, 4], caption: 'Split brain' } });
    expect(html).toMatch(/<figcaption[^>]*>Split brain<\/figcaption>/);
    const headers = (html.match(/<th[^>]*>[\s\S]*?<\/th>/g) ?? []).map(text);
    expect(headers).toEqual(['Line #', 'Time (s)', 'Node', 'Message']);
    const trs = html.match(/<tr class="log-row[^"]*"[\s\S]*?<\/tr>/g) ?? [];
    expect(trs).toHaveLength(4);
    expect(text(trs[2]!)).toBe('3 13.302 lock lease 33 of A expired');
    expect(text(trs[3]!)).toContain('token 33 < highest seen 34');
    expect(trs.map((r) => r.includes('log-row--hl'))).toEqual([false, true, false, true]);
    expect(html).toMatch(/class="log-scroll" tabindex="0" role="region"/);
  });

  it('rejects rows of the wrong shape', async () => {
    await expect(
      container.renderToString(Log, { props: { rows: [{ t: '0', node: 'A', message: 'x' }] } }),
    ).rejects.toThrow(/<Log> rows\[0\]\.t must be a number/);
  });
});

describe('<Altitude> and <ReadingTime>', () => {
  it('renders the four-step gauge with a text equivalent and the lesson’s quizzes', async () => {
    const html = await container.renderToString(Altitude, {
      props: { lesson: 'leader-election', quizzes: ['a', 'b', 'c', 'd'] },
    });
    expect(html).toMatch(/<lf-altitude[^>]*data-lesson="leader-election"[^>]*data-quizzes="a b c d"/);
    expect(text(html)).toMatch(/Zero Junior Middle Senior/);
    expect(text(html)).toContain('Complete the 4 quizzes to climb from Zero to Senior altitude.');
  });

  it('shows minutes with a clock icon', async () => {
    const html = await container.renderToString(ReadingTime, { props: { minutes: 14 } });
    expect(html).toMatch(/<svg aria-hidden="true"/);
    expect(text(html)).toBe('14 min read');
  });
});
