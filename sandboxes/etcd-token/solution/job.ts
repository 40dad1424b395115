// job.ts — the fix (Snippet 3): the result lives in etcd, and it is written in a transaction whose
// If is mutex.isOwner(): "my lock key still exists with the create revision I locked with". A
// deposed holder's key is gone (its lease expired), so its write is refused however early it comes.
import type { Etcd, Proc, StoreClient } from '../../kit/index.ts';

export async function runJob(etcd: Etcd, _store: StoreClient, { work, console }: Proc): Promise<void> {
  const session = await etcd.newSession({ ttl: 10 });
  try {
    const mutex = session.newMutex('/job-leader');
    await mutex.lock();
    const data = await work();
    const resp = await etcd.txn({ if: [mutex.isOwner()], then: [{ type: 'put', key: '/jobs/result', value: data }] });
    if (!resp.succeeded) console.log('not the owner any more: the write was refused');
    await mutex.unlock();
  } finally {
    await session.close();
  }
}
