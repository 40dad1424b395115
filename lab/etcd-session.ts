// The `Etcd` client the reader's runJob gets in a lab worker for the etcd sandboxes (lesson 3), on a
// real etcd through the `etcd3` npm client: the same interface as the simulator's
// kit/etcd-client.ts, modelled on Go's clientv3 and clientv3/concurrency (etcd 3.4/3.5):
//  - a session is a lease with the session's TTL, kept alive every TTL/3; it is done when etcd says
//    the lease is gone or when the client's own deadline (last answer + TTL) passes;
//  - Mutex.Lock is Go's: in one Txn, put `pfx/<lease ID hex>` with the lease if its create revision
//    is 0 (else read it), and read the oldest key under the prefix; unless that is ours, wait until
//    every key under the prefix with a lower create revision is deleted (watch the newest such key
//    for its delete, again and again), then check our key still exists;
//  - isOwner() is Compare(CreateRevision(myKey), "=", myRev); txn() is a real etcd transaction.
// Every key the reader names is put under the run's own prefix, and shown without it. Lease IDs
// are 64-bit: the reader gets them as JavaScript numbers (exact below 2^53, rounded above, as any
// JavaScript client that turns them into numbers does); the keys use the exact hex.
// Ground truth for the judge, as the simulator records it: a grant when a Lock or Campaign returns
// (token: the key's create revision), and each put of a transaction to a key outside the lock
// prefixes as write-accepted or write-rejected (with the compare that failed). Expiries are seen
// by the lab's watch on etcd (lab/run.ts).
import type { Etcd3, IKeyValue, ITxnRequest, Lease } from 'etcd3';
import { RpcTimeoutError } from '../sandboxes/kit/errors.ts';
import type { Election, Mutex, Session } from '../sandboxes/kit/etcd-client.ts';
import {
  compareHolds,
  explainCompare,
  KvError,
  type Cmp,
  type KeyValue,
  type Op,
  type TxnRequest,
  type TxnResponse,
} from '../sandboxes/kit/kv.ts';
import type { Etcd } from '../sandboxes/kit/etcd-client.ts';
import { LOCK_SERVICE } from '../sandboxes/kit/types.ts';
import type { LessonClock } from './lesson-clock.ts';
import { etcdTtlSeconds, type Emit } from './lock-client.ts';

export interface LabEtcdOptions {
  etcd: Etcd3;
  node: string;
  /** The run's prefix for every key (so runs never see each other's keys). */
  prefix: string;
  clock: LessonClock;
  emit: Emit;
  /** A put outside every lock prefix was applied: the job's protected write landed. */
  landed: () => void;
  /** This worker now owns a lock: its key (full), the reader's prefix and the token. */
  onOwned: (fullKey: string, prefix: string, token: number) => void;
  /** This worker deleted its own lock key (unlock, resign, or a revoke that took it). */
  onReleased: (fullKey: string) => void;
}

export interface LabEtcd extends Etcd {
  /** Ground truth: the token of this worker's most recent grant. */
  latestToken(): number | null;
  /** Sessions opened by the current attempt (Go: defer s.Close()), for the job loop to close. */
  sessions: Session[];
  /** A lease ID this client granted, in exact hex (as in the lock keys). */
  leaseHex(id: number): string;
}

const TARGET = { create: 'Create', mod: 'Mod', version: 'Version', value: 'Value' } as const;
const RESULT = { '=': 'Equal', '!=': 'NotEqual', '<': 'Less', '>': 'Greater' } as const;
const FIELD = { create: 'create_revision', mod: 'mod_revision', version: 'version', value: 'value' } as const;
const hexOf = (id: string) => BigInt(id).toString(16);
/** The byte after a prefix's last one: [prefix, end) is every key under it (Go: clientv3.GetPrefixRangeEnd). */
const rangeEnd = (prefix: string) => {
  const b = Buffer.from(prefix);
  b[b.length - 1]! += 1;
  return b;
};

