// Builds the site's search index with Pagefind after `astro build`: only lesson bodies
// (`data-pagefind-body`) are indexed, into dist/pagefind/, which the search dialog loads on demand.
// Indexing starts as soon as the pages are written (astro:build:generated) and runs in Pagefind's own
// process while the other integrations finish (the CSP step rewrites every page, atomically, with a
// <meta> Pagefind does not index); the build waits for it in astro:build:done. At 200 lessons that
// overlaps about 3 s of Pagefind's CPU with the rest of the build instead of adding it at the end.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Indexes the built site in `site`; resolves to the number of pages indexed. */
async function indexSite(site: string): Promise<number> {
  const pagefind = await import('pagefind');
  const { index, errors } = await pagefind.createIndex({
    forceLanguage: 'en',
    includeCharacters: '_',
    // Runnable code and explorer panels repeat the snippets; the lesson's prose and snippets are what to find.
    excludeSelectors: ['lf-sandbox', 'lf-explore', '.lesson-toc-inline', '.altitude'],
  });
  if (!index) throw new Error(`Search index: Pagefind could not start (${errors.join('; ')}).`);
  try {
    const added = await index.addDirectory({ path: site });
    if (added.errors.length) throw new Error(`Search index: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
    if (written.errors.length) throw new Error(`Search index: ${written.errors.join('; ')}`);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

export function searchIndex(): AstroIntegration {
  let indexing: Promise<number> | undefined;
  return {
    name: 'leases-and-fences:search-index',
    hooks: {
      'astro:build:generated': ({ dir }) => {
        indexing = indexSite(fileURLToPath(dir));
        indexing.catch(() => {}); // reported by astro:build:done, which awaits it
      },
      'astro:build:done': async ({ dir, logger }) => {
        const pages = await (indexing ?? indexSite(fileURLToPath(dir)));
        indexing = undefined;
        logger.info(`indexed ${pages} page${pages === 1 ? '' : 's'} for search`);
      },
    },
  };
}
