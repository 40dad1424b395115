// What a worker's code sees of the etcd-like store (kv.ts): a client with Txn/Put/Get/Delete and
// leases, and ports of etcd's client/v3/concurrency: Session (a lease kept alive in the background,
// Done when it is lost), Mutex (Lock, Unlock, IsOwner, Key) and Election (Campaign, Resign, Rev).
// Names follow Go's with a lower-case first letter. Reader code reaches everything through the
// client it is handed (etcd.newSession(), session.newMutex(pfx)), so its files import no values;
// a transaction's ops are plain objects: { type: 'put', key, value }.
import { RpcTimeoutError } from './errors.ts';
import {
  KvError,
  hex,
  type Cmp,
  type KeyValue,
  type KvService,
  type Op,
  type TxnRequest,
  type TxnResponse,
} from './kv.ts';
import { RPC_TIMEOUT_MS, rpc, type Reply } from './rpc.ts';
import type { Network } from './network.ts';
import type { NodeState, World } from './world.ts';

export { KvError };
export type { Cmp, KeyValue, Op, TxnRequest, TxnResponse };

/** etcd's client (Go: *clientv3.Client). */
export interface Etcd {
  /** Runs `then` if every compare in `if` holds, else `else`, atomically at one revision. */
  txn(req: TxnRequest): Promise<TxnResponse>;
  put(key: string, value: string, options?: { lease?: number }): Promise<TxnResponse>;
  /** The key, or with `prefix` every key under it, oldest create revision first. */
  get(key: string, options?: { prefix?: boolean }): Promise<KeyValue[]>;
  delete(key: string): Promise<TxnResponse>;
  /** Go: cli.Grant(ctx, ttlSeconds). Returns the lease ID. */
  grant(ttlSeconds: number): Promise<number>;
  /** Go: cli.KeepAliveOnce(ctx, id). Returns the TTL in seconds; throws KvError if the lease is gone. */
  keepAliveOnce(id: number): Promise<number>;
  /** Go: cli.Revoke(ctx, id). */
  revoke(id: number): Promise<void>;
  /** The server side of a campaign (used by Mutex and Election): resolves with the key's create revision once it is the oldest. */
  campaign(prefix: string, lease: number, value: string): Promise<number>;
  /** Go: concurrency.NewSession(cli, concurrency.WithTTL(ttl)); see newSession below. */
  newSession(options?: { ttl?: number }): Promise<Session>;
}

/** A comparison target (Go: clientv3.CreateRevision(key), ModRevision, Version, Value). */
export interface Target {
  key: string;
  target: Cmp['target'];
}
export const createRevision = (key: string): Target => ({ key, target: 'create' });
export const modRevision = (key: string): Target => ({ key, target: 'mod' });
export const version = (key: string): Target => ({ key, target: 'version' });
export const value = (key: string): Target => ({ key, target: 'value' });
/** Go: clientv3.Compare(target, op, v). */
export const compare = (t: Target, op: Cmp['op'], v: number | string): Cmp => ({
  key: t.key,
  target: t.target,
  op,
  value: v,
});
/** Go: clientv3.OpPut(key, value, clientv3.WithLease(id)). */
export const opPut = (key: string, val: string, options: { lease?: number } = {}): Op => ({
  type: 'put',
  key,
  value: val,
  ...(options.lease ? { lease: options.lease } : {}),
});
export const opGet = (key: string, options: { prefix?: boolean } = {}): Op => ({
  type: 'get',
  key,
  ...(options.prefix ? { prefix: true } : {}),
});
export const opDelete = (key: string): Op => ({ type: 'delete', key });

/** Hooks for the scenario: which writes landed, and which sessions to close when an attempt ends. */
export interface EtcdHooks {
  /** Called when a put outside every lock prefix was applied (the job's protected write landed). */
  landed(): void;
  /** Every session opened, so the scenario can close them when the job returns (Go: defer s.Close()). */
  sessions: Session[];
}

