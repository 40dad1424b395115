// job.ts — your code, a port of Snippet 3: keep the lease alive, and stop before writing if it is lost.
// Workers A and B both run it (the scenario retries it while someone else leads).
// Run it and read the log: A renews nothing and hears nothing while paused. When it wakes, its
// overdue work finishes first, `leader` is still true, and the write is on its way before the
// refused renewal comes back. Try to fix it here... then fix it where the write lands: store.ts.
import type { LockClient, Proc, StoreClient } from '../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000); // throws if someone else leads
  let leader = true;
  keepLeadership(lock, 'job-leader', () => {
    leader = false; // we are no longer leader
    console.log('lost the lease');
  });
  try {
    // ... work, possible pause ...
    const data = await work();
    if (!leader) return; // onLost fired: don't write
    console.log(`still leader: writing result.csv with token ${token}`);
    await store.put('result.csv', data, token);
  } finally {
    await lock.release('job-leader'); // Go: defer lock.Release("job-leader")
  }
}

// Go's keepLeadership reads etcd's KeepAlive channel and calls onLost when it closes.
// lock.keepAlive is that channel and loop in one: it renews every ttl/3 on this node and calls
// onLost when a renewal is refused. A paused node runs neither.
function keepLeadership(lock: LockClient, key: string, onLost: () => void): void {
  lock.keepAlive(key, onLost);
}
