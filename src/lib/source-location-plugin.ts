// Markdown plugin: gives every lesson component a hidden `lfSource` prop, "lessons/x/index.mdx:12:1",
// so a component that refuses its props (src/lib/component-props.ts parseProps) names the lesson
// file and line, not only the route. Sätteri mdast visitor, like snippet-code-plugin.ts.
import type { MdastPluginDefinition } from 'satteri';
import { LESSON_COMPONENTS, SOURCE_PROP } from './component-props.ts';
import type { MdNode } from './snippet-code-plugin.ts';

/** The file as a contributor names it: relative to the project (the build runs from its root). */
export function displayPath(fileURL: URL | undefined, cwd: string): string {
  if (!fileURL) return 'lesson';
  const path = decodeURIComponent(fileURL.pathname);
  const root = cwd.replace(/\\/g, '/').replace(/\/?$/, '/');
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/** A copy of the element with the source prop added (pure; exported for tests). */
export function withSourceProp(node: MdNode, file: string): MdNode {
  const start = node.position?.start;
  const where = `${file}:${start?.line ?? 1}:${start?.column ?? 1}`;
  return {
    ...node,
    attributes: [...(node.attributes ?? []), { type: 'mdxJsxAttribute', name: SOURCE_PROP, value: where }],
  };
}

const isComponent = (node: MdNode) =>
  (LESSON_COMPONENTS as readonly string[]).includes(node.name ?? '') &&
  !(node.attributes ?? []).some((a) => a.name === SOURCE_PROP);

export const sourceLocationPlugin: MdastPluginDefinition = {
  name: 'lf:source-location',
  // Sätteri records node positions only when a plugin asks for them.
  options: { position: true },
  mdxJsxFlowElement(node, ctx) {
    const el = node as unknown as MdNode;
    if (isComponent(el))
      ctx.replaceNode(node, withSourceProp(el, displayPath(ctx.fileURL, process.cwd())) as unknown as typeof node);
  },
  mdxJsxTextElement(node, ctx) {
    const el = node as unknown as MdNode;
    if (isComponent(el))
      ctx.replaceNode(node, withSourceProp(el, displayPath(ctx.fileURL, process.cwd())) as unknown as typeof node);
  },
};
