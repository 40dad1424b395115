// What a worker's code sees of the lock service. Every call is a request/reply over the network;
// keepAlive() follows etcd's Go client (client/v3/lease.go): renewals every TTL/3, retried until
// acknowledged, and a client-side deadline of last ack + TTL that closes the keep-alive.
import { rpc, type Reply } from './rpc.ts';
import type { LockService } from './lock-service.ts';
import type { Network } from './network.ts';
import type { Task } from './scheduler.ts';
import type { NodeState, World } from './world.ts';

/**
 * Why a keep-alive ended, as etcd's client closes its KeepAlive channel:
 * - 'expired': the service answered a renewal that the lease is gone (etcd: a response with TTL 0);
 * - 'deadline': no renewal was acknowledged for a whole TTL (etcd's deadlineLoop);
 * - 'stopped': the keep-alive was stopped (its stop function, or release()): etcd's context ended.
 */
export type LostReason = 'expired' | 'deadline' | 'stopped';

/** etcd's sendKeepAliveLoop wakes every 500 ms (retryConnWait) and sends every renewal that is due. */
export const KEEPALIVE_POLL_MS = 500;
/** etcd's deadlineLoop wakes every second and closes keep-alives whose deadline has passed. */
export const DEADLINE_CHECK_MS = 1_000;
/** The deadline before the first ack: etcd's defaultTTL, used when the client sets no dial timeout. */
export const FIRST_KEEPALIVE_TIMEOUT_MS = 5_000;

export interface LockClient {
  /** Grants a lease on `key` for `ttlMs` and returns its fencing token; throws LockHeldError if someone holds it. */
  acquire(key: string, ttlMs: number): Promise<number>;
  /** Gives the lease back (ignored by the service if it is no longer yours). Stops its keep-alive first. */
  release(key: string): Promise<void>;
  /** Extends your lease by its TTL from when the service handles the request; throws LeaseLostError if it is gone. */
  renew(key: string): Promise<number>;
  /** Asks the service whether you hold `key` right now. The answer is already old when it arrives. */
  isHeld(key: string): Promise<boolean>;
  /**
   * Keeps the lease alive in the background, as etcd's client does: the first renewal goes out at
   * once; each ack schedules the next one TTL/3 later and moves the client-side deadline to
   * ack time + TTL. A renewal that gets no ack is sent again every 0.5 s. `onLost(reason)` runs once,
   * when the service says the lease is gone, when a check (once a second) finds the deadline passed,
   * or when the keep-alive is stopped (the returned function, or release()).
   * The service counts the TTL from when it handled the renewal, earlier than the ack reaches the
   * client, so the client's deadline can pass after the lease has already expired on the service.
   * Everything runs on this node: a paused node neither renews nor checks nor hears, until it resumes.
   */
  keepAlive(key: string, onLost: (reason: LostReason) => void): () => void;
}

export function lockClient(w: World, net: Network, node: NodeState, service: LockService): LockClient {
  const ttls = new Map<string, number>();
  const keepAlives = new Map<string, () => void>();
  const call = <T>(request: string, serve: () => Reply<T>) =>
    w.call<T>(node, (settle) => rpc(w, net, node, service.node, request, serve, settle));

  return {
    acquire(key, ttlMs) {
      ttls.set(key, ttlMs);
      return call(`acquire ${key} ttl ${ttlMs} ms`, () => service.acquire(node.name, key, ttlMs));
    },
    release(key) {
      keepAlives.get(key)?.();
      return call(`release ${key}`, () => service.release(node.name, key));
    },
    renew(key) {
      return call(`renew ${key}`, () => service.renew(node.name, key));
    },
    isHeld(key) {
      return call(`is ${key} mine?`, () => service.isHeld(node.name, key));
    },
    keepAlive(key, onLost) {
      const ttlMs = ttls.get(key);
      if (ttlMs === undefined) throw new Error(`keepAlive("${key}") before acquire("${key}")`);
      const { sched, trace } = w;
      // The two loops tick at origin + k * period; only the ticks that can act are scheduled.
      const origin = sched.now;
      // (A tick computed a hair early by floating point moves one period on: never a tick at or before t.)
      const tickAtOrAfter = (period: number, t: number) => {
        const at = origin + Math.ceil((t - origin) / period) * period;
        return at < t ? at + period : at;
      };
      const tickAfter = (period: number, t: number) => {
        const at = origin + (Math.floor((t - origin) / period) + 1) * period;
        return at <= t ? at + period : at;
      };
      let nextSend = origin; // etcd: nextKeepAlive = now, so the first renewal goes out at once
      let deadline = origin + FIRST_KEEPALIVE_TIMEOUT_MS;
      let closed = false;
      let pollTask: Task;
      let checkTask: Task;

      const ack = (reply: Reply<number>) => {
        if (closed) return;
        if (reply.error) return close('expired');
        nextSend = sched.now + ttlMs / 3;
        deadline = sched.now + ttlMs;
        // The first ack can bring the deadline forward (a TTL under the first 5 s): check at its tick.
        const due = tickAfter(DEADLINE_CHECK_MS, deadline);
        if (due < checkTask.t) {
          checkTask.cancelled = true;
          checkTask = sched.at(due, node, check);
        }
      };
      const poll = () => {
        if (nextSend <= sched.now) {
          net.send(node, service.node, `keep-alive ${key}`, () => {
            const reply = service.renew(node.name, key); // the service extends from now, its handling time
            net.send(service.node, node, reply.text, () => ack(reply));
          });
        }
        // Unacknowledged: try again at the next tick. Acknowledged: wait for the tick when it is due.
        pollTask = sched.at(
          Math.max(sched.now + KEEPALIVE_POLL_MS, tickAtOrAfter(KEEPALIVE_POLL_MS, nextSend)),
          node,
          poll,
        );
      };
      const check = () => {
        if (deadline < sched.now) return close('deadline');
        checkTask = sched.at(tickAfter(DEADLINE_CHECK_MS, deadline), node, check);
      };
      const end = () => {
        closed = true;
        pollTask.cancelled = true;
        checkTask.cancelled = true;
      };
      const close = (reason: LostReason) => {
        end();
        if (reason !== 'stopped') trace.emit(node.name, 'lost', { key, reason });
        w.guard(node.name, () => onLost(reason));
      };
      const stop = () => {
        if (!closed) close('stopped');
      };

      pollTask = sched.at(origin, node, poll);
      checkTask = sched.at(tickAfter(DEADLINE_CHECK_MS, deadline), node, check);
      keepAlives.set(key, stop);
      node.onExit.push(() => closed || end()); // a finished process runs nothing more, onLost included
      return stop;
    },
  };
}
