// The lock service (node 'lock'): leases with a TTL measured on the server's own clock from the
// moment of the grant, and a fencing token that increases with every grant.
import { LeaseLostError, LockHeldError } from './errors.ts';
import type { Reply } from './rpc.ts';
import type { Task } from './scheduler.ts';
import { LOCK_SERVICE, type NodeName } from './types.ts';
import type { NodeState, World } from './world.ts';

/** The first token granted; 33 echoes Kleppmann's example of a stale token. */
export const FIRST_TOKEN = 33;

interface Lease {
  holder: NodeName;
  token: number;
  ttlMs: number;
  expiresAt: number;
  /** The pending expiry, replaced on every renewal. */
  expiry: Task | null;
}

export class LockService {
  readonly node: NodeState;
  #w: World;
  #leases = new Map<string, Lease>();
  #nextToken = FIRST_TOKEN;
  /** One error value per (key, holder), like Go's sentinel errors: a waiting worker is refused often. */
  #refusals = new Map<string, LockHeldError>();

  constructor(w: World) {
    this.#w = w;
    this.node = w.node(LOCK_SERVICE);
  }

  acquire(client: NodeName, key: string, ttlMs: number): Reply<number> {
    const held = this.#leases.get(key);
    if (held) {
      this.#w.trace.emit(LOCK_SERVICE, 'refuse', { key, holder: client, heldBy: held.holder });
      return { text: `refused ${key}: held by ${held.holder}`, error: this.#heldError(key, held.holder) };
    }
    const token = this.#nextToken++;
    const lease: Lease = { holder: client, token, ttlMs, expiresAt: 0, expiry: null };
    this.#leases.set(key, lease);
    this.#w.latestGrant.set(client, token);
    this.#extend(key, lease);
    this.#w.trace.emit(LOCK_SERVICE, 'grant', { key, holder: client, token, expiresAt: lease.expiresAt });
    return { text: `granted ${key} token ${token}`, value: token };
  }

  renew(client: NodeName, key: string): Reply<number> {
    const lease = this.#leases.get(key);
    if (lease?.holder !== client) {
      this.#w.trace.emit(LOCK_SERVICE, 'renew-refused', { key, holder: client });
      return { text: `renew ${key} refused: not held`, error: new LeaseLostError(key) };
    }
    this.#extend(key, lease);
    this.#w.trace.emit(LOCK_SERVICE, 'renew', { key, holder: client, token: lease.token, expiresAt: lease.expiresAt });
    return { text: `renewed ${key} token ${lease.token}`, value: lease.token };
  }

  /** Releasing a lease you no longer hold is ignored (with a note), never taken from its new holder. */
  release(client: NodeName, key: string): Reply<void> {
    const lease = this.#leases.get(key);
    if (lease?.holder !== client) {
      const why = lease ? `held by ${lease.holder} (token ${lease.token})` : 'not held';
      this.#w.trace.emit(LOCK_SERVICE, 'log', { text: `release of ${key} by ${client} ignored: ${why}` });
      return { text: `release ${key} ignored` };
    }
    if (lease.expiry) lease.expiry.cancelled = true;
    this.#leases.delete(key);
    this.#w.trace.emit(LOCK_SERVICE, 'release', { key, holder: client, token: lease.token });
    return { text: `released ${key}` };
  }

  isHeld(client: NodeName, key: string): Reply<boolean> {
    const held = this.#leases.get(key)?.holder === client;
    return { text: held ? `${key}: yes, yours` : `${key}: not yours`, value: held };
  }

  #heldError(key: string, holder: NodeName): LockHeldError {
    const id = `${key}\0${holder}`;
    let error = this.#refusals.get(id);
    if (!error) this.#refusals.set(id, (error = new LockHeldError(key, holder)));
    return error;
  }

  #extend(key: string, lease: Lease): void {
    const { sched, trace } = this.#w;
    if (lease.expiry) lease.expiry.cancelled = true;
    lease.expiresAt = sched.now + lease.ttlMs;
    lease.expiry = sched.at(lease.expiresAt, this.node, () => {
      this.#leases.delete(key);
      trace.emit(LOCK_SERVICE, 'expire', { key, holder: lease.holder, token: lease.token });
    });
  }
}
