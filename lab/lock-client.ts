// The LockClient the reader's runJob gets in a lab worker, over a real etcd (the `etcd3` client):
// a lease with a TTL, the lock as a transaction on the lock key (create it, bound to the lease, only
// if it does not exist), the token the key's create revision (etcd's own fencing number), and
// keepAlive renewing every ttl/3 and calling onLost from the client's own deadline (last renewal
// sent + TTL), as etcd's Go client does. Every step is reported as a trace event.
import type { Etcd3, Lease } from 'etcd3';
import { LeaseLostError, LockHeldError, RpcTimeoutError } from '../sandboxes/kit/errors.ts';
import type { LockClient, LostReason } from '../sandboxes/kit/lock-client.ts';
import { LOCK_SERVICE, type NodeName } from '../sandboxes/kit/types.ts';
import type { LessonClock } from './lesson-clock.ts';

/** Records one event: (node, kind, fields) at the current lesson time. */
export type Emit = (node: NodeName, kind: string, fields?: Record<string, unknown>) => void;

interface Held {
  lease: Lease;
  token: number;
  ttlMs: number;
  stopKeepAlive?: () => void;
}

export interface EtcdLockClient extends LockClient {
  /** Ground truth for the judge: the token of this worker's most recent grant. */
  latestToken(): number | null;
  /** Revisions at which this worker deleted its own lock key (a release, not an expiry). */
  onReleased?: (revision: number) => void;
}

export interface EtcdLockOptions {
  etcd: Etcd3;
  node: NodeName;
  /** Prefix of every key this run uses, so runs never see each other's locks. */
  prefix: string;
  clock: LessonClock;
  emit: Emit;
  /** Calls a reader callback (onLost); a throw there is the reader's error. */
  guard: (fn: () => void) => void;
  onReleased: (revision: number) => void;
}

/** etcd leases are whole seconds: the lesson's TTL at this scale, rounded up. */
export function etcdTtlSeconds(ttlMs: number, scale: number): number {
  return Math.max(1, Math.ceil(ttlMs / scale / 1000 - 1e-9));
}

const asRpcError = (request: string, err: unknown) => {
  if (err instanceof LeaseLostError || err instanceof LockHeldError) return err;
  const e = new RpcTimeoutError(LOCK_SERVICE, request);
  e.message += ` (${(err as Error)?.message ?? String(err)})`;
  return e;
};

/** etcd raises a TTL below its minimum (2 s with its default 1 s election timeout) without saying so. */
export class TtlTooShortError extends Error {
  constructor(ttlMs: number, scale: number, asked: number, granted: number) {
    super(
      `etcd granted a ${granted} s lease where ${asked} s was asked (its minimum lease TTL): the ${ttlMs / 1000} s lease at time scale ${scale} is too short for a real etcd; use a smaller --scale`,
    );
    this.name = 'TtlTooShortError';
  }
}

