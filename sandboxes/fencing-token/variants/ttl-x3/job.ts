// Variant ttl-x3: the starter with a lease three times as long. A longer TTL only asks for a
// longer pause: the stale write gets rarer, never impossible (and a crashed leader blocks longer).
import type { LockClient, Proc, StoreClient } from '../../../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 30_000); // was 10 s
  try {
    // ... work, possible pause ...
    const data = await work();
    console.log(`writing result.csv with token ${token}`);
    await store.put('result.csv', data, token);
  } finally {
    await lock.release('job-leader');
  }
}
