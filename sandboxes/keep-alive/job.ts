// job.ts — your code, a port of Snippet 3: keep the lease alive, and stop before writing if it is lost.
// Workers A and B both run it (the scenario retries it while someone else leads).
// Run it and read the log: A renews nothing and checks nothing while paused. When it wakes, its
// overdue work finishes first, `leader` is still true, and the write is on its way before the
// keep-alive's deadline check (or the refused renewal) calls onLost. Try to fix it here... then fix
// it where the write lands: store.ts.
import type { LockClient, LostReason, Proc, StoreClient } from '../kit/index.ts';

export async function runJob(lock: LockClient, store: StoreClient, { work, console }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000); // throws if someone else leads
  let leader = true;
  keepLeadership(lock, 'job-leader', (why) => {
    leader = false; // we are no longer leader (or we stopped renewing)
    console.log(`keep-alive ended: ${why}`);
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

// Snippet 3's Go code waits on session.Done(), which closes when etcd's KeepAlive channel does;
// lock.keepAlive models that client (kit/lock-client.ts): renews at once, then ttl/3 after each ack,
// resends an unacknowledged renewal every 0.5 s, and calls onLost when the service
// says the lease is gone ('expired'), when no renewal was acknowledged for a whole TTL ('deadline'),
// or when it is stopped ('stopped': release() stops it, as a cancelled context closes etcd's
// channel). A paused node runs none of it.
function keepLeadership(lock: LockClient, key: string, onLost: (why: LostReason) => void): void {
  lock.keepAlive(key, onLost);
}
