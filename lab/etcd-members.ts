// Which etcd member each worker of the etcd sandboxes talks to. A lease ID is made by the member
// that receives the LeaseGrant: the low 16 bits of that member's ID first, then a timestamp and a
// counter (etcd's pkg/idutil). So leases from one member come out in increasing order, and leases
// from different members are ordered by the members' IDs. The simulator draws a member for each
// worker's client (the lesson's run, seed 7: A's on the member with the largest ID prefix, B's and
// C's on a smaller one); the lab gives each worker the real member of the same rank, ranking the
// real members by the ID of one lease granted at each.
import { Etcd3 } from 'etcd3';
import type { TraceEvent } from '../sandboxes/kit/types.ts';

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

/** When the simulator's run names no member for a worker: one member each, A's issuing the largest IDs. */
export const DEFAULT_RANKS: ReadonlyMap<string, number> = new Map([
  ['A', 0],
  ['B', 1],
  ['C', 2],
]);

/**
 * Per worker, the rank of the member its client talked to in a simulator run (0: the largest lease
 * IDs), read from the sessions the trace logs ("session <lease ID hex> done: ..."): a simulated lease
 * ID is the member's 16-bit prefix times 2^32 plus a counter (kit/kv.ts). Null if a worker opened no session.
 */
export function simulatorRanks(trace: readonly TraceEvent[], nodes: readonly string[]): Map<string, number> | null {
  const prefixOf = new Map<string, bigint>();
  for (const e of trace) {
    const m = e.kind === 'log' ? /^session ([0-9a-f]+) done/.exec(e.text) : null;
    if (m && !prefixOf.has(e.node)) prefixOf.set(e.node, BigInt(`0x${m[1]}`) >> 32n);
  }
  if (!nodes.every((n) => prefixOf.has(n))) return null;
  const prefixes = [...new Set(prefixOf.values())].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  return new Map(nodes.map((n) => [n, prefixes.indexOf(prefixOf.get(n)!)]));
}

/** Each worker's endpoint: the real member whose lease IDs rank as its member's did in the simulator. */
export async function memberPerWorker(
  endpoints: readonly string[],
  nodes: readonly string[],
  ranks: ReadonlyMap<string, number> = DEFAULT_RANKS,
): Promise<Map<string, string[]>> {
  const ranked = endpoints.length > 1 ? await byLeaseIdPrefix(endpoints) : [...endpoints];
  return new Map(nodes.map((node, i) => [node, [ranked[(ranks.get(node) ?? i) % ranked.length]!]]));
}
