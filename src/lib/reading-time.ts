// Reading time of an MDX lesson, from its raw source: prose at a reading pace, code slower
// (people trace code line by line). Frontmatter `minutes` overrides the estimate.

/** Words per minute for prose. */
export const PROSE_WPM = 220;
/** "Words" (identifiers, keywords, numbers) per minute for code. */
export const CODE_WPM = 60;

export interface ReadingStats {
  proseWords: number;
  codeWords: number;
  minutes: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;
const countWords = (s: string) => s.match(WORD)?.length ?? 0;

/** Split MDX source into prose and code, dropping syntax that nobody reads. */
export function splitMdx(source: string): { prose: string; code: string } {
  let s = source.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n?/, ''); // frontmatter
  const code: string[] = [];
  // Fenced code blocks.
  s = s.replace(/^(```|~~~)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm, (_m, _f, body: string) => {
    code.push(body);
    return ' ';
  });
  // Template literals (e.g. <Snippet go={`...`} ts={`...`} />) hold code.
  s = s.replace(/`((?:\\[\s\S]|[^`\\])*)`/g, (_m, body: string) => {
    if (body.includes('\n')) {
      code.push(body);
      return ' ';
    }
    return body; // inline `code` reads as prose
  });
  s = s
    .replace(/\{\/\*[\s\S]*?\*\/\}/g, ' ') // MDX comments
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/^\s*(import|export)\s[^\n]*$/gm, ' ') // ESM
    .replace(/\b(?:id|class|name|lang|rows|highlight)=(?:"[^"]*"|'[^']*'|\{[^}]*\})/g, ' ') // machine-only attributes
    .replace(/<\/?[A-Za-z][\w.:-]*/g, ' ') // tag names
    .replace(/\b[\w-]+=(?=["'{])/g, ' ') // attribute names
    .replace(/(^|[{,\s])[A-Za-z_$][\w$]*\s*:(?=\s)/g, '$1 ') // object keys in props
    .replace(/\b(true|false|null|undefined)\b/g, ' ')
    .replace(/\]\([^)]*\)/g, ']') // markdown link targets
    .replace(/https?:\/\/\S+/g, ' ');
  return { prose: s, code: code.join('\n') };
}

export function readingStats(source: string, override?: number | null): ReadingStats {
  const { prose, code } = splitMdx(source);
  const proseWords = countWords(prose);
  const codeWords = countWords(code);
  const estimate = Math.max(1, Math.ceil(proseWords / PROSE_WPM + codeWords / CODE_WPM));
  const minutes = override != null && override > 0 ? Math.round(override) : estimate;
  return { proseWords, codeWords, minutes };
}

/** Minutes to read, e.g. 14. */
export function readingMinutes(source: string, override?: number | null): number {
  return readingStats(source, override).minutes;
}

/** "14 min read" */
export function formatMinutes(minutes: number): string {
  return `${minutes} min read`;
}
