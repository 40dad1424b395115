// A line diff for showing what a variant changes: longest common subsequence over lines, then
// hunks with a little context. Pure; the files are small (tens of lines), so O(n·m) is fine.

export interface DiffLine {
  op: ' ' | '+' | '-';
  text: string;
  /** 1-based line numbers in the old / new file (absent for added / removed lines). */
  oldLine?: number;
  newLine?: number;
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = split(before);
  const b = split(after);
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..]
  const lcs: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: ' ', text: a[i]!, oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push({ op: '-', text: a[i]!, oldLine: i + 1 }); // removals before additions, as in `diff -u`
      i++;
    } else {
      out.push({ op: '+', text: b[j]!, newLine: j + 1 });
      j++;
    }
  }
  return out;
}

function split(s: string): string[] {
  const lines = s.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface Hunk {
  /** '@@ -3,7 +3,9 @@' style header, in words: 'lines 3–9'. */
  label: string;
  lines: DiffLine[];
}

/** Changed regions with `context` unchanged lines around each; [] when nothing changed. */
export function hunks(lines: readonly DiffLine[], context = 2): Hunk[] {
  const changed = lines.map((l, k) => (l.op === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (!changed.length) return [];
  const ranges: [number, number][] = [];
  for (const k of changed) {
    const lo = Math.max(0, k - context);
    const hi = Math.min(lines.length - 1, k + context);
    const last = ranges[ranges.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else ranges.push([lo, hi]);
  }
  return ranges.map(([lo, hi]) => {
    const slice = lines.slice(lo, hi + 1);
    const news = slice.map((l) => l.newLine).filter((x): x is number => x !== undefined);
    const label = news.length ? `lines ${news[0]}–${news[news.length - 1]}` : 'removed lines';
    return { label, lines: slice };
  });
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === '+') added++;
    else if (l.op === '-') removed++;
  }
  return { added, removed };
}
