// job.ts — the fix, client side: keep the fencing token acquire() returns and send it with the
// write. On its own this changes nothing; the store has to check it (solution/store.ts).
import type { LockClient, Proc, StoreClient } from '../../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000); // returns a monotonic token; throws if someone else leads
  try {
    // ... a few seconds of work, normally well inside the lease (a pause can still outlast it) ...
    const data = await work();
    console.log(`writing result.csv with token ${token}`);
    await store.put('result.csv', data, token); // the token travels with the write
  } finally {
    await lock.release('job-leader'); // Go: defer lock.Release("job-leader")
  }
}