export function etcdLockClient({
  etcd,
  node,
  prefix,
  clock,
  emit,
  guard,
  onReleased,
}: EtcdLockOptions): EtcdLockClient {
  const held = new Map<string, Held>();
  const ttlChecked = new Set<number>();
  let latest: number | null = null;
  const full = (key: string) => `${prefix}${key}`;

  async function renewOnce(key: string, h: Held): Promise<number> {
    const sentAt = clock.now();
    let ttl: number;
    try {
      const res = await h.lease.keepaliveOnce();
      ttl = Number(res.TTL);
    } catch (err) {
      if ((err as Error)?.name === 'EtcdLeaseInvalidError') ttl = 0;
      else throw asRpcError(`renew ${key}`, err);
    }
    if (ttl <= 0) {
      emit(LOCK_SERVICE, 'renew-refused', { key, holder: node });
      throw new LeaseLostError(key);
    }
    // etcd answers with the TTL it restarted; the client counts it from when it sent the renewal.
    emit(LOCK_SERVICE, 'renew', { key, holder: node, token: h.token, expiresAt: sentAt + ttl * 1000 * clock.scale });
    return ttl;
  }

  return {
    latestToken: () => latest,

    async acquire(key, ttlMs) {
      const ttlSec = etcdTtlSeconds(ttlMs, clock.scale);
      const lease = etcd.lease(ttlSec, { autoKeepAlive: false });
      lease.on('lost', () => {}); // reported through keepAlive/renew, not as an unhandled event
      const sentAt = clock.now();
      let id: string;
      try {
        id = await lease.grant();
      } catch (err) {
        throw asRpcError(`acquire ${key}`, err);
      }
      const k = full(key);
      let res;
      try {
        res = await etcd.if(k, 'Create', '==', 0).then(etcd.put(k).value(node).lease(id)).else(etcd.get(k)).commit();
      } catch (err) {
        void lease.revoke().catch(() => {});
        throw asRpcError(`acquire ${key}`, err);
      }
      if (!res.succeeded) {
        void lease.revoke().catch(() => {});
        const kv = res.responses[0]?.response_range?.kvs?.[0];
        const holder = kv ? kv.value.toString() : '(gone)';
        emit(LOCK_SERVICE, 'refuse', { key, holder: node, heldBy: holder });
        throw new LockHeldError(key, holder);
      }
      if (!ttlChecked.has(ttlSec)) {
        // Once per TTL, after the lock is taken (not to slow the race for it): did etcd grant the TTL
        // asked for? A raised TTL would silently stretch the lesson's lease.
        const { grantedTTL } = await etcd.leaseClient.leaseTimeToLive({ ID: id });
        if (Number(grantedTTL) > ttlSec) throw new TtlTooShortError(ttlMs, clock.scale, ttlSec, Number(grantedTTL));
        ttlChecked.add(ttlSec);
      }
      const token = Number(res.header.revision); // the revision that created the key: its create_revision
      held.set(key, { lease, token, ttlMs });
      latest = token;
      emit(LOCK_SERVICE, 'grant', { key, holder: node, token, expiresAt: sentAt + ttlSec * 1000 * clock.scale });
      return token;
    },

    async release(key) {
      const h = held.get(key);
      held.delete(key);
      h?.stopKeepAlive?.();
      const k = full(key);
      try {
        // Delete the key only if it is still the one this worker created (its token).
        const res = await etcd
          .if(k, 'Create', '==', h ? h.token : -1)
          .then(etcd.delete().key(k))
          .else(etcd.get(k))
          .commit();
        if (res.succeeded && h) {
          onReleased(Number(res.header.revision));
          emit(LOCK_SERVICE, 'release', { key, holder: node, token: h.token });
        } else {
          const kv = res.responses[0]?.response_range?.kvs?.[0];
          const why = kv ? `held by ${kv.value.toString()} (token ${kv.create_revision})` : 'not held';
          emit(LOCK_SERVICE, 'log', { text: `release of ${key} by ${node} ignored: ${why}` });
        }
      } catch (err) {
        throw asRpcError(`release ${key}`, err);
      } finally {
        if (h) void h.lease.revoke().catch(() => {});
      }
    },

    async renew(key) {
      const h = held.get(key);
      if (!h) {
        emit(LOCK_SERVICE, 'renew-refused', { key, holder: node });
        throw new LeaseLostError(key);
      }
      await renewOnce(key, h);
      return h.token;
    },

    async isHeld(key) {
      const h = held.get(key);
      try {
        const res = await etcd.get(full(key)).exec();
        const kv = res.kvs[0];
        return !!h && !!kv && Number(kv.create_revision) === h.token && kv.value.toString() === node;
      } catch (err) {
        throw asRpcError(`is ${key} mine?`, err);
      }
    },

    keepAlive(key, onLost) {
      const h = held.get(key);
      if (!h) throw new Error(`keepAlive("${key}") before acquire("${key}")`);
      const ttlReal = clock.real(h.ttlMs);
      let stopped = false;
      let deadline: NodeJS.Timeout;
      // Like the kit's keep-alive (and etcd's closed channel): onLost runs once, with why.
      const lost = (reason: LostReason) => {
        if (stopped) return;
        halt();
        emit(node, 'lost', { key, reason });
        guard(() => onLost(reason));
      };
      // The client's own deadline: if no renewal has succeeded TTL after the last one was sent, the
      // lease is gone as far as this process can tell. (Timers of a stopped process fire late.)
      const arm = (ms: number) => {
        clearTimeout(deadline);
        deadline = setTimeout(() => lost('deadline'), ms);
      };
      const tick = () => {
        const sent = performance.now();
        renewOnce(key, h).then(
          (ttl) => {
            if (!stopped) arm(ttl * 1000 - (performance.now() - sent));
          },
          (err) => {
            if (err instanceof LeaseLostError) lost('expired');
            // a lost message: the deadline decides
          },
        );
      };
      const interval = setInterval(tick, ttlReal / 3);
      arm(ttlReal);
      const halt = () => {
        stopped = true;
        clearInterval(interval);
        clearTimeout(deadline);
      };
      const stop = () => lost('stopped');
      h.stopKeepAlive = stop;
      return stop;
    },
  };
}
