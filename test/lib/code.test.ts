import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dedent, prepareCode, shortHash } from '../../src/lib/code.ts';
import { inlineMd, inlineText } from '../../src/lib/inline-md.ts';
import { quizIds } from '../../src/lib/lesson-meta.ts';
import { snippetWithCodeProps } from '../../src/lib/snippet-code-plugin.ts';
import { formatTime, nodeSlots } from '../../src/lib/log-format.ts';
import { editUrl } from '../../src/site.config.ts';

describe('prepareCode', () => {
  it('removes marks and records their lines', () => {
    const { code, marks } = prepareCode(
      [
        'func f() {',
        '\tlock.Acquire() // [!mark 1]',
        '\twork() // minutes of work [!mark 2]',
        '\tstore.Put() // [!mark]',
        '}',
      ].join('\n'),
    );
    expect(code).toBe(['func f() {', '\tlock.Acquire()', '\twork() // minutes of work', '\tstore.Put()', '}'].join('\n'));
    expect([...marks]).toEqual([
      [2, 1],
      [3, 2],
      [4, 0],
    ]);
  });

  it('leaves code without marks alone (tabs included)', () => {
    const src = 'a := 1\n\tif a > 0 {\n\t\treturn\n\t}';
    expect(prepareCode(src).code).toBe(src);
    expect(prepareCode(src).marks.size).toBe(0);
  });

  it('dedents indented code and trims blank edges', () => {
    expect(dedent('\n    a\n      b\n    c\n  ')).toBe('a\n  b\nc');
  });

  it('hashes deterministically', () => {
    expect(shortHash('abc')).toBe(shortHash('abc'));
    expect(shortHash('abc')).not.toBe(shortHash('abd'));
  });
});

describe('inlineMd', () => {
  it('renders code, emphasis and links and escapes everything else', () => {
    expect(inlineMd('Use `a<b>` and *this* or **that**')).toBe('Use <code>a&lt;b&gt;</code> and <em>this</em> or <strong>that</strong>');
    expect(inlineMd('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(inlineMd('[etcd](https://etcd.io)')).toBe('<a href="https://etcd.io">etcd</a>');
    expect(inlineMd('[x](javascript:alert(1))')).not.toContain('href');
    expect(inlineMd('10*time.Second and 2*3')).toBe('10*time.Second and 2*3');
    expect(inlineText('`x` *y* [z](https://a)')).toBe('x y z');
  });
});

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
    expect(() => snippetWithCodeProps(mk('python'), 'lessons/x/index.mdx')).toThrow(/lessons\/x\/index\.mdx:10: .*```go or ```ts/);
    expect(() => snippetWithCodeProps(mk('go', 'go'))).toThrow(/already has Go code/);
  });
});

describe('small helpers', () => {
  it('formats log times in seconds', () => {
    expect(formatTime(0)).toBe('0.000');
    expect(formatTime(13302)).toBe('13.302');
  });
  it('gives nodes colour slots by first appearance', () => {
    expect([...nodeSlots([{ node: 'A' }, { node: 'lock' }, { node: 'A' }, { node: 'B' }])]).toEqual([
      ['A', 1],
      ['lock', 2],
      ['B', 3],
    ]);
  });
  it('builds edit links from one repository setting', () => {
    expect(editUrl('lessons/leader-election/index.mdx', 'https://github.com/o/r/', 'main')).toBe(
      'https://github.com/o/r/edit/main/lessons/leader-election/index.mdx',
    );
  });
});

describe('snippet code plugin inside the real MDX compiler (Sätteri)', () => {
  it('passes fenced Go code to <Snippet> with its tabs intact', async () => {
    const { mdxToJs } = await import('satteri');
    const { snippetCodePlugin } = await import('../../src/lib/snippet-code-plugin.ts');
    const src = ['<Snippet title="T">', '```go', 'func f() {', '\tif ok {', '\t\treturn', '\t}', '}', '```', '</Snippet>', ''].join('\n');
    const { code } = await mdxToJs(src, { mdastPlugins: [snippetCodePlugin] });
    // newlines escaped, tabs kept as they are
    expect(code).toContain('go: "func f() {\\n\tif ok {\\n\t\treturn\\n\t}\\n}"');
    expect(code).not.toMatch(/<pre|"pre"/);
  });
});
