// Build-time syntax highlighting for <Snippet> (never shipped to the browser).
// Dual themes emitted as CSS variables, short because a lesson carries hundreds of tokens (--cl light,
// --cd dark: 0.3 KB gzip of a lesson's HTML against --shiki-light/--shiki-dark); global.css picks one
// from the site theme. Both themes were chosen for WCAG AA contrast on --code-bg and on
// highlighted lines (--code-line-hl).
import { createHighlighter, type Highlighter, type ShikiTransformer } from 'shiki';
import { prepareCode } from './code.ts';

export const CODE_THEMES = { light: 'github-light-high-contrast', dark: 'github-dark-default' } as const;
export const LANGS = { go: 'go', ts: 'typescript' } as const;

let highlighter: Promise<Highlighter> | undefined;
function getHighlighter() {
  highlighter ??= createHighlighter({
    themes: [CODE_THEMES.light, CODE_THEMES.dark],
    langs: Object.values(LANGS),
  });
  return highlighter;
}

export interface HighlightResult {
  html: string;
  /** The code as shown and copied (marks removed). */
  code: string;
  marks: Map<number, number>;
  lineCount: number;
}

function markTransformer(marks: Map<number, number>): ShikiTransformer {
  return {
    name: 'lf:marks',
    pre(node) {
      // The panel around <pre> is the focusable, labelled scroll region.
      delete node.properties.tabindex;
      delete node.properties.style;
    },
    line(node, line) {
      const mark = marks.get(line);
      if (mark === undefined) return;
      this.addClassToHast(node, 'hl');
      // Show the callout number only on the first line of a run with the same number.
      if (mark > 0 && marks.get(line - 1) !== mark) node.properties['data-mark'] = String(mark);
    },
  };
}

export async function highlight(source: string, lang: keyof typeof LANGS): Promise<HighlightResult> {
  const { code, marks } = prepareCode(source);
  const h = await getHighlighter();
  const html = h.codeToHtml(code, {
    lang: LANGS[lang],
    themes: { l: CODE_THEMES.light, d: CODE_THEMES.dark },
    cssVariablePrefix: '--c',
    defaultColor: false,
    // No time limit per line: Shiki's default (500 ms) stops tokenizing a line early on a busy machine
    // (the first line, while the grammar compiles) and colours the rest of it as one token, so the
    // page would depend on the machine's load.
    tokenizeTimeLimit: 0,
    transformers: [markTransformer(marks)],
  });
  return { html, code, marks, lineCount: code.split('\n').length };
}
