// What this sandbox is, for the UI and the CLI.
import type { SandboxMeta } from '../kit/index.ts';

export const sandbox: SandboxMeta = {
  id: 'etcd-token',
  title: 'A token from etcd',
  editable: ['job.ts', 'store.ts', 'ops.ts'],
  readonly: ['scenario.ts', '../kit/etcd-split-brain.ts', '../kit/etcd-client.ts', '../kit/kv.ts'],
  entry: 'scenario.ts',
  defaultSeed: 7,
  // For exploring (`npm run sandbox -- etcd-token --explore 10000 --variant NAME`): each one replaces
  // job.ts / store.ts / ops.ts with the files in its folder; one with a `base` starts from that
  // variant's files (the restores keep create-revision's job.ts and change only ops.ts).
  variants: [
    {
      name: 'lease-id',
      description: 'The starter: the session’s lease ID is the token, and the store keeps the highest it has accepted.',
    },
    {
      name: 'create-revision',
      description:
        'The lock key’s create revision (Election.Rev()) is the token; the store keeps the highest it has accepted.',
      dir: 'variants/create-revision',
    },
    {
      name: 'is-owner-txn',
      description:
        'The result goes into etcd in a Txn whose If is mutex.IsOwner(): written only while the lock key is still ours (the solution).',
      dir: 'solution',
    },
    {
      name: 'restore-without-bump',
      description:
        'Create revision as token, and the etcd cluster is restored from an older snapshot at 25 s without --bump-revision.',
      base: 'create-revision',
      dir: 'variants/restore-without-bump',
    },
    {
      name: 'restore-with-bump',
      description: 'The same restore with --bump-revision 1000: revisions stay above every one issued before.',
      base: 'create-revision',
      dir: 'variants/restore-with-bump',
    },
  ],
};
