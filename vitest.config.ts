/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// One config, two projects: `unit` (node, includes Astro Container API component tests)
// and `e2e` (a real Chromium against the built site in dist/).
export default getViteConfig(
  {
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'node',
            include: ['test/**/*.test.ts'],
            exclude: ['test/e2e/**', 'test/lab/**'],
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        {
          // `npm run test:lab`: real etcd and PostgreSQL (see lab/); slow, one file at a time.
          extends: true,
          test: {
            name: 'lab',
            environment: 'node',
            include: ['test/lab/**/*.test.ts'],
            fileParallelism: false,
            testTimeout: 240_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  },
  { devToolbar: { enabled: false } },
);
