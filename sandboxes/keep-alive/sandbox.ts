// What this sandbox is, for the UI and the CLI.
import type { SandboxMeta } from '../kit/index.ts';

export const sandbox: SandboxMeta = {
  id: 'keep-alive',
  title: 'The lease keep-alive loop',
  editable: ['job.ts', 'store.ts'],
  readonly: [
    'scenario.ts',
    '../kit/split-brain.ts',
    '../kit/lock-client.ts',
    '../kit/lock-service.ts',
    '../kit/object-store.ts',
  ],
  entry: 'scenario.ts',
  defaultSeed: 7,
};
