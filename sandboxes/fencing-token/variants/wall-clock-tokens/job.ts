// Variant wall-clock-tokens: use the time the lease was taken, on this node's own clock, as the
// token. Clocks disagree (each node's is skewed), so a deposed leader with a fast clock can
// outrank its successor, and a leader with a slow clock can be refused.
import type { LockClient, Proc, StoreClient } from '../../../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, now, console }: Proc): Promise<void> {
  await lock.acquire('job-leader', 10_000);
  const stamp = now(); // "when my lease began", by my clock
  try {
    // ... work, possible pause ...
    const data = await work();
    console.log(`writing result.csv stamped ${stamp}`);
    await store.put('result.csv', data, stamp);
  } finally {
    await lock.release('job-leader');
  }
}
