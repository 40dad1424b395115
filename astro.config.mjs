// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { site } from './src/site.config.ts';
import { satteri } from '@astrojs/markdown-satteri';
import { snippetCodePlugin } from './src/lib/snippet-code-plugin.ts';
import { sourceLocationPlugin } from './src/lib/source-location-plugin.ts';
import { baseLinkPlugin } from './src/lib/base-link-plugin.ts';
import { lessonCheck } from './src/check/integration.ts';

/**
 * Astro marks each content entry's `?astroPropagatedAssets` module with a "use astro:head-inject"
 * directive that nothing reads any more (head propagation is found by the module id since
 * withastro/astro#17095), and Rolldown warns, once per lesson, that it cannot keep it
 * (withastro/astro#18087): 200 lessons, 200 ten-line warnings burying real errors. Drop the
 * directive where it is made; the built pages do not change.
 */
const dropHeadInjectDirective = {
  name: 'lf:drop-head-inject-directive',
  enforce: /** @type {const} */ ('post'),
  transform: {
    filter: { id: /[?&]astroPropagatedAssets(?:&|=|$)/ },
    /** @param {string} code */
    handler(code) {
      return code.includes('"use astro:head-inject";')
        ? { code: code.replace('"use astro:head-inject";', ''), map: null }
        : undefined;
    },
  },
};
import { csp } from './src/integrations/csp.ts';
import { searchIndex } from './src/integrations/search-index.ts';
import { explorePool } from './src/integrations/explore-pool.ts';
import { precompiledKit } from './src/integrations/precompiled-kit.ts';

export default defineConfig({
  // One setting: the canonical URL (SITE_URL, src/site.config.ts) gives the site and the path it is
  // served under. Pages, assets and workers get the base from Astro; links written in code and in
  // lessons get it from withBase (src/lib/site-url.ts) and baseLinkPlugin.
  site: site.url,
  base: site.base,
  output: 'static',
  trailingSlash: 'ignore',
  // lessonCheck: the build refuses a lesson npm run check:lessons refuses (src/check/integration.ts).
  // csp(): the Content-Security-Policy, as a <meta> in every page and a line in dist/_headers.
  // searchIndex(): the Pagefind index of the lessons, for the header's search dialog.
  // explorePool(): <ExploreCount>'s thousands of runs in worker threads, cached on disk by content hash.
  integrations: [lessonCheck(), explorePool(), mdx(), sitemap(), csp(), searchIndex()],
  // Cross-origin isolation for the sandboxes' WebContainer runner, in `astro dev` and `astro preview`
  // (production hosts: public/_headers).
  server: {
    headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
  },
  // precompiledKit(): the kit compiled at build time for the sandbox worker (its first run skips sucrase).
  // bundlerTimings off: Rolldown's PLUGIN_TIMINGS advice times JavaScript hooks by the clock, so on a busy
  // machine it fires for Vite's and Astro's own hooks (vite:asset load, MDX) at any lesson count; nothing a
  // contributor can act on. Build time has a budget of its own: npm run bench:build.
  vite: {
    plugins: [dropHeadInjectDirective, precompiledKit()],
    // The table of contents' script is a file, not inlined in every lesson: cached across lessons, and its bytes
    // stay out of the lesson's 40 KB of HTML and CSS (undefined: Vite's usual 4 KB rule for everything else).
    build: {
      rolldownOptions: { checks: { bundlerTimings: false } },
      assetsInlineLimit: (/** @type {string} */ file) => (file.includes('/Toc.astro_') ? false : undefined),
    },
    worker: { plugins: () => [precompiledKit()], rolldownOptions: { checks: { bundlerTimings: false } } },
  },
  build: {
    // Every page's CSS is inlined. Linked, it left a window in which Chromium laid out the part of the page it had
    // parsed without any styles, content-visibility included (1,311 layout objects in one layout in a CI load,
    // against at most 626 in the loads measured with the CSS in the page); and one gzip stream packs HTML and CSS
    // smaller (leader-election 39,855 B at gzip -9, against 40,753 B for its HTML and two stylesheets). The cost:
    // a lesson's CSS (7.6 KB gzip) is fetched again with each page rather than cached once.
    inlineStylesheets: 'always',
  },
  markdown: {
    // Astro 7's default Markdown/MDX processor, plus: fenced code inside <Snippet> becomes its go/ts props,
    // each lesson component gets its file:line (so its prop errors name them), and links written from
    // the domain root (/lessons/…) get the site's base.
    processor: satteri({ mdastPlugins: [snippetCodePlugin, sourceLocationPlugin, baseLinkPlugin(site.base)] }),
    // Plain fenced code blocks in lessons (outside <Snippet>) get the same dual themes as Snippet.
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-default' }, // same as src/lib/highlight.ts (AA contrast)
      defaultColor: false,
    },
  },
});
