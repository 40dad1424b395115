// The lock service as a small etcd-like key-value store (node 'lock'): one cluster-wide revision
// counter, each key's create and mod revision, leases whose expiry deletes their keys, transactions
// (compare, then put/delete) and a restore from an older snapshot. What etcd's concurrency package
// builds on top (sessions, Mutex, Election) is client code: see etcd-client.ts.
//
// Simplifications, said where the lesson uses them: one linearizable server (no Raft, no members
// failing); lease IDs keep etcd's shape (the issuing member's 16-bit prefix in the high bits, a
// counter below) without its timestamp bits; a restore drops every lease and every key written
// after the snapshot, and the cluster is back at once.
//
// Ground truth for the judge: a lock is "granted" when a waiter's key becomes the lowest create
// revision under its prefix (that is what Mutex.Lock and Election.Campaign wait for). The judge's
// token for that grant is the key's create revision plus every revision a restore took back, so it
// keeps growing in real time even when etcd's own revisions go backwards.
import type { Reply } from './rpc.ts';
import type { Task } from './scheduler.ts';
import { LOCK_SERVICE, type NodeName } from './types.ts';
import type { NodeState, World } from './world.ts';

/** The revision the simulated cluster has reached when a run starts (its earlier history is other keys). */
export const START_REVISION = 100;
/** The revision of the older snapshot a restore goes back to. */
export const SNAPSHOT_REVISION = 90;

export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  /** Puts since the key was created (1 on create). */
  version: number;
  /** The lease the key is attached to; 0 for none. */
  lease: number;
}

/** A comparison in a transaction's If: etcd's Compare(CreateRevision(key), "=", n) and friends. */
export interface Cmp {
  key: string;
  target: 'create' | 'mod' | 'version' | 'value';
  op: '=' | '!=' | '<' | '>';
  /** A missing key compares as revision/version 0; a value compare on it always fails (as in etcd). */
  value: number | string;
}

export type Op =
  | { type: 'put'; key: string; value: string; lease?: number }
  | { type: 'delete'; key: string }
  | { type: 'get'; key: string; prefix?: boolean };

export interface TxnRequest {
  if?: Cmp[];
  then?: Op[];
  else?: Op[];
}

export interface TxnResponse {
  succeeded: boolean;
  /** The store's revision after the transaction. */
  revision: number;
  /** One entry per op of the branch that ran: the keys a get found, [] for a put or delete. */
  responses: KeyValue[][];
}

/** How a restore is done: when, and by how much `--bump-revision` raises revisions (0: not used). */
export interface RestorePlan {
  at: number;
  bumpRevision: number;
}

interface Lease {
  id: number;
  owner: NodeName;
  ttlMs: number;
  expiresAt: number;
  expiry: Task | null;
  keys: Set<string>;
}

/** A client waiting (Mutex.Lock / Election.Campaign) for its key to be the oldest under a prefix. */
interface Waiter {
  prefix: string;
  key: string;
  client: NodeName;
  done: (rev: number | undefined, error?: Error) => void;
}

/** Refused by the KV store: the lease is gone, or a wait ended because its key was deleted. */
export class KvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KvError';
  }
}

/**
 * A KvError made by the store, without a stack trace: an expected outcome (a lost lease refuses a
 * keep-alive in most etcd-token runs), and capturing a stack cost more than the rest of its run's
 * step. Its stack held only kit frames, so no message that points at a reader's file changes.
 * A KvError that reader code constructs keeps its stack.
 */
function kvError(message: string): KvError {
  const E = Error as { stackTraceLimit?: number };
  const limit = E.stackTraceLimit;
  E.stackTraceLimit = 0;
  try {
    return new KvError(message);
  } finally {
    E.stackTraceLimit = limit;
  }
}

/** A compare's target as etcd's API names the field. */
const CMP_FIELD = { create: 'create_revision', mod: 'mod_revision', version: 'version', value: 'value' } as const;

