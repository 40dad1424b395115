// job.ts — register first: before it reads, the new holder tells the store its token (HDFS's
// JournalNodes promise a new writer's epoch before it may write). Reads carry no token.
import type { LockClient, Proc, VersionedStoreClient } from '../../../kit/index.ts';

export async function runJob(lock: LockClient, store: VersionedStoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000);
  try {
    await store.register('ledger', token); // from now on the store refuses older tokens
    const ledger = await store.get('ledger');
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
