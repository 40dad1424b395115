// "On this page" for a lesson: its h2 sections, and under each the sandboxes and Explore panels it
// holds (they render their own h3s, which the Markdown headings list never sees). Pure: MDX in, items out.

export interface TocItem {
  depth: 2 | 3;
  slug: string;
  text: string;
}

export interface TocNames {
  /** The heading a <Sandbox id="…"> shows (its title prop, else the sandbox's title). */
  sandbox(id: string, title: string | undefined): string;
  /** The heading an <Explore sandbox="…"> shows (its title prop, else the panel's default). */
  explore(id: string, title: string | undefined): string;
}

const COMPONENT = /<(Sandbox|Explore)\b([^>]*?)\/?>/g;
const ATTRIBUTE = /(\w+)=(?:"([^"]*)"|'([^']*)')/g;

function attributes(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) found[m[1]!] = m[2] ?? m[3] ?? '';
  return found;
}

/**
 * `headings` are the page's depth-2 sections in order (Markdown `## ` headings, the same ones Astro
 * lists); the body's `## ` lines outside code fences are matched to them one for one. A component
 * before the first `## ` belongs to the first section.
 */
export function lessonToc(
  body: string,
  headings: readonly { depth: number; slug: string; text: string }[],
  names: TocNames,
): TocItem[] {
  const sections = headings.filter((h) => h.depth === 2);
  const children: TocItem[][] = sections.map(() => []);
  let section = 0;
  let seen = 0;
  let fence: string | null = null;
  for (const line of body.split('\n')) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (/^## /.test(line)) {
      section = Math.min(seen, sections.length - 1);
      seen++;
      continue;
    }
    for (const m of line.matchAll(COMPONENT)) {
      const a = attributes(m[2]!);
      const item: TocItem | null =
        m[1] === 'Sandbox' && a.id
          ? { depth: 3, slug: `sbx-${a.id}-title`, text: names.sandbox(a.id, a.title) }
          : m[1] === 'Explore' && a.sandbox
            ? { depth: 3, slug: `xp-${a.sandbox}-title`, text: names.explore(a.sandbox, a.title) }
            : null;
      if (item && section >= 0 && children[section]) children[section]!.push(item);
    }
  }
  return sections.flatMap((h, i) => [{ depth: 2 as const, slug: h.slug, text: h.text }, ...children[i]!]);
}