/** What a compare's target reads on the key (undefined: no such key, which reads as 0 or ''). */
function compared(c: Cmp, kv: KeyValue | undefined): number | string {
  return c.target === 'create'
    ? (kv?.createRevision ?? 0)
    : c.target === 'mod'
      ? (kv?.modRevision ?? 0)
      : c.target === 'version'
        ? (kv?.version ?? 0)
        : (kv?.value ?? '');
}

/** Whether a compare holds on the key as etcd judges it; the kit's store and the lab's session both ask here. */
export function compareHolds(c: Cmp, kv: KeyValue | undefined): boolean {
  if (!kv && c.target === 'value') return false; // as etcd: a value compare on a missing key always fails
  const actual = compared(c, kv);
  switch (c.op) {
    case '=':
      return actual === c.value;
    case '!=':
      return actual !== c.value;
    case '<':
      return actual < c.value;
    case '>':
      return actual > c.value;
  }
}

/**
 * Why a compare failed, from the key as the failed transaction saw it (undefined: no such key), e.g.
 * `mod_revision(/lock/a) is 7, wanted = 5`. The kit and the lab (lab/etcd-session.ts) word it so.
 */
export function explainCompare(c: Cmp, kv: KeyValue | undefined): string {
  const actual = c.target === 'value' ? JSON.stringify(compared(c, kv)) : compared(c, kv);
  return `${CMP_FIELD[c.target]}(${c.key}) is ${actual}${kv ? '' : ' (no such key)'}, wanted ${c.op} ${c.value}`;
}

/**
 * A lease ID in hex, as etcd prints it: exactly `n.toString(16)`, which V8 does slowly for numbers
 * above 2^32 (lease IDs are), and every keep-alive names its lease. So: byte by byte from a table.
 */
export function hex(n: number): string {
  // A run names its few leases over and over: the last four IDs formatted are kept (a pure memo).
  for (let i = 0; i < RECENT; i++) if (recentIds[i] === n) return recentHex[i]!;
  const text = formatHex(n);
  recentIds[recentNext] = n;
  recentHex[recentNext] = text;
  recentNext = (recentNext + 1) % RECENT;
  return text;
}

const RECENT = 4;
const recentIds: number[] = [NaN, NaN, NaN, NaN];
const recentHex: string[] = ['', '', '', ''];
let recentNext = 0;

