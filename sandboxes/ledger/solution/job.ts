// job.ts — fenced reads: the read carries the token too, so the store learns of the new holder
// before that holder acts on what it read.
import type { LockClient, Proc, VersionedStoreClient } from '../../kit/index.ts';

export async function runJob(lock: LockClient, store: VersionedStoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000);
  try {
    const ledger = await store.get('ledger', token); // the read is fenced too
    const entry = await work();
    console.log(`appending to ledger version ${ledger.version} with token ${token}`);
    await store.put('ledger', append(ledger.value, entry), { token });
  } finally {
    await lock.release('job-leader');
  }
}

function append(ledger: string, entry: string): string {
  return ledger ? `${ledger}\n${entry}` : entry;
}
