// job.ts — your code, a port of Snippet 1: acquire the lock, do the work, write the result.
// Workers A and B both run it (the scenario retries it while someone else leads).
// Run it and read the log: A's lease expires while A is paused, B takes over and writes,
// then A wakes up and writes too. Try: find something the store could use to tell A's late
// write from B's. acquire() returns a value this code ignores; Snippet 2, next, is about it.
import type { LockClient, Proc, StoreClient } from '../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  await lock.acquire('job-leader', 10_000); // throws if someone else leads
  try {
    // ... a few seconds of work, normally well inside the lease; the process may pause here ...
    const data = await work();
    console.log('writing result.csv');
    await store.put('result.csv', data); // write to shared storage
  } finally {
    await lock.release('job-leader'); // Go: defer lock.Release("job-leader")
  }
}