export function labEtcd({ etcd, node, prefix, clock, emit, landed, onOwned, onReleased }: LabEtcdOptions): LabEtcd {
  const leases = new Map<number, { lease: Lease; id: string }>();
  const lockPrefixes = new Set<string>();
  /** Lock keys this worker owns (full key → token), to tell a release from an expiry. */
  const owned = new Map<string, number>();
  let latest: number | null = null;
  const full = (key: string) => `${prefix}${key}`;
  const short = (key: string) => (key.startsWith(prefix) ? key.slice(prefix.length) : key);

  const rpcError = (request: string, err: unknown) => {
    if (err instanceof KvError || err instanceof RpcTimeoutError) return err;
    const name = (err as Error)?.name ?? '';
    if (name === 'EtcdLeaseInvalidError' || /lease not found/.test(String((err as Error)?.message)))
      return new KvError(`${request}: lease not found`);
    const e = new RpcTimeoutError(LOCK_SERVICE, request);
    e.message += ` (${(err as Error)?.message ?? String(err)})`;
    return e;
  };
  const leaseId = (id: number) => {
    const found = leases.get(id);
    if (!found) throw new KvError(`lease ${id.toString(16)} not found (use a lease ID this client granted)`);
    return found;
  };
  const kvOf = (kv: IKeyValue): KeyValue => ({
    key: short(kv.key.toString()),
    value: kv.value.toString(),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    lease: Number(BigInt(kv.lease)),
  });
  const isLockKey = (key: string) => [...lockPrefixes].some((p) => key.startsWith(`${p}/`));
  const opOf = (op: Op) => {
    if (op.type === 'put')
      return {
        request_put: {
          key: Buffer.from(full(op.key)),
          value: Buffer.from(op.value),
          ...(op.lease ? { lease: leaseId(op.lease).id } : {}),
        },
      };
    if (op.type === 'delete') return { request_delete_range: { key: Buffer.from(full(op.key)) } };
    if (!op.prefix) return { request_range: { key: Buffer.from(full(op.key)) } };
    return {
      request_range: {
        key: Buffer.from(full(op.key)),
        range_end: rangeEnd(full(op.key)),
        sort_target: 'Create' as const,
        sort_order: 'Ascend' as const,
      },
    };
  };
  const compareOf = (c: Cmp) => ({
    key: Buffer.from(full(c.key)),
    target: TARGET[c.target],
    result: RESULT[c.op],
    [FIELD[c.target]]: c.target === 'value' ? Buffer.from(String(c.value)) : String(c.value),
  });

  async function txn(req: TxnRequest, what = 'txn'): Promise<TxnResponse> {
    const cmps = req.if ?? [];
    const then = req.then ?? [];
    const otherwise = req.else ?? [];
    const leaseToken = latest; // ground truth, taken when the request is sent
    // The else branch also reads every compared key, so a refusal can say which compare failed and why.
    const request: ITxnRequest = {
      compare: cmps.map(compareOf),
      success: then.map(opOf),
      failure: [...otherwise.map(opOf), ...cmps.map((c) => opOf({ type: 'get', key: c.key }))],
    };
    let res;
    try {
      res = await etcd.kv.txn(request);
    } catch (err) {
      throw rpcError(what, err);
    }
    const ran = res.succeeded ? then : otherwise;
    const responses = ran.map((op, i) =>
      op.type === 'get' ? (res.responses[i]?.response_range?.kvs ?? []).map(kvOf) : [],
    );
    // The IsOwner() compare, if any: the token a guarded write carries (as kit/kv.ts reads it).
    const own = cmps.find((c) => c.target === 'create' && c.op === '=' && typeof c.value === 'number' && c.value > 0);
    const token = own ? { token: own.value as number } : {};
    /** A guarded put of this transaction, as the simulator's lock service reports one (kit/kv.ts). */
    const writeEvent = (kind: 'write-accepted' | 'write-rejected', op: { key: string; value?: unknown }, extra = {}) =>
      emit(LOCK_SERVICE, kind, {
        key: op.key,
        writer: node,
        ...token,
        leaseToken,
        highest: null,
        value: op.value,
        ...extra,
      });
    if (!res.succeeded) {
      // Each compared key as the failed transaction saw it (read in its else branch).
      const seen = cmps.map((_, i) => (res.responses[otherwise.length + i]?.response_range?.kvs ?? []).map(kvOf)[0]);
      const failed = cmps.findIndex((c, i) => !compareHolds(c, seen[i]));
      const reason = `compare failed: ${failed >= 0 ? explainCompare(cmps[failed]!, seen[failed]) : 'a compare did not hold'}`;
      for (const op of then) if (op.type === 'put' && !isLockKey(op.key)) writeEvent('write-rejected', op, { reason });
    }
    ran.forEach((op, i) => {
      // Our own lock key deleted by this request (Unlock, Resign): a release. Not if etcd had already deleted it.
      if (
        op.type === 'delete' &&
        owned.has(full(op.key)) &&
        Number(res.responses[i]?.response_delete_range?.deleted ?? 0) > 0
      )
        released(full(op.key));
    });
    for (const op of ran) {
      if (op.type === 'put' && !isLockKey(op.key)) {
        writeEvent('write-accepted', op);
        landed();
      }
    }
    return { succeeded: res.succeeded, revision: Number(res.header.revision), responses };
  }

  /** Go's Mutex.Lock / Election.Campaign: our key under the prefix, then wait to be its oldest. */
  async function campaign(pfx: string, lease: number, value: string): Promise<number> {
    lockPrefixes.add(pfx);
    const { id } = leaseId(lease);
    const myKey = full(`${pfx}/${hexOf(id)}`);
    const keyBuf = Buffer.from(myKey);
    const under = { key: Buffer.from(full(`${pfx}/`)), range_end: rangeEnd(full(`${pfx}/`)) };
    const getOwner = {
      request_range: { ...under, sort_target: 'Create' as const, sort_order: 'Ascend' as const, limit: 1 },
    };
    let myRev: number;
    try {
      const res = await etcd.kv.txn({
        compare: [{ key: keyBuf, target: 'Create', result: 'Equal', create_revision: '0' }],
        success: [{ request_put: { key: keyBuf, value: Buffer.from(value), lease: id } }, getOwner],
        failure: [{ request_range: { key: keyBuf } }, getOwner],
      });
      myRev = res.succeeded
        ? Number(res.header.revision)
        : Number(res.responses[0]!.response_range.kvs[0]!.create_revision);
      const owner = res.responses[1]!.response_range.kvs[0];
      if (owner && Number(owner.create_revision) !== myRev) {
        // Wait for the deletion of every older key: the newest older one, again and again (Go: waitDeletes).
        for (;;) {
          const older = await etcd.kv.range({
            ...under,
            sort_target: 'Create',
            sort_order: 'Descend',
            limit: 1,
            max_create_revision: String(myRev - 1),
          });
          const last = older.kvs[0];
          if (!last) break;
          await waitDelete(last.key, older.header.revision);
        }
        const mine = await etcd.kv.range({ key: keyBuf });
        if (mine.kvs.length === 0)
          throw new KvError(`${pfx}/${hexOf(id)} was deleted while waiting for the lock: the session expired`);
      }
    } catch (err) {
      throw rpcError(`lock ${pfx}`, err);
    }
    owned.set(myKey, myRev);
    latest = myRev;
    const session = sessionsByLease.get(lease);
    emit(LOCK_SERVICE, 'grant', {
      key: pfx,
      holder: node,
      token: myRev,
      expiresAt: session ? session.expiresAt() : clock.now(),
    });
    onOwned(myKey, pfx, myRev);
    return myRev;
  }

  async function waitDelete(key: Buffer, fromRevision: string): Promise<void> {
    const watcher = await etcd.watch().key(key).startRevision(fromRevision).create();
    try {
      await new Promise<void>((resolve, reject) => {
        watcher.on('delete', () => resolve());
        watcher.on('error', reject);
      });
    } finally {
      void watcher.cancel().catch(() => {});
    }
  }

  /** Our own lock key went (unlock, resign, or a revoke while we held it): a release, not an expiry. */
  const released = (fullKey: string) => {
    const token = owned.get(fullKey);
    if (token === undefined) return;
    owned.delete(fullKey);
    const k = short(fullKey);
    emit(LOCK_SERVICE, 'release', { key: k.slice(0, k.lastIndexOf('/')), holder: node, token });
    onReleased(fullKey);
  };

  const sessionsByLease = new Map<number, { expiresAt(): number }>();
  const self: LabEtcd = {
    latestToken: () => latest,
    sessions: [],
    txn: (req) => txn(req),
    put: (key, value, options = {}) =>
      txn({ then: [{ type: 'put', key, value, ...(options.lease ? { lease: options.lease } : {}) }] }, `put ${key}`),
    get: (key, options = {}) =>
      txn({ then: [{ type: 'get', key, ...(options.prefix ? { prefix: true } : {}) }] }, `get ${key}`).then(
        (r) => r.responses[0] ?? [],
      ),
    delete: (key) => txn({ then: [{ type: 'delete', key }] }, `delete ${key}`),
    leaseHex: (id) => hexOf(leaseId(id).id),
    async grant(ttlSeconds) {
      const lease = etcd.lease(etcdTtlSeconds(ttlSeconds * 1000, clock.scale), { autoKeepAlive: false });
      lease.on('lost', () => {}); // the session watches the lease itself
      let id: string;
      try {
        id = await lease.grant();
      } catch (err) {
        throw rpcError(`grant lease ttl ${ttlSeconds} s`, err);
      }
      const n = Number(BigInt(id));
      leases.set(n, { lease, id });
      return n;
    },
    async keepAliveOnce(id) {
      const { lease } = leaseId(id);
      let ttl: number;
      try {
        ttl = Number((await lease.keepaliveOnce()).TTL);
      } catch (err) {
        throw rpcError(`keep-alive ${id.toString(16)}`, err);
      }
      if (ttl <= 0) throw new KvError(`lease ${id.toString(16)} not found`);
      return ttl * clock.scale; // lesson seconds
    },
    async revoke(id) {
      const found = leases.get(id);
      if (!found) return;
      leases.delete(id);
      const mine = [...owned.keys()].filter((k) => k.endsWith(`/${hexOf(found.id)}`));
      try {
        // The raw call: etcd says "lease not found" if the lease expired (then its keys went with the expiry, not now).
        await etcd.leaseClient.leaseRevoke({ ID: found.id });
      } catch (err) {
        void found.lease.revoke().catch(() => {}); // stops the lease object's own timers (etcd says not found again)
        if (rpcError('revoke', err) instanceof KvError) return;
        throw rpcError(`revoke ${id.toString(16)}`, err);
      }
      void found.lease.revoke().catch(() => {});
      for (const k of mine) released(k);
    },
    campaign,
    async newSession(options = {}) {
      const session = await newSession(self, options.ttl ?? 60, clock, emit, node);
      sessionsByLease.set(session.lease(), session);
      self.sessions.push(session);
      return session;
    },
  };

  function newSession(client: LabEtcd, ttl: number, lessonClock: LessonClock, say: Emit, name: string) {
    return (async () => {
      const id = await client.grant(ttl);
      const ttlReal = lessonClock.real(ttl * 1000);
      let deadline = performance.now() + ttlReal;
      let finished = false;
      let resolveDone: () => void = () => {};
      const donePromise = new Promise<void>((resolve) => (resolveDone = resolve));
      const finish = (why: string) => {
        if (finished) return;
        finished = true;
        clearInterval(ticker);
        clearTimeout(checker);
        say(name, 'log', { text: `session ${hexOf(leaseId(id).id)} done: ${why}` });
        resolveDone();
      };
      // A keep-alive every TTL/3; an answer moves the deadline to when it was sent plus the TTL.
      const ticker = setInterval(() => {
        const sent = performance.now();
        client.keepAliveOnce(id).then(
          (lessonTtl) => void (deadline = Math.max(deadline, sent + lessonClock.real(lessonTtl * 1000))),
          (err) => {
            if (err instanceof KvError) finish(err.message);
          },
        );
      }, ttlReal / 3);
      // The client's own deadline (a stopped process checks it late, as it does everything).
      let checker: NodeJS.Timeout;
      const check = () => {
        if (finished) return;
        if (performance.now() >= deadline) return finish('keep-alive deadline passed');
        checker = setTimeout(check, deadline - performance.now());
      };
      checker = setTimeout(check, ttlReal);
      const session: Session & { expiresAt(): number } = {
        lease: () => id,
        done: () => donePromise,
        async close() {
          finish('closed');
          await client.revoke(id).catch(() => {});
        },
        newMutex: (pfx) => newMutex(client, session, pfx),
        newElection: (pfx) => newElection(client, session, pfx),
        expiresAt: () => lessonClock.now() + Math.round((deadline - performance.now()) * lessonClock.scale),
      };
      return session;
    })();
  }

  return self;
}

