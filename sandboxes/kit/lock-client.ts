// What a worker's code sees of the lock service. Every call is a request/reply over the network;
// keepAlive() is etcd's KeepAlive channel plus the loop that watches it.
import { rpc, type Reply } from './rpc.ts';
import type { LockService } from './lock-service.ts';
import type { Network } from './network.ts';
import type { NodeState, World } from './world.ts';

export interface LockClient {
  /** Grants a lease on `key` for `ttlMs` and returns its fencing token; throws LockHeldError if someone holds it. */
  acquire(key: string, ttlMs: number): Promise<number>;
  /** Gives the lease back (ignored by the service if it is no longer yours). Stops its keep-alive. */
  release(key: string): Promise<void>;
  /** Extends your lease by its TTL from now (server time); throws LeaseLostError if it is gone. */
  renew(key: string): Promise<number>;
  /** Asks the service whether you hold `key` right now. The answer is already old when it arrives. */
  isHeld(key: string): Promise<boolean>;
  /**
   * Renews every ttl/3 in the background and calls `onLost` when a renewal is refused or lost.
   * Ticks run on this node, so a paused node neither renews nor hears that it lost the lease
   * until its pause is over. Returns a function that stops it.
   */
  keepAlive(key: string, onLost: () => void): () => void;
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
      let stopped = false;
      const tick = () => {
        timer = w.sched.at(w.sched.now + ttlMs / 3, node, tick);
        rpc(w, net, node, service.node, `renew ${key}`, () => service.renew(node.name, key), (_token, error) => {
          if (stopped || !error) return;
          stop();
          w.trace.emit(node.name, 'lost', { key });
          w.guard(node.name, onLost);
        });
      };
      let timer = w.sched.at(w.sched.now + ttlMs / 3, node, tick);
      const stop = () => {
        stopped = true;
        timer.cancelled = true;
      };
      keepAlives.set(key, stop);
      node.onExit.push(stop);
      return stop;
    },
  };
}
