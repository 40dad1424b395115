// job.ts — your code, the TypeScript port of Snippet 1: read the ledger, compute an entry, write it back.
// Workers A and B both run it (the scenario retries it while someone else leads).
// The store checks the token on the write, as lesson 1 taught. Run it and read the log: A's write
// lands between B's read and B's write, and B's write then replaces a version B never read.
import type { LockClient, Proc, VersionedStoreClient } from '../kit/index.ts';

export async function runJob(lock: LockClient, store: VersionedStoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000); // a monotonic fencing token; throws if someone else leads
  try {
    const ledger = await store.get('ledger'); // read: { value, version }
    const entry = await work(); // compute (a pause can strike here)
    console.log(`appending to ledger version ${ledger.version} with token ${token}`);
    await store.put('ledger', append(ledger.value, entry), { token }); // write: the store checks the token
  } finally {
    await lock.release('job-leader');
  }
}

function append(ledger: string, entry: string): string {
  return ledger ? `${ledger}\n${entry}` : entry;
}