/** Go: concurrency.NewMutex(s, pfx). */
function newMutex(etcd: LabEtcd, session: Session, pfx: string): Mutex {
  let myKey = '';
  let myRev = -1;
  return {
    async lock() {
      myKey = `${pfx}/${etcd.leaseHex(session.lease())}`;
      myRev = await etcd.campaign(pfx, session.lease(), '');
    },
    async unlock() {
      await etcd.delete(myKey);
      myKey = '\0';
      myRev = -1;
    },
    isOwner: () => ({ key: myKey, target: 'create', op: '=', value: myRev }),
    key: () => myKey,
  };
}

/** Go: concurrency.NewElection(s, pfx). */
function newElection(etcd: LabEtcd, session: Session, pfx: string): Election {
  let leaderKey = '';
  let leaderRev = -1;
  return {
    async campaign(val) {
      leaderKey = `${pfx}/${etcd.leaseHex(session.lease())}`;
      leaderRev = await etcd.campaign(pfx, session.lease(), val);
    },
    async resign() {
      await etcd.txn({
        if: [{ key: leaderKey, target: 'create', op: '=', value: leaderRev }],
        then: [{ type: 'delete', key: leaderKey }],
      });
      leaderKey = '';
      leaderRev = -1;
    },
    rev: () => leaderRev,
    key: () => leaderKey,
  };
}
