// Pagefind results → what the search dialog lists. Pure: the excerpt keeps only Pagefind's <mark>
// highlights, everything else is escaped, so indexed text can never become markup.
import { escapeHtml } from './inline-md.ts';

/** The fields of a Pagefind result's `data()` that the dialog uses. */
export interface PagefindData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: { title: string; url: string; excerpt: string }[];
}

export interface SearchHit {
  title: string;
  url: string;
  /** Safe HTML: escaped text with <mark> around the matched words. */
  excerpt: string;
  /** Sections of the page that matched (heading anchors), at most three, the page's own top skipped. */
  sections: { title: string; url: string }[];
}

/** Pagefind's excerpt as safe HTML: entities it wrote are decoded, then all is escaped but <mark>. */
export function safeExcerpt(excerpt: string): string {
  const text = excerpt
    .replace(/<(?!\/?mark>)[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&');
  return text
    .split(/(<\/?mark>)/)
    .map((part) => (part === '<mark>' || part === '</mark>' ? part : escapeHtml(part)))
    .join('');
}

/** Only same-site paths are followed from a result; anything else becomes the home page. */
function sitePath(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

export function toHit(data: PagefindData): SearchHit {
  const page = sitePath(data.url);
  const sections = (data.sub_results ?? [])
    .filter((s) => sitePath(s.url) !== page && s.url.includes('#'))
    .slice(0, 3)
    .map((s) => ({ title: s.title, url: sitePath(s.url) }));
  return { title: data.meta.title?.trim() || page, url: page, excerpt: safeExcerpt(data.excerpt), sections };
}

/** The status line under the search box. */
export function resultsSummary(query: string, count: number): string {
  if (!query.trim()) return 'Type to search the lessons.';
  if (count === 0) return `No lesson mentions “${query.trim()}”.`;
  return `${count} ${count === 1 ? 'lesson matches' : 'lessons match'} “${query.trim()}”.`;
}
