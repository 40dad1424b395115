// A deliberately tiny inline-Markdown renderer for text passed to components as props
// (quiz options, feedback, snippet notes): `code`, **strong**, *em*, [text](https://url).
// Everything else is escaped, so props can never inject markup.
import { withBase } from './site-url.ts';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** `base`: the path the site is served under; links written from the domain root (`/lessons/…`) go under it. */
export function inlineMd(src: string, base = '/'): string {
  const parts = src.split(/(`[^`]+`)/g);
  return parts
    .map((part) => {
      if (part.length > 2 && part.startsWith('`') && part.endsWith('`')) {
        return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      }
      return escapeHtml(part)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?![*\w])/g, '$1<em>$2</em>')
        .replace(
          /\[([^\]]+)\]\((https?:\/\/[^\s)]+|\/[^\s)]*|#[^\s)]*)\)/g,
          (_m, text: string, href: string) => `<a href="${withBase(href, base)}">${text}</a>`,
        );
    })
    .join('');
}

/** Plain text (for ids, aria labels): inline markup removed. */
export function inlineText(src: string): string {
  return src
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\*([^*]+)\*/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
}
