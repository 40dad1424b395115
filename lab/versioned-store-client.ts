// The VersionedStoreClient the reader's runJob gets in a lab worker (lesson 2's ledger): get, put
// and register as HTTP requests to the lab's store service (lab/versioned-store-service.ts), which
// decides each in a PostgreSQL transaction with the reader's store.ts. As the simulator's client
// (kit/versioned-store.ts), it sends the ground truth along: the worker's latest lease token and,
// with a write, the newest version of the key this worker had seen (read, or written itself).
import { ReadRejectedError, RpcTimeoutError, WriteRejectedError } from '../sandboxes/kit/errors.ts';
import type { VersionedStoreClient } from '../sandboxes/kit/versioned-store.ts';
import type { GetAnswer, PutAnswer, RegisterAnswer } from './versioned-store-service.ts';

export interface VersionedClientOptions {
  /** The store service's /put URL; the other routes sit beside it. */
  storeUrl: string;
  node: string;
  /** Ground truth: the token of this worker's most recent grant. */
  leaseToken: () => number | null;
  /** Called when one of this worker's writes landed. */
  landed: () => void;
}

export function versionedStoreClient({
  storeUrl,
  node,
  leaseToken,
  landed,
}: VersionedClientOptions): VersionedStoreClient {
  const seen = new Map<string, number>();
  const saw = (key: string, version: number) => seen.set(key, Math.max(version, seen.get(key) ?? 0));
  async function call<T>(route: string, what: string, body: object): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(route, storeUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw new RpcTimeoutError('store', `${what} (${(err as Error).message})`);
    }
    const answer = (await res.json()) as T & { failed?: boolean };
    if (answer.failed) throw new Error('the store failed: see its error in the trace');
    return answer;
  }
  return {
    async get(key, token) {
      const answer = await call<GetAnswer>('/get', `get ${key}`, {
        key,
        ...(token === undefined ? {} : { token }),
        from: node,
        leaseToken: leaseToken(),
      });
      if ('refused' in answer) throw new ReadRejectedError(key, answer.reason);
      saw(key, answer.version);
      return { value: answer.value, version: answer.version };
    },
    async put(key, value, options = {}) {
      const { token, ifVersion } = options;
      const body = {
        key,
        value,
        ...(token === undefined ? {} : { token }),
        ...(ifVersion === undefined ? {} : { ifVersion }),
        from: node,
        leaseToken: leaseToken(),
        basedOn: seen.get(key) ?? null,
      };
      const answer = await call<PutAnswer>('/vput', `put ${key}`, body);
      if ('refused' in answer) throw new WriteRejectedError(key, answer.reason);
      if (answer.ok) {
        saw(key, answer.version); // a conflict tells the version number, not the value: nothing seen
        landed();
        return { ok: true, version: answer.version };
      }
      return { ok: false, version: answer.version };
    },
    async register(key, token) {
      const answer = await call<RegisterAnswer>('/register', `register ${key}`, {
        key,
        token,
        from: node,
        leaseToken: leaseToken(),
      });
      if ('refused' in answer) throw new WriteRejectedError(key, answer.reason);
    },
  };
}
