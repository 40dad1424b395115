// What this sandbox is, for the UI and the CLI.
import type { SandboxMeta } from '../kit/index.ts';

export const sandbox: SandboxMeta = {
  id: 'fencing-token',
  title: 'Adding a fencing token',
  editable: ['job.ts', 'store.ts'],
  readonly: ['scenario.ts', '../kit/split-brain.ts', '../kit/lock-service.ts', '../kit/object-store.ts'],
  entry: 'scenario.ts',
  defaultSeed: 7,
  // For exploring (`npm run sandbox -- fencing-token --explore 10000 --variant NAME`): each one is a
  // small change to job.ts / store.ts, in variants/NAME/ unless noted.
  variants: [
    { name: 'no-fix', description: 'The starter: the token reaches the store, which only logs it.' },
    {
      name: 'ttl-x3',
      description: 'A 30 s lease instead of 10 s: only a longer pause gets through.',
      dir: 'variants/ttl-x3',
    },
    {
      name: 'check-lease-before-put',
      description: 'Ask the lock service whether the lease is still ours right before writing.',
      dir: 'variants/check-lease-before-put',
    },
    {
      name: 'keep-alive-onlost',
      description: 'Renew the lease every ttl/3 and skip the write once onLost has fired.',
      dir: 'variants/keep-alive-onlost',
    },
    {
      name: 'wall-clock-tokens',
      description: 'Tokens are the lease’s start time on the writer’s own (skewed) clock; the store keeps the latest.',
      dir: 'variants/wall-clock-tokens',
    },
    {
      name: 'token-check',
      description: 'The fix: the store refuses tokens below the highest it has accepted (the solution).',
      dir: 'solution',
    },
  ],
};
