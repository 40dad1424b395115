// job.ts — compare-and-set on the version, no token: write only if the ledger is still at the
// version this job read; on a conflict, read again and append to what is there now.
import type { LockClient, Proc, VersionedStoreClient } from '../../../kit/index.ts';

const ATTEMPTS = 5;

export async function runJob(lock: LockClient, store: VersionedStoreClient, { work, console }: Proc): Promise<void> {
  await lock.acquire('job-leader', 10_000);
  try {
    let ledger = await store.get('ledger');
    const entry = await work();
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      console.log(`appending to ledger if it is still at version ${ledger.version}`);
      const put = await store.put('ledger', append(ledger.value, entry), { ifVersion: ledger.version });
      if (put.ok) return;
      ledger = await store.get('ledger'); // someone wrote since: start again from what is there now
    }
    console.log(`steps down after ${ATTEMPTS} conflicts`);
  } finally {
    await lock.release('job-leader');
  }
}

function append(ledger: string, entry: string): string {
  return ledger ? `${ledger}\n${entry}` : entry;
}
