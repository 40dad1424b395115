// The versioned store's requests in the lab's store service (lesson 2's ledger): get, put with an
// optional compare-and-set on the version, and register, each decided inside the store service's
// PostgreSQL transaction (the key's row locked) by the reader's handleGet / handlePut /
// handleRegister, with the same trace events and fields as the simulator's kit/versioned-store.ts:
// read / read-rejected, write-accepted / write-rejected (version, replaced, basedOn, ifVersion),
// register / register-rejected.
import type { PutResult } from '../sandboxes/kit/object-store.ts';
import type {
  GetRequest,
  RegisterRequest,
  VersionedHandlers,
  VersionedPutRequest,
} from '../sandboxes/kit/versioned-store.ts';
import type { Decision, Route, StoreHandlers, StoreTx } from './store-service.ts';

/** What a worker sends: the request, and the ground truth the judge needs (taken when it was sent). */
export interface GetBody {
  key: string;
  token?: number;
  from: string;
  leaseToken: number | null;
}
export interface VersionedPutBody {
  key: string;
  value: string;
  token?: number;
  ifVersion?: number;
  from: string;
  leaseToken: number | null;
  /** The newest version of the key the writer had seen when it sent the write; null if none. */
  basedOn: number | null;
}
export interface RegisterBody {
  key: string;
  token: number;
  from: string;
  leaseToken: number | null;
}

/** What the store service answers: refused by the reader's handler (with why), or the route's own answer. */
export type Refused = { refused: true; reason: string };
export type GetAnswer = { value: string; version: number } | Refused;
export type PutAnswer = { ok: boolean; version: number } | Refused;
export type RegisterAnswer = { ok: true } | Refused;

const versioned = (handlers: StoreHandlers) => handlers as VersionedHandlers;
const has = <T>(v: T | undefined, field: string) => (v === undefined || v === null ? {} : { [field]: v });

function get(body: GetBody, tx: StoreTx, handlers: StoreHandlers): Decision<GetAnswer> | null {
  const { key, token, from, leaseToken } = body;
  const { value, version } = tx;
  const request: GetRequest = { key, ...has(token, 'token'), from, version };
  const result = tx.decide('handleGet', (context) => versioned(handlers).handleGet({ ...request }, context));
  if (!result) return null;
  const fields = { key, reader: from, ...has(token, 'token'), leaseToken, version, value };
  if (!result.ok) {
    const reason = result.reason ?? '';
    return { answer: { refused: true, reason }, events: [['read-rejected', { ...fields, reason }]] };
  }
  return { answer: { value, version }, events: [['read', fields]] };
}

function put(body: VersionedPutBody, tx: StoreTx, handlers: StoreHandlers): Decision<PutAnswer> | null {
  const { key, value, token, ifVersion, from, leaseToken, basedOn } = body;
  const current = tx.version;
  const fields = {
    key,
    writer: from,
    ...has(token, 'token'),
    leaseToken,
    highest: tx.highest,
    value,
    basedOn,
    ...has(ifVersion, 'ifVersion'),
  };
  // The store itself enforces the compare-and-set condition, before any handler runs (S3's If-Match).
  if (ifVersion !== undefined && ifVersion !== null && ifVersion !== current) {
    const reason = `version is ${current}, not ${ifVersion}`;
    return {
      answer: { ok: false, version: current },
      events: [['write-rejected', { ...fields, reason, version: current }]],
    };
  }
  const request: VersionedPutRequest = {
    key,
    value,
    ...has(token, 'token'),
    ...has(ifVersion, 'ifVersion'),
    from,
    version: current,
  };
  const result: PutResult | null = tx.decide('handlePut', (context) =>
    versioned(handlers).handlePut({ ...request }, context),
  );
  if (!result) return null;
  if (!result.ok) {
    const reason = result.reason ?? '';
    return { answer: { refused: true, reason }, events: [['write-rejected', { ...fields, reason, version: current }]] };
  }
  return {
    answer: { ok: true, version: current + 1 },
    events: [['write-accepted', { ...fields, version: current + 1, replaced: current }]],
    write: { value, token: token ?? null, writer: from, leaseToken },
  };
}

function register(body: RegisterBody, tx: StoreTx, handlers: StoreHandlers): Decision<RegisterAnswer> | null {
  const { key, token, from, leaseToken } = body;
  const store = versioned(handlers);
  const request: RegisterRequest = { key, token, from };
  const result = store.handleRegister
    ? tx.decide('handleRegister', (context) => store.handleRegister!({ ...request }, context))
    : { ok: false as const, reason: 'this store has no handleRegister: export one from store.ts' };
  if (!result) return null;
  if (!result.ok) {
    const reason = result.reason ?? '';
    return {
      answer: { refused: true, reason },
      events: [['register-rejected', { key, holder: from, token, leaseToken, reason }]],
    };
  }
  return { answer: { ok: true }, events: [['register', { key, holder: from, token, leaseToken }]] };
}

export const versionedRoutes: Record<string, Route> = { '/get': get, '/vput': put, '/register': register };
