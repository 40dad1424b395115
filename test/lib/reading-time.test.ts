import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CODE_WPM,
  formatMinutes,
  PROSE_WPM,
  readingMinutes,
  readingStats,
  splitMdx,
} from '../../src/lib/reading-time.ts';

const words = (n: number, w = 'word') => Array.from({ length: n }, () => w).join(' ');

describe('reading time', () => {
  it('reads prose at the prose pace', () => {
    expect(readingMinutes(words(PROSE_WPM))).toBe(1);
    expect(readingMinutes(words(PROSE_WPM * 3))).toBe(3);
    expect(readingMinutes(words(PROSE_WPM * 3 + 1))).toBe(4);
  });

  it('reads code slower than prose', () => {
    const prose = readingStats(words(600));
    const code = readingStats('```go\n' + words(600, 'x') + '\n```\n');
    expect(code.codeWords).toBe(600);
    expect(code.proseWords).toBe(0);
    expect(code.minutes).toBe(Math.ceil(600 / CODE_WPM));
    expect(code.minutes).toBeGreaterThan(prose.minutes);
  });

  it('ignores frontmatter, imports, comments and JSX syntax, but counts prop text', () => {
    const src = [
      '---',
      'title: ' + words(500),
      '---',
      "import { rows } from './rows.ts';",
      '{/* sandbox: ' + words(500) + ' */}',
      '<Quiz id="q" question="one two three" options={[{ text: "four five", correct: true, explanation: "six" }]} />',
    ].join('\n');
    const { prose } = splitMdx(src);
    expect(prose).not.toContain('import');
    expect(prose).not.toMatch(/\bQuiz\b|\bquestion\b|\bexplanation\b|\bcorrect\b/);
    expect(readingStats(src).proseWords).toBe(6);
  });

  it('treats multi-line template literals as code and inline code as prose', () => {
    const s = splitMdx('Call `lock.acquire` first.\n\n<Snippet go={`a\nb c`} />');
    expect(s.code.trim()).toBe('a\nb c');
    expect(s.prose).toContain('lock.acquire');
  });

  it('is overridden by frontmatter minutes', () => {
    expect(readingMinutes(words(5000), 14)).toBe(14);
    expect(readingMinutes(words(10), undefined)).toBe(1);
  });

  it('formats as "N min read"', () => {
    expect(formatMinutes(14)).toBe('14 min read');
  });

  it('gives the seed lesson a plausible estimate', () => {
    const src = readFileSync(new URL('../../lessons/leader-election/index.mdx', import.meta.url), 'utf8');
    const stats = readingStats(src);
    expect(stats.codeWords).toBeGreaterThan(150);
    expect(stats.minutes).toBeGreaterThanOrEqual(8);
    expect(stats.minutes).toBeLessThanOrEqual(25);
  });
});
