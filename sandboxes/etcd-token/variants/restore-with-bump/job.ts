// job.ts — Snippet 2: the lock key's create revision (Election.Rev()) as the token.
import type { Etcd, Proc, StoreClient } from '../../../kit/index.ts';

export async function runJob(etcd: Etcd, store: StoreClient, { name, work, console }: Proc): Promise<void> {
  const session = await etcd.newSession({ ttl: 10 });
  try {
    const election = session.newElection('/job-leader');
    await election.campaign(name); // waits until our key is the oldest under /job-leader
    const token = election.rev(); // the create revision of our key: grows with every new leader
    const data = await work();
    console.log(`writing result.csv with token ${token}`);
    await store.put('result.csv', data, token);
    await election.resign();
  } finally {
    await session.close();
  }
}
