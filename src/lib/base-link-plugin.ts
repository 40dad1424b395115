// Markdown plugin: links a lesson writes from the domain root, `[next](/lessons/x/)`, `[ref]: /lab/`,
// `![](/og.png)` or `<a href="/fault-model/">`, get the path the site is served under (Astro's base,
// from SITE_URL), so they work on a GitHub Pages project site too. Authors keep writing /lessons/…;
// the lesson checker (src/check/lesson-check.ts) validates those links as written, before this runs.
// Sätteri mdast visitor, like snippet-code-plugin.ts.
import type { MdastPluginDefinition } from 'satteri';
import { withBase } from './site-url.ts';
import type { MdNode } from './snippet-code-plugin.ts';

/** A copy of a JSX `<a>`/`<img>` whose root-relative href/src is under the base, or null if none is (pure; exported for tests). */
export function jsxWithBase(node: MdNode, base: string): MdNode | null {
  if (node.name !== 'a' && node.name !== 'img') return null;
  let changed = false;
  const attributes = (node.attributes ?? []).map((a) => {
    if ((a.name !== 'href' && a.name !== 'src') || typeof a.value !== 'string') return a;
    const value = withBase(a.value, base);
    if (value === a.value) return a;
    changed = true;
    return { ...a, value };
  });
  return changed ? { ...node, attributes } : null;
}

/** The plugin for a site served under `base` ('/' or '/repo/'); at '/' it changes nothing. */
export function baseLinkPlugin(base: string): MdastPluginDefinition {
  return {
    name: 'lf:base-link',
    link(node, ctx) {
      if (withBase(node.url, base) !== node.url) ctx.setProperty(node, 'url', withBase(node.url, base));
    },
    image(node, ctx) {
      if (withBase(node.url, base) !== node.url) ctx.setProperty(node, 'url', withBase(node.url, base));
    },
    definition(node, ctx) {
      if (withBase(node.url, base) !== node.url) ctx.setProperty(node, 'url', withBase(node.url, base));
    },
    mdxJsxFlowElement(node, ctx) {
      const next = jsxWithBase(node as unknown as MdNode, base);
      if (next) ctx.replaceNode(node, next as unknown as typeof node);
    },
    mdxJsxTextElement(node, ctx) {
      const next = jsxWithBase(node as unknown as MdNode, base);
      if (next) ctx.replaceNode(node, next as unknown as typeof node);
    },
  };
}
