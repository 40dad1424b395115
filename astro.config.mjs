// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { site } from './src/site.config.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { snippetCodePlugin } from './src/lib/snippet-code-plugin.ts';
import { searchIndex } from './src/integrations/search-index.ts';

export default defineConfig({
  // One setting: the canonical origin lives in src/site.config.ts.
  site: site.url,
  output: 'static',
  trailingSlash: 'ignore',
  integrations: [mdx(), sitemap(), searchIndex()],
  // Cross-origin isolation for the sandboxes' WebContainer runner, in `astro dev` and `astro preview`
  // (production hosts: public/_headers).
  server: {
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  build: {
    // Small per-page CSS is inlined (no render-blocking request); bigger files stay external.
    inlineStylesheets: 'auto',
  },
  markdown: {
    // Astro 7's default Markdown/MDX processor, plus: fenced code inside <Snippet> becomes its go/ts props.
    processor: satteri({ mdastPlugins: [snippetCodePlugin] }),
    // Plain fenced code blocks in lessons (outside <Snippet>) get the same dual themes as Snippet.
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-default' }, // same as src/lib/highlight.ts (AA contrast)
      defaultColor: false,
    },
  },
});
