// Variant keep-alive-onlost: renew the lease in the background (etcd-style: every ttl/3, retried,
// onLost at the client-side deadline) and skip the write once onLost has fired. A paused process
// neither renews nor checks, so after a long pause its overdue work finishes and the write goes
// out before onLost can run; a put stalled in the network lands whatever onLost says later.
import type { LockClient, Proc, StoreClient } from '../../../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000);
  let leader = true;
  lock.keepAlive('job-leader', (why) => {
    leader = false;
    console.log(`keep-alive ended: ${why}`);
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
