// Markdown plugin: lets contributors write <Snippet> code as ordinary fenced code blocks.
//
//   <Snippet title="…" notes={[…]}>
//   ```go
//   func runJob(…) error {
//   ```
//   ```ts
//   async function runJob(…) {
//   ```
//   </Snippet>
//
// The fences inside <Snippet> become its `go` / `ts` string props before any highlighting, so the
// code reaches the component byte for byte (code written inside MDX expressions loses leading tabs).
// Astro 7 compiles MDX with Sätteri, whose mdast plugins are visitor objects; the transform
// itself (`snippetWithCodeProps`) is a pure function on mdast-shaped nodes.

import type { MdastPluginDefinition } from 'satteri';

export interface MdNode {
  type: string;
  name?: string | null;
  lang?: string | null;
  value?: string;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: MdNode[];
  position?: { start: { line: number; column?: number } };
}

const LANG_PROP: Record<string, 'go' | 'ts'> = { go: 'go', golang: 'go', ts: 'ts', typescript: 'ts' };

/** A copy of a <Snippet> element whose fenced code children became `go` / `ts` attributes. */
export function snippetWithCodeProps(node: MdNode, where = 'lesson'): MdNode {
  const attributes = [...(node.attributes ?? [])];
  const children: MdNode[] = [];
  for (const child of node.children ?? []) {
    if (child.type !== 'code') {
      children.push(child);
      continue;
    }
    const prop = LANG_PROP[(child.lang ?? '').toLowerCase()];
    const at = `${where}:${child.position?.start.line ?? '?'}`;
    if (!prop) {
      throw new Error(
        `${at}: a code block inside <Snippet> must be \`\`\`go or \`\`\`ts (got ${JSON.stringify(child.lang ?? '')}).`,
      );
    }
    if (attributes.some((a) => a.name === prop)) {
      throw new Error(`${at}: this <Snippet> already has ${prop === 'go' ? 'Go' : 'TypeScript'} code.`);
    }
    attributes.push({ type: 'mdxJsxAttribute', name: prop, value: child.value ?? '' });
  }
  return { ...node, attributes, children };
}

const isSnippet = (node: MdNode) => node.name === 'Snippet' && (node.children ?? []).some((c) => c.type === 'code');

/** Sätteri mdast plugin (markdown.processor: satteri({ mdastPlugins: [snippetCodePlugin] })). */
export const snippetCodePlugin: MdastPluginDefinition = {
  name: 'lf:snippet-code',
  mdxJsxFlowElement(node, ctx) {
    const el = node as unknown as MdNode;
    if (isSnippet(el)) ctx.replaceNode(node, snippetWithCodeProps(el) as unknown as typeof node);
  },
};
