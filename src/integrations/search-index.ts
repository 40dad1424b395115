// Builds the site's search index with Pagefind after `astro build`: only lesson bodies
// (`data-pagefind-body`) are indexed, into dist/pagefind/, which the search dialog loads on demand.
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export function searchIndex(): AstroIntegration {
  return {
    name: 'leases-and-fences:search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pagefind = await import('pagefind');
        const site = fileURLToPath(dir);
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
          logger.info(`indexed ${added.page_count} page${added.page_count === 1 ? '' : 's'} for search`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
