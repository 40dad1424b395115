// What this sandbox is, for the UI and the CLI.
import type { SandboxMeta } from '../kit/index.ts';

export const sandbox: SandboxMeta = {
  id: 'ledger',
  title: 'A ledger the leader reads, then writes',
  editable: ['job.ts', 'store.ts'],
  readonly: ['scenario.ts', '../kit/read-modify-write.ts', '../kit/versioned-store.ts', '../kit/split-brain.ts'],
  entry: 'scenario.ts',
  defaultSeed: 7,
  // For exploring (`npm run sandbox -- ledger --explore 10000 --variant NAME`): each one is a small
  // change to job.ts / store.ts, in variants/NAME/ unless noted.
  variants: [
    {
      name: 'writes-only',
      description:
        'The starter: the store refuses a write whose token is below the highest it has accepted, and checks nothing on reads.',
    },
    {
      name: 'fenced-reads',
      description:
        'The read carries the token too, and the store raises its highest-seen token on reads, so a newer holder’s read fences the older one off (the solution).',
      dir: 'solution',
    },
    {
      name: 'register-first',
      description:
        'The new holder registers its token at the store before it reads (HDFS JournalNodes’ promised epoch); the store refuses anything older from then on.',
      dir: 'variants/register-first',
    },
    {
      name: 'cas-version',
      description:
        'No token at all: the write is a compare-and-set on the version it read (S3 If-Match, UPDATE … WHERE version = n, an etcd Txn on mod_revision), re-read and retried on a conflict.',
      dir: 'variants/cas-version',
    },
    {
      name: 'cas-plus-token',
      description:
        'Compare-and-set on the version, retried on a conflict, and the store’s highest-seen token check on writes.',
      dir: 'variants/cas-plus-token',
    },
  ],
};
