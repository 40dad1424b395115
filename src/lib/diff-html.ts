// A file compared with its starter, as markup: the changed regions (lib/line-diff.ts) with two lines
// of context, added and removed lines marked in words for screen readers too. Pure; one renderer for
// the Explore panel's versions (at build time) and a shared link's code (in the page, sandbox-app.ts).
import { escapeHtml } from './html.ts';
import { diffLines, diffStats, hunks } from './line-diff.ts';

export interface FileDiff {
  file: string;
  stats: { added: number; removed: number };
  /** A <figure> per file; '' when the file is the starter unchanged. */
  html: string;
}

export function fileDiff(file: string, starter: string, text: string): FileDiff {
  const lines = diffLines(starter, text);
  const regions = hunks(lines, 2);
  const line = (l: (typeof lines)[number]) =>
    l.op === '+'
      ? `<ins class="xp-add"><span class="xp-mark" aria-hidden="true">+</span><span class="visually-hidden">added: </span>${escapeHtml(l.text)}\n</ins>`
      : l.op === '-'
        ? `<del class="xp-del"><span class="xp-mark" aria-hidden="true">-</span><span class="visually-hidden">removed: </span>${escapeHtml(l.text)}\n</del>`
        : `<span class="xp-same">${escapeHtml(l.text)}\n</span>`;
  const html = regions.length
    ? `<figure class="xp-diff-file"><figcaption>${escapeHtml(file)}, compared with the starter</figcaption>${regions
        .map(
          (h) =>
            `<pre class="xp-diff-hunk" tabindex="0" aria-label="${escapeHtml(`${file}, ${h.label}`)}"><code>${h.lines.map(line).join('')}</code></pre>`,
        )
        .join('')}</figure>`
    : '';
  return { file, stats: diffStats(lines), html };
}

/** 'store.ts (3 added, 1 removed); job.ts (1 added, 0 removed)': the summary of what changed. */
export function diffSummary(files: readonly FileDiff[]): string {
  return files.map((f) => `${f.file} (${f.stats.added} added, ${f.stats.removed} removed)`).join('; ');
}
