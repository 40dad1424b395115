// "On this page" lists each section and, under it, the sandboxes and Explore panels it holds.
import { describe, expect, it } from 'vitest';
import { lessonToc } from '../../src/lib/lesson-toc.ts';

const names = {
  sandbox: (id: string, title?: string) => `Sandbox: ${title ?? id.toUpperCase()}`,
  explore: (_id: string, title?: string) => title ?? 'Explore: default',
};
const headings = [
  { depth: 2, slug: 'one', text: 'One' },
  { depth: 3, slug: 'one-a', text: 'One A' },
  { depth: 2, slug: 'two', text: 'Two' },
];

describe('lessonToc', () => {
  it('nests a Sandbox and an Explore under the section they appear in, with their headings and anchors', () => {
    const body = [
      '## One',
      '<Sandbox id="fencing-token" />',
      '## Two',
      'text',
      '<Explore sandbox="fencing-token" n={10000} />',
      '<Sandbox id="keep-alive" title="Keep it alive" />',
    ].join('\n');
    expect(lessonToc(body, headings, names)).toEqual([
      { depth: 2, slug: 'one', text: 'One' },
      { depth: 3, slug: 'sbx-fencing-token-title', text: 'Sandbox: FENCING-TOKEN' },
      { depth: 2, slug: 'two', text: 'Two' },
      { depth: 3, slug: 'xp-fencing-token-title', text: 'Explore: default' },
      { depth: 3, slug: 'sbx-keep-alive-title', text: 'Sandbox: Keep it alive' },
    ]);
  });

  it('ignores ## lines and components inside code fences, and ExploreCount', () => {
    const body = [
      '## One',
      '```md',
      '## not a section',
      '<Sandbox id="nope" />',
      '```',
      '<ExploreCount sandbox="x" variant="y" n={1000} />',
      '## Two',
      '<Explore sandbox="x" title="Explore: mine" />',
    ].join('\n');
    expect(lessonToc(body, headings, names)).toEqual([
      { depth: 2, slug: 'one', text: 'One' },
      { depth: 2, slug: 'two', text: 'Two' },
      { depth: 3, slug: 'xp-x-title', text: 'Explore: mine' },
    ]);
  });

  it('a component before the first section belongs to the first section', () => {
    expect(lessonToc('<Sandbox id="a" />\n## One\n## Two', headings, names).map((i) => i.slug)).toEqual([
      'one',
      'sbx-a-title',
      'two',
    ]);
  });
});
