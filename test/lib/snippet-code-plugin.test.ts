// Fenced code inside <Snippet> becomes its props (src/lib/snippet-code-plugin.ts), alone and in the MDX compiler.
import { describe, expect, it } from 'vitest';
import { snippetWithCodeProps } from '../../src/lib/snippet-code-plugin.ts';

describe('snippet code plugin', () => {
  it('turns fenced go/ts children of <Snippet> into props, byte for byte', () => {
    const node = {
      type: 'mdxJsxFlowElement',
      name: 'Snippet',
      attributes: [{ type: 'mdxJsxAttribute', name: 'title', value: 'T' }],
      children: [
        { type: 'code', lang: 'go', value: 'func f() {\n\treturn\n}' },
        { type: 'code', lang: 'typescript', value: 'function f() {\n  return;\n}' },
      ],
    };
    const out = snippetWithCodeProps(node);
    expect(out.children).toEqual([]);
    expect(out.attributes).toEqual([
      { type: 'mdxJsxAttribute', name: 'title', value: 'T' },
      { type: 'mdxJsxAttribute', name: 'go', value: 'func f() {\n\treturn\n}' },
      { type: 'mdxJsxAttribute', name: 'ts', value: 'function f() {\n  return;\n}' },
    ]);
  });

  it('rejects other languages and duplicates with a clear message', () => {
    const mk = (...langs: string[]) => ({
      type: 'mdxJsxFlowElement',
      name: 'Snippet',
      children: langs.map((lang, i) => ({ type: 'code', lang, value: 'x', position: { start: { line: 10 + i } } })),
    });
    expect(() => snippetWithCodeProps(mk('python'), 'lessons/x/index.mdx')).toThrow(
      /lessons\/x\/index\.mdx:10: .*```go or ```ts/,
    );
    expect(() => snippetWithCodeProps(mk('go', 'go'))).toThrow(/already has Go code/);
  });
});

describe('snippet code plugin inside the real MDX compiler (Sätteri)', () => {
  it('passes fenced Go code to <Snippet> with its tabs intact', async () => {
    const { mdxToJs } = await import('satteri');
    const { snippetCodePlugin } = await import('../../src/lib/snippet-code-plugin.ts');
    const src = [
      '<Snippet title="T">',
      '```go',
      'func f() {',
      '\tif ok {',
      '\t\treturn',
      '\t}',
      '}',
      '```',
      '</Snippet>',
      '',
    ].join('\n');
    const { code } = await mdxToJs(src, { mdastPlugins: [snippetCodePlugin] });
    // newlines escaped, tabs kept as they are
    expect(code).toContain('go: "func f() {\\n\tif ok {\\n\t\treturn\\n\t}\\n}"');
    expect(code).not.toMatch(/<pre|"pre"/);
  });
});
