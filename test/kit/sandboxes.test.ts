import { describe, expect, it } from 'vitest';
import { runSandboxFromDisk } from '../../scripts/sandbox.ts';

describe('probe', () => {
  it('runs', async () => {
    const r = await runSandboxFromDisk('fencing-token', {});
    expect(r.verdict.kind).toBe('stale-write-accepted');
  });
});
