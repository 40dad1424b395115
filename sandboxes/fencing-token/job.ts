// job.ts — your code, a port of Snippet 2: the token from acquire() now reaches put().
// Workers A and B both run it (the scenario retries it while someone else leads).
// Run it and read the log: A's token 33 reaches the store after B's 34... and still lands.
// The fix is not in this file: open store.ts.
import type { LockClient, Proc, StoreClient } from '../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000); // returns a monotonic token; throws if someone else leads
  try {
    // ... work, possible pause ...
    const data = await work();
    console.log(`writing result.csv with token ${token}`);
    await store.put('result.csv', data, token); // token passed to the write
  } finally {
    await lock.release('job-leader'); // Go: defer lock.Release("job-leader")
  }
}
