// Variant check-lease-before-put: ask the lock service "is the lease still mine?" right before
// writing. The answer is old when it arrives: a pause between the check and the write (here,
// while the answer is on its way back) lets the stale write through.
import type { LockClient, Proc, StoreClient } from '../../../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000);
  try {
    // ... work, possible pause ...
    const data = await work();
    if (!(await lock.isHeld('job-leader'))) {
      console.log('lease lost: not writing');
      return;
    }
    console.log(`still mine: writing result.csv with token ${token}`);
    await store.put('result.csv', data, token);
  } finally {
    await lock.release('job-leader');
  }
}
