// The object store (node 'store'). Whether a put is accepted is decided by a handler: the reader's
// `handlePut`, or one of the two below. Every decision is traced with the ground truth the judge
// needs: the writer's latest lease token (known to the kit even when the write carried none) and
// the highest such token accepted for the key before.
import { makeConsole, type ConsoleLike } from './console.ts';
import { WriteRejectedError } from './errors.ts';
import { rpc, type Reply } from './rpc.ts';
import type { Network } from './network.ts';
import { STORE, type NodeName } from './types.ts';
import type { NodeState, World } from './world.ts';

export interface PutRequest {
  key: string;
  value: string;
  /** The fencing token the writer passed, if any. */
  token?: number;
  /** Who sent the put. */
  from: NodeName;
}

export type PutResult = { ok: true } | { ok: false; reason?: string };

/** What the store hands its handler: memory that lasts between puts (empty at start), and a console. */
export interface StoreContext {
  memory: Map<string, number>;
  console: ConsoleLike;
}

export type PutHandler = (put: PutRequest, store: StoreContext) => PutResult;

/** A plain store: every write lands. */
export const acceptAll: PutHandler = () => ({ ok: true });

/** Receives the token, writes it to the log, and accepts anyway. */
export const logTokenOnly: PutHandler = (put, { console }) => {
  console.log(`put ${put.key} with token ${put.token ?? '(none)'}`);
  return { ok: true };
};

export interface StoreClient {
  /** Writes `value` under `key`, passing `token` along if given; throws WriteRejectedError if refused. */
  put(key: string, value: string, token?: number): Promise<void>;
}

export class ObjectStore {
  readonly node: NodeState;
  #w: World;
  #handler: PutHandler;
  #context: StoreContext;
  /** Highest ground-truth token accepted per key. */
  #highest = new Map<string, number>();

  constructor(w: World, handler: PutHandler) {
    this.#w = w;
    this.node = w.node(STORE);
    this.#handler = handler;
    this.#context = { memory: new Map(), console: makeConsole((text) => w.trace.emit(STORE, 'log', { text })) };
  }

  put(put: PutRequest, leaseToken: number | null): Reply<void> {
    const w = this.#w;
    const { key, value, token, from } = put;
    const result = this.#decide(put);
    if (!result) return { text: 'put failed' };
    const highest = this.#highest.get(key) ?? null;
    const fields = { key, writer: from, token, leaseToken, highest, value };
    if (!result.ok) {
      const reason = result.reason ?? '';
      w.trace.emit(STORE, 'write-rejected', { ...fields, reason });
      return { text: `rejected ${key}${reason ? `: ${reason}` : ''}`, error: new WriteRejectedError(key, reason) };
    }
    if (leaseToken !== null && (highest === null || leaseToken > highest)) this.#highest.set(key, leaseToken);
    w.trace.emit(STORE, 'write-accepted', fields);
    return { text: `stored ${key}` };
  }

  /** Runs the handler; a throw or a malformed answer is the reader's error and ends the run. */
  #decide(put: PutRequest): PutResult | null {
    try {
      const result: unknown = this.#handler({ ...put }, this.#context);
      if (result instanceof Promise)
        throw new Error('handlePut must answer right away: return { ok: ... }, not a Promise');
      if (typeof result !== 'object' || result === null || typeof (result as PutResult).ok !== 'boolean') {
        throw new Error('handlePut must return { ok: true } or { ok: false, reason: "..." }');
      }
      return result as PutResult;
    } catch (err) {
      this.#w.fail(STORE, err);
      return null;
    }
  }
}

export function storeClient(w: World, net: Network, node: NodeState, store: ObjectStore): StoreClient {
  return {
    put(key, value, token) {
      // Ground truth is taken when the write is sent: the lease the writer acted under.
      const leaseToken = w.latestGrant.get(node.name) ?? null;
      const put: PutRequest =
        token === undefined ? { key, value, from: node.name } : { key, value, token, from: node.name };
      return w.call<void>(node, (settle) =>
        rpc(
          w,
          net,
          node,
          store.node,
          `put ${key}${token === undefined ? '' : ` token ${token}`}`,
          () => store.put(put, leaseToken),
          settle,
        ),
      );
    },
  };
}
