// Variant keep-alive-onlost: renew the lease in the background and skip the write once onLost
// has fired. A paused process neither renews nor hears the news, so after a long pause its
// overdue work finishes and the write goes out before onLost can run.
import type { LockClient, Proc, StoreClient } from '../../../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000);
  let leader = true;
  lock.keepAlive('job-leader', () => {
    leader = false;
    console.log('lost the lease');
  });
  try {
    // ... work, possible pause ...
    const data = await work();
    if (!leader) return;
    console.log(`still leader: writing result.csv with token ${token}`);
    await store.put('result.csv', data, token);
  } finally {
    await lock.release('job-leader');
  }
}
