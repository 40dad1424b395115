// Links a lesson writes from the domain root get the site’s base at build time
// (src/lib/base-link-plugin.ts), in the real MDX compiler: Markdown links, reference definitions,
// images and JSX <a>; anchors, external links and component props stay as written.
import { describe, expect, it } from 'vitest';
import { mdxToJs } from 'satteri';
import { baseLinkPlugin, jsxWithBase } from '../../src/lib/base-link-plugin.ts';

const LESSON = [
  'See [the next lesson](/lessons/fencing-exclusion/#goal) and [the lab][lab].',
  '',
  '[lab]: /lab/',
  '',
  '![diagram](/og.png)',
  '',
  'Or <a href="/fault-model/">the fault model</a>, [a section](#goal), [etcd](https://etcd.io/) and <Sandbox id="/not-a-link" />.',
  '',
].join('\n');

async function compile(base: string): Promise<string> {
  return (await mdxToJs(LESSON, { mdastPlugins: [baseLinkPlugin(base)] })).code;
}

describe('base link plugin', () => {
  it('under /repo/: every root-relative link, image and <a href> gets the base', async () => {
    const code = await compile('/repo/');
    expect(code).toContain('"/repo/lessons/fencing-exclusion/#goal"');
    expect(code).toContain('"/repo/lab/"');
    expect(code).toContain('"/repo/og.png"');
    expect(code).toContain('"/repo/fault-model/"');
    expect(code).not.toMatch(/"\/(lessons|lab|og\.png|fault-model)\b/);
  });

  it('leaves anchors, other sites and component props as written', async () => {
    const code = await compile('/repo/');
    expect(code).toContain('"#goal"');
    expect(code).toContain('"https://etcd.io/"');
    expect(code).toContain('"/not-a-link"');
  });

  it('at the domain root the compiled lesson is exactly as without the plugin', async () => {
    expect(await compile('/')).toBe(mdxToJs(LESSON, {}).code);
  });

  it('jsxWithBase touches only href/src of <a> and <img>', () => {
    const attr = (name: string, value: string) => ({ type: 'mdxJsxAttribute', name, value });
    expect(
      jsxWithBase(
        { type: 'mdxJsxTextElement', name: 'a', attributes: [attr('href', '/lab/'), attr('title', '/x')] },
        '/r/',
      )?.attributes,
    ).toEqual([attr('href', '/r/lab/'), attr('title', '/x')]);
    expect(
      jsxWithBase({ type: 'mdxJsxTextElement', name: 'Sandbox', attributes: [attr('href', '/lab/')] }, '/r/'),
    ).toBeNull();
    expect(
      jsxWithBase({ type: 'mdxJsxTextElement', name: 'a', attributes: [attr('href', 'https://x.org/')] }, '/r/'),
    ).toBeNull();
  });
});