function formatHex(n: number): string {
  if (n < 0x1_0000_0000 || !Number.isSafeInteger(n)) return n.toString(16);
  const low = n % 0x1_0000_0000;
  const high = hex32((n - low) / 0x1_0000_0000);
  let zeros = 0;
  while (high.charCodeAt(zeros) === 48) zeros++; // '0': the high half has no leading zeros
  return high.slice(zeros) + hex32(low);
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 0 <= x < 2^32 as 8 hex digits. */
function hex32(x: number): string {
  return BYTE_HEX[x >>> 24]! + BYTE_HEX[(x >>> 16) & 255]! + BYTE_HEX[(x >>> 8) & 255]! + BYTE_HEX[x & 255]!;
}

export class KvService {
  readonly node: NodeState;
  #w: World;
  revision = START_REVISION;
  #keys = new Map<string, KeyValue>();
  #leases = new Map<number, Lease>();
  #waiters: Waiter[] = [];
  /** Lock prefixes and, for each, the key that owns it now (the lowest create revision). */
  #owners = new Map<string, string | null>();
  /** Revisions taken back by restores: added to create revisions to get the judge's ground-truth token. */
  #lost = 0;
  /** Per key: the highest ground-truth token of an accepted protected write (for the trace's `highest`). */
  #highest = new Map<string, number>();
  /** Each member's 16-bit ID prefix and lease counter; a client talks to one member. */
  readonly members: { prefix: number; next: number }[];

  constructor(w: World) {
    this.#w = w;
    this.node = w.node(LOCK_SERVICE);
    this.members = [0, 1, 2].map(() => ({ prefix: 1 + Math.floor(w.rng() * 0xfffe), next: 1 }));
  }

  // ---- Leases

  leaseGrant(client: NodeName, member: number, ttlMs: number): Reply<number> {
    const m = this.members[member]!;
    const id = m.prefix * 2 ** 32 + m.next++;
    const lease: Lease = { id, owner: client, ttlMs, expiresAt: 0, expiry: null, keys: new Set() };
    this.#leases.set(id, lease);
    this.#extend(lease);
    return { text: `lease ${hex(id)} granted, ttl ${ttlMs / 1000} s`, value: id };
  }

  keepAlive(id: number): Reply<number> {
    const lease = this.#leases.get(id);
    if (!lease) return { text: `keep-alive ${hex(id)}: lease not found`, error: kvError(`lease ${hex(id)} not found`) };
    this.#extend(lease);
    return { text: `lease ${hex(id)} kept alive, ttl ${lease.ttlMs / 1000} s`, value: lease.ttlMs };
  }

  revoke(id: number): Reply<void> {
    const lease = this.#leases.get(id);
    if (lease) this.#end(lease, 'revoked');
    return { text: `lease ${hex(id)} revoked` };
  }

  #extend(lease: Lease): void {
    const { sched } = this.#w;
    if (lease.expiry) lease.expiry.cancelled = true;
    lease.expiresAt = sched.now + lease.ttlMs;
    lease.expiry = sched.at(lease.expiresAt, this.node, () => this.#end(lease, 'expired'));
  }

  /** Expiry or revoke: the lease goes, and every key attached to it is deleted in one revision. */
  #end(lease: Lease, how: 'expired' | 'revoked'): void {
    if (lease.expiry) lease.expiry.cancelled = true;
    this.#leases.delete(lease.id);
    const keys = [...lease.keys].filter((k) => this.#keys.get(k)?.lease === lease.id);
    if (how === 'expired')
      this.#w.trace.emit(LOCK_SERVICE, 'log', {
        text: `lease ${hex(lease.id)} of ${lease.owner} expired${keys.length ? `: deleting ${keys.join(', ')}` : ''}`,
      });
    if (keys.length === 0) return;
    this.revision++;
    for (const k of keys) this.#delete(k, how);
    this.#settleOwners();
  }

  // ---- Transactions

  txn(client: NodeName, req: TxnRequest, leaseToken: number | null): Reply<TxnResponse> {
    const cmps = req.if ?? [];
    const failed = cmps.find((c) => !compareHolds(c, this.#keys.get(c.key)));
    const ops = failed ? (req.else ?? []) : (req.then ?? []);
    for (const op of ops) {
      if (op.type === 'put' && op.lease && !this.#leases.has(op.lease)) {
        return { text: 'txn refused: lease not found', error: kvError(`lease ${hex(op.lease)} not found`) };
      }
    }
    // Writes the judge weighs: puts to keys outside every lock prefix, in a transaction's then-branch
    // that did not run (refused) or in whichever branch ran (accepted).
    const token = this.#carried(cmps);
    if (failed) {
      for (const op of req.then ?? []) {
        if (op.type === 'put' && !this.#isLockKey(op.key)) {
          this.#w.trace.emit(LOCK_SERVICE, 'write-rejected', {
            key: op.key,
            writer: client,
            ...(token === undefined ? {} : { token }),
            leaseToken,
            highest: this.#highest.get(op.key) ?? null,
            value: op.value,
            reason: `compare failed: ${explainCompare(failed, this.#keys.get(failed.key))}`,
          });
        }
      }
    }
    // One revision for the whole transaction, and none if it changes nothing (a delete of a missing key).
    let changed = false;
    const change = () => {
      if (!changed) this.revision++;
      changed = true;
    };
    const responses: KeyValue[][] = [];
    for (const op of ops) {
      if (op.type === 'get') {
        responses.push(this.#range(op.key, op.prefix ?? false));
      } else if (op.type === 'delete') {
        if (this.#keys.has(op.key)) {
          change();
          this.#delete(op.key, 'deleted');
        }
        responses.push([]);
      } else {
        change();
        this.#put(op.key, op.value, op.lease ?? 0);
        if (!this.#isLockKey(op.key)) {
          const highest = this.#highest.get(op.key) ?? null;
          this.#w.trace.emit(LOCK_SERVICE, 'write-accepted', {
            key: op.key,
            writer: client,
            ...(token === undefined ? {} : { token }),
            leaseToken,
            highest,
            value: op.value,
          });
          if (leaseToken !== null && (highest === null || leaseToken > highest)) this.#highest.set(op.key, leaseToken);
        }
        responses.push([]);
      }
    }
    if (changed) this.#settleOwners();
    const what = cmps.length ? (failed ? 'compare failed' : 'compare held') : 'done';
    return {
      text: `txn ${what}, revision ${this.revision}`,
      value: { succeeded: !failed, revision: this.revision, responses },
    };
  }

  /** The token a guarded write carries: the create revision its If compares for equality (IsOwner), as etcd numbered it. */
  #carried(cmps: Cmp[]): number | undefined {
    const own = cmps.find((c) => c.target === 'create' && c.op === '=' && typeof c.value === 'number' && c.value > 0);
    return own ? (own.value as number) : undefined;
  }

  #put(key: string, value: string, lease: number): void {
    const old = this.#keys.get(key);
    if (old?.lease && old.lease !== lease) this.#leases.get(old.lease)?.keys.delete(key);
    const kv: KeyValue = old
      ? { ...old, value, modRevision: this.revision, version: old.version + 1, lease }
      : { key, value, createRevision: this.revision, modRevision: this.revision, version: 1, lease };
    this.#keys.set(key, kv);
    if (lease) this.#leases.get(lease)!.keys.add(key);
  }

  #delete(key: string, how: string): void {
    const kv = this.#keys.get(key);
    if (!kv) return;
    this.#keys.delete(key);
    this.#why.set(key, how);
    if (kv.lease) this.#leases.get(kv.lease)?.keys.delete(key);
    // A waiter whose own key is gone will never own the lock: its wait ends with an error.
    for (const waiter of this.#waiters.filter((x) => x.key === key)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.done(undefined, kvError(`${key} was ${how} while waiting for the lock`));
    }
    this.#w.trace.emit(LOCK_SERVICE, 'log', { text: `${key} ${how} at revision ${this.revision}` });
  }

  #range(key: string, prefix: boolean): KeyValue[] {
    if (!prefix) {
      const kv = this.#keys.get(key);
      return kv ? [{ ...kv }] : [];
    }
    return [...this.#keys.values()]
      .filter((kv) => kv.key.startsWith(key))
      .sort((a, b) => a.createRevision - b.createRevision)
      .map((kv) => ({ ...kv }));
  }

  // ---- Locks (the server side of Mutex.Lock / Election.Campaign: a put if absent, then waiting for deletes)

  /**
   * Puts `prefix/<lease hex>` with the lease unless it exists, then answers (through `done`) with its
   * create revision once it is the oldest key under the prefix: at once, or after older keys are deleted.
   */
  campaign(client: NodeName, prefix: string, lease: number, value: string, done: Waiter['done']): string {
    const key = `${prefix}/${hex(lease)}`;
    if (!this.#leases.has(lease)) {
      done(undefined, kvError(`lease ${hex(lease)} not found`));
      return `campaign ${prefix}: lease not found`;
    }
    if (!this.#owners.has(prefix)) this.#owners.set(prefix, null);
    if (!this.#keys.has(key)) {
      this.revision++;
      this.#put(key, value, lease);
    }
    const rev = this.#keys.get(key)!.createRevision;
    const waiter: Waiter = { prefix, key, client, done };
    this.#waiters.push(waiter);
    this.#settleOwners();
    // Already the owner (this session locked before and still holds it): answer at once, as Mutex.Lock does.
    if (this.#owners.get(prefix) === key && this.#waiters.includes(waiter)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      done(rev);
    }
    return `campaign ${prefix}: ${key} has create revision ${rev}`;
  }

  /** Gives every lock prefix its owner (the lowest create revision) and answers waiters that now own. */
  #settleOwners(): void {
    for (const [prefix, was] of this.#owners) {
      const oldest = this.#oldest(prefix);
      const now = oldest?.key ?? null;
      if (now === was) continue;
      if (was !== null && !this.#keys.has(was)) {
        // The previous owner's key was deleted: its lease expired (an expiry), or it unlocked or revoked (a release).
        const kind = this.#why.get(was) === 'expired' ? 'expire' : 'release';
        this.#w.trace.emit(LOCK_SERVICE, kind, { key: prefix, holder: this.#holderOf(was), token: this.#tokenOf(was) });
      }
      this.#owners.set(prefix, now);
      if (!oldest) continue;
      const lease = this.#leases.get(oldest.lease);
      const holder = lease?.owner ?? '?';
      const token = oldest.createRevision + this.#lost;
      this.#ownerTokens.set(oldest.key, { holder, token });
      this.#w.latestGrant.set(holder, token);
      this.#w.trace.emit(LOCK_SERVICE, 'grant', {
        key: prefix,
        holder,
        token,
        expiresAt: lease?.expiresAt ?? this.#w.sched.now,
      });
      for (const waiter of this.#waiters.filter((x) => x.key === oldest.key)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.done(oldest.createRevision);
      }
    }
  }

  /**
   * The key under `prefix/` with the lowest create revision, as #range(`${prefix}/`, true)[0] finds
   * it (on a tie, the first in insertion order, as its stable sort keeps) without copying every key.
   */
  #oldest(prefix: string): KeyValue | undefined {
    const under = `${prefix}/`;
    let oldest: KeyValue | undefined;
    for (const kv of this.#keys.values()) {
      if (kv.key.startsWith(under) && (oldest === undefined || kv.createRevision < oldest.createRevision)) oldest = kv;
    }
    return oldest;
  }

  /** Why each deleted key went: 'expired', 'revoked' or 'deleted'. */
  #why = new Map<string, string>();
  #ownerTokens = new Map<string, { holder: NodeName; token: number }>();
  #holderOf = (key: string) => this.#ownerTokens.get(key)?.holder ?? '?';
  #tokenOf = (key: string) => this.#ownerTokens.get(key)?.token ?? 0;

  #isLockKey(key: string): boolean {
    for (const prefix of this.#owners.keys()) if (key.startsWith(`${prefix}/`)) return true;
    return false;
  }

  // ---- Restore

  /**
   * The cluster is restored from the snapshot taken at SNAPSHOT_REVISION: every lease and every key
   * written since is gone, and the revision goes back to the snapshot's plus `bumpRevision`.
   */
  restore({ bumpRevision }: RestorePlan): void {
    const from = this.revision;
    const to = SNAPSHOT_REVISION + bumpRevision;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const lease of this.#leases.values()) if (lease.expiry) lease.expiry.cancelled = true;
    this.#leases.clear();
    const owners = [...this.#owners.entries()];
    this.#keys.clear();
    this.revision = to;
    // Ground truth keeps counting up: the judge's tokens stay in grant order.
    this.#lost += Math.max(0, from - to);
    this.#w.trace.emit(LOCK_SERVICE, 'log', {
      text: `restored from the snapshot at revision ${SNAPSHOT_REVISION}${bumpRevision ? ` with --bump-revision ${bumpRevision}` : ' without --bump-revision'}: revision ${from} → ${to}; every lease and lock key is gone`,
    });
    for (const [prefix, owner] of owners) {
      if (owner)
        this.#w.trace.emit(LOCK_SERVICE, 'expire', {
          key: prefix,
          holder: this.#holderOf(owner),
          token: this.#tokenOf(owner),
        });
      this.#owners.set(prefix, null);
    }
    for (const waiter of waiters)
      waiter.done(undefined, kvError(`${waiter.key} was lost in a restore while waiting for the lock`));
  }
}
