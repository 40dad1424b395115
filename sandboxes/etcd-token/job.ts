// job.ts — your code, a port of Snippet 1: etcd's Mutex, and the session's lease ID as the token.
// Workers A, B and C run it. Run it, then read the log: which lease ID is higher, A's or B's?
import type { Etcd, Proc, StoreClient } from '../kit/index.ts';

export async function runJob(etcd: Etcd, store: StoreClient, { work, console }: Proc): Promise<void> {
  const session = await etcd.newSession({ ttl: 10 }); // Go: concurrency.NewSession(cli, concurrency.WithTTL(10))
  try {
    const mutex = session.newMutex('/job-leader');
    await mutex.lock(); // waits until our key has the lowest create revision under /job-leader
    const token = session.lease(); // the lease ID as the fencing token
    const data = await work();
    console.log(`writing result.csv with token ${token}`);
    await store.put('result.csv', data, token);
    await mutex.unlock();
  } finally {
    await session.close(); // Go: defer s.Close()
  }
}
