// Snippet code preparation: marks, dedenting and the stable hash (src/lib/code.ts).
import { describe, expect, it } from 'vitest';
import { dedent, prepareCode, shortHash } from '../../src/lib/code.ts';

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
    expect(code).toBe(
      ['func f() {', '\tlock.Acquire()', '\twork() // minutes of work', '\tstore.Put()', '}'].join('\n'),
    );
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