export function etcdClient(w: World, net: Network, node: NodeState, kv: KvService, hooks: EtcdHooks): Etcd {
  const member = Math.floor(w.rng() * kv.members.length); // the member this client talks to: it issues the lease IDs
  const prefixes = new Set<string>();
  const call = <T>(request: string, serve: () => Reply<T>) =>
    w.call<T>(node, (settle) => rpc(w, net, node, kv.node, request, serve, settle));
  const txn = (req: TxnRequest, text: string) => {
    const leaseToken = w.latestGrant.get(node.name) ?? null; // ground truth, taken when the request is sent
    return call<TxnResponse>(text, () => kv.txn(node.name, req, leaseToken)).then((resp) => {
      const ops = resp.succeeded ? req.then : req.else;
      if (ops?.some((op) => op.type === 'put' && ![...prefixes].some((p) => op.key.startsWith(`${p}/`))))
        hooks.landed();
      return resp;
    });
  };
  const etcd: Etcd = {
    txn: (req) =>
      txn(
        req,
        `txn${req.if?.length ? ` if ${req.if.map(cmpText).join(' && ')}` : ''} then ${(req.then ?? []).map(opText).join(', ') || 'nothing'}`,
      ),
    put: (key, val, options = {}) => txn({ then: [opPut(key, val, options)] }, `put ${key}`),
    get: (key, options = {}) =>
      txn({ then: [opGet(key, options)] }, `get ${key}${options.prefix ? ' (prefix)' : ''}`).then(
        (r) => r.responses[0] ?? [],
      ),
    delete: (key) => txn({ then: [opDelete(key)] }, `delete ${key}`),
    grant: (ttl) => call(`grant lease ttl ${ttl} s`, () => kv.leaseGrant(node.name, member, ttl * 1000)),
    keepAliveOnce: (id) => call(`keep-alive ${hex(id)}`, () => kv.keepAlive(id)).then((ms) => ms / 1000),
    revoke: (id) => call(`revoke ${hex(id)}`, () => kv.revoke(id)),
    newSession: (options) => openSession(etcd, internals, options),
    campaign(prefix, lease, val) {
      prefixes.add(prefix);
      // The reply may come much later (when older keys are deleted): a request/reply whose server answers late.
      return w.call<number>(node, (settle) => {
        const timeout = () => settle(undefined, new RpcTimeoutError(kv.node.name, `campaign ${prefix}`));
        const sent = net.send(node, kv.node, `campaign ${prefix} with lease ${hex(lease)}`, () => {
          kv.campaign(node.name, prefix, lease, val, (rev, error) => {
            const text = error
              ? `campaign ${prefix}: ${error.message}`
              : `you own ${prefix}: ${prefix}/${hex(lease)}, create revision ${rev}`;
            if (!net.send(kv.node, node, text, () => settle(rev, error)))
              w.sched.at(w.sched.now + RPC_TIMEOUT_MS, node, timeout);
          });
        });
        if (!sent) w.sched.at(w.sched.now + RPC_TIMEOUT_MS, node, timeout);
      });
    },
  };
  // Background keep-alives go straight over the network: they must not count as the job waiting.
  const ping = (id: number, done: (ttlMs: number | undefined, error: Error | undefined) => void) =>
    rpc(w, net, node, kv.node, `keep-alive ${hex(id)}`, () => kv.keepAlive(id), done);
  const internals: Internals = { w, node, hooks, ping };
  return etcd;

  function cmpText(c: Cmp): string {
    return `${{ create: 'create_revision', mod: 'mod_revision', version: 'version', value: 'value' }[c.target]}(${c.key}) ${c.op} ${c.value}`;
  }
  function opText(op: Op): string {
    return `${op.type} ${op.key}`;
  }
}

// ---- Sessions: etcd's concurrency.Session.

/** What a session needs of its client's world, handed over by closure (kept out of the reader's view). */
interface Internals {
  w: World;
  node: NodeState;
  hooks: EtcdHooks;
  ping: (id: number, done: (ttlMs: number | undefined, error: Error | undefined) => void) => void;
}

export interface Session {
  /** The session's lease ID (Go: s.Lease()). */
  lease(): number;
  /** Resolves when the lease is lost or the session closed (Go: <-s.Done()). */
  done(): Promise<void>;
  /** Revokes the lease (Go: s.Close()). */
  close(): Promise<void>;
  /** Go: concurrency.NewMutex(s, pfx). */
  newMutex(pfx: string): Mutex;
  /** Go: concurrency.NewElection(s, pfx). */
  newElection(pfx: string): Election;
}

/**
 * Go: concurrency.NewSession(cli, concurrency.WithTTL(ttl)). Grants a lease and keeps it alive in the
 * background: a keep-alive every ttl/3, retried at each tick while unanswered; the session is done
 * when the server says the lease is gone, or when the client's own deadline (last answer + TTL)
 * passes (etcd's client notices within about a second; here at the deadline). The ticks run on this node: a paused process renews nothing and notices nothing.
 */
