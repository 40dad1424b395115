// Which etcd member each worker of the etcd sandboxes talks to. A lease ID is made by the member
// that receives the LeaseGrant: the low 16 bits of that member's ID first, then a timestamp and a
// counter (etcd's pkg/idutil). So leases from one member come out in increasing order, and leases
// from different members are ordered by the members' IDs. The lesson's run (seed 7) has A's client
// on the member with the largest ID prefix, B's on a smaller one and C's on the smallest; the lab
// does the same on a real cluster, by granting one lease at each member and ranking them by its ID.
import { Etcd3 } from 'etcd3';

/** The endpoints, the member issuing the largest lease IDs first. */
export async function byLeaseIdPrefix(endpoints: readonly string[]): Promise<string[]> {
  const ranked = await Promise.all(
    endpoints.map(async (endpoint) => {
      const client = new Etcd3({ hosts: [endpoint], dialTimeout: 5_000 });
      try {
        const { ID } = await client.leaseClient.leaseGrant({ TTL: 5, ID: 0 });
        await client.leaseClient.leaseRevoke({ ID });
        return { endpoint, id: BigInt(ID) };
      } finally {
        client.close();
      }
    }),
  );
  return ranked.sort((a, b) => (a.id > b.id ? -1 : a.id < b.id ? 1 : 0)).map((r) => r.endpoint);
}

/** Each worker's endpoint: A the member with the largest lease IDs, then B, then C (as the lesson's run draws them). */
export async function memberPerWorker(endpoints: readonly string[], nodes: readonly string[]): Promise<Map<string, string[]>> {
  const ranked = endpoints.length > 1 ? await byLeaseIdPrefix(endpoints) : [...endpoints];
  return new Map(nodes.map((node, i) => [node, [ranked[i % ranked.length]!]]));
}
