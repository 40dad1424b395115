// Facts read from a lesson’s MDX source (src/lib/lesson-meta.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lessonSandboxIds, quizIds } from '../../src/lib/lesson-meta.ts';

describe('quizIds', () => {
  it('finds every quiz id in order, ignoring comments and ">" in prop text', () => {
    const src = [
      '<Quiz id="one" question="a > b?" options={[{ text: "x => y", correct: true, explanation: "e" }]} />',
      '{/* <Quiz id="commented" /> */}',
      '<Quiz',
      '  question="q"',
      "  id='two'",
      '/>',
      '<Quiz id="one" />',
    ].join('\n');
    expect(quizIds(src)).toEqual(['one', 'two']);
  });

  it('finds the four quizzes of the seed lesson', () => {
    const src = readFileSync(new URL('../../lessons/leader-election/index.mdx', import.meta.url), 'utf8');
    expect(quizIds(src)).toEqual(['acquire-then-write', 'fencing-token', 'keep-alive', 'split-brain-log']);
  });
});

describe('lessonSandboxIds', () => {
  it('finds each sandbox once, in order, and none in comments or code fences', () => {
    const src = [
      '<Sandbox id="one" />',
      '{/* <Sandbox id="commented" /> */}',
      '```mdx',
      '<Sandbox id="in-a-fence" />',
      '```',
      '<Sandbox title="T" id=\'two\' />',
      '<Sandbox id="one" />',
    ].join('\n');
    expect(lessonSandboxIds(src)).toEqual(['one', 'two']);
  });

  it('finds the three sandboxes of the seed lesson', () => {
    const src = readFileSync(new URL('../../lessons/leader-election/index.mdx', import.meta.url), 'utf8');
    expect(lessonSandboxIds(src)).toEqual(['acquire-then-write', 'fencing-token', 'keep-alive']);
  });
});