async function openSession(
  etcd: Etcd,
  { w, node, hooks, ping }: Internals,
  options: { ttl?: number } = {},
): Promise<Session> {
  const ttl = options.ttl ?? 60;
  const id = await etcd.grant(ttl);
  let finished = false;
  let resolveDone: () => void = () => {};
  const donePromise = new Promise<void>((resolve) => (resolveDone = resolve));
  let deadline = w.sched.now + ttl * 1000;
  const timers: { cancelled: boolean }[] = [];
  const finish = (why: string) => {
    if (finished) return;
    finished = true;
    for (const t of timers) t.cancelled = true;
    w.trace.emit(node.name, 'log', { text: `session ${hex(id)} done: ${why}` });
    resolveDone();
  };
  const tick = () => {
    if (finished) return;
    timers.push(w.sched.at(w.sched.now + (ttl * 1000) / 3, node, tick));
    ping(id, (ttlMs, error) => {
      if (error instanceof KvError) finish(error.message);
      else if (ttlMs !== undefined) deadline = Math.max(deadline, w.sched.now + ttlMs);
    });
  };
  // The client's deadline check: etcd's client looks about once a second; here the timer is set for
  // the deadline itself and re-armed when an answer has moved it (the same outcome, fewer events).
  const check = () => {
    if (finished) return;
    if (w.sched.now >= deadline) return finish('keep-alive deadline passed');
    timers.push(w.sched.at(deadline, node, check));
  };
  timers.push(w.sched.at(w.sched.now + (ttl * 1000) / 3, node, tick));
  timers.push(w.sched.at(deadline, node, check));
  node.onExit.push(() => finish('process exited'));
  const session: Session = {
    lease: () => id,
    done: () => w.call<void>(node, (settle) => void donePromise.then(() => settle(undefined))),
    async close() {
      finish('closed');
      await etcd.revoke(id).catch(() => {});
    },
    newMutex: (pfx) => mutexOn(etcd, session, pfx),
    newElection: (pfx) => electionOn(etcd, session, pfx),
  };
  hooks.sessions.push(session);
  return session;
}

// ---- Mutex and Election: etcd's concurrency.Mutex and concurrency.Election.

export interface Mutex {
  /** Puts `pfx/<lease>` with the session's lease and waits until it has the lowest create revision. */
  lock(): Promise<void>;
  /** Deletes the key. */
  unlock(): Promise<void>;
  /** Go: m.IsOwner(): Compare(CreateRevision(m.Key()), "=", myRev), for a transaction's If. */
  isOwner(): Cmp;
  key(): string;
}

function mutexOn(etcd: Etcd, session: Session, pfx: string): Mutex {
  let myKey = '';
  let myRev = -1;
  return {
    async lock() {
      myKey = `${pfx}/${hex(session.lease())}`;
      myRev = await etcd.campaign(pfx, session.lease(), '');
    },
    async unlock() {
      await etcd.delete(myKey);
      myKey = '\0';
      myRev = -1;
    },
    isOwner: () => compare(createRevision(myKey), '=', myRev),
    key: () => myKey,
  };
}

export interface Election {
  /** Puts `pfx/<lease>` with `val` and waits until it is the oldest: then this session leads. */
  campaign(val: string): Promise<void>;
  resign(): Promise<void>;
  /** The leader key's create revision (Go: e.Rev()). */
  rev(): number;
  key(): string;
}

function electionOn(etcd: Etcd, session: Session, pfx: string): Election {
  let leaderKey = '';
  let leaderRev = -1;
  return {
    async campaign(val) {
      leaderKey = `${pfx}/${hex(session.lease())}`;
      leaderRev = await etcd.campaign(pfx, session.lease(), val);
    },
    async resign() {
      await etcd.txn({ if: [compare(createRevision(leaderKey), '=', leaderRev)], then: [opDelete(leaderKey)] });
      leaderKey = '';
      leaderRev = -1;
    },
    rev: () => leaderRev,
    key: () => leaderKey,
  };
}

// ---- Go-style entry points: they take the client or session, as concurrency.NewSession(cli) does.

/** Go: concurrency.NewSession(cli, concurrency.WithTTL(ttl)); the same as etcd.newSession(options). */
export function newSession(etcd: Etcd, options: { ttl?: number } = {}): Promise<Session> {
  if (typeof etcd?.newSession !== 'function')
    throw new Error('newSession(etcd): pass the etcd client your runJob received');
  return etcd.newSession(options);
}

/** Go: concurrency.NewMutex(s, pfx); the same as session.newMutex(pfx). */
export function newMutex(session: Session, pfx: string): Mutex {
  if (typeof session?.newMutex !== 'function')
    throw new Error('newMutex(session, pfx): pass a session from newSession()');
  return session.newMutex(pfx);
}

/** Go: concurrency.NewElection(s, pfx); the same as session.newElection(pfx). */
export function newElection(session: Session, pfx: string): Election {
  if (typeof session?.newElection !== 'function')
    throw new Error('newElection(session, pfx): pass a session from newSession()');
  return session.newElection(pfx);
}
