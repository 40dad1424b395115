// Code preparation for <Snippet>: dedent what contributors indent inside MDX, and pull out
// line marks written as trailing comments:
//   lock.acquire(...) // [!mark 1]   → line highlighted, callout 1 shown in the gutter
//   await work()      // [!mark]     → line highlighted, no callout
// Marks are removed from the displayed and copied code.

export interface PreparedCode {
  code: string;
  /** 1-based line → callout number (0 = highlight only). */
  marks: Map<number, number>;
}

const MARK = /[ \t]*(?:\/\/|#|--)[ \t]*\[!mark(?:[ \t]+(\d+))?\][ \t]*$/;
const MARK_IN_COMMENT = /[ \t]*\[!mark(?:[ \t]+(\d+))?\][ \t]*$/;

export function dedent(src: string): string {
  const lines = src
    .replace(/\r\n?/g, '\n')
    .replace(/^\s*\n/, '')
    .replace(/\s+$/, '')
    .split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0]);
  let common = indents[0] ?? '';
  for (const ind of indents) {
    let i = 0;
    while (i < common.length && i < ind.length && common[i] === ind[i]) i++;
    common = common.slice(0, i);
  }
  return lines.map((l) => (l.startsWith(common) ? l.slice(common.length) : l.trimStart())).join('\n');
}

export function prepareCode(src: string): PreparedCode {
  const marks = new Map<number, number>();
  const lines = dedent(src)
    .split('\n')
    .map((line, i) => {
      // A mark alone as a comment: `foo() // [!mark 2]`.
      let m = MARK.exec(line);
      if (m) {
        marks.set(i + 1, m[1] ? Number(m[1]) : 0);
        return line.slice(0, m.index).replace(/[ \t]+$/, '');
      }
      // A mark at the end of an existing comment: `foo() // explain [!mark 2]`.
      m = MARK_IN_COMMENT.exec(line);
      if (m && /\/\/|#/.test(line.slice(0, m.index))) {
        marks.set(i + 1, m[1] ? Number(m[1]) : 0);
        return line.slice(0, m.index).replace(/[ \t]+$/, '');
      }
      return line;
    });
  return { code: lines.join('\n'), marks };
}

/** Short stable hash for deterministic element ids. */
export function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
