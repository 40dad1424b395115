// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';

export default defineConfig({
  site: 'https://leases-and-fences.example.org',
  output: 'static',
  integrations: [mdx(), sitemap()],
});
