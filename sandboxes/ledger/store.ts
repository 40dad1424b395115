// store.ts — your code: the store's side of get, put and register. Each runs on the store.
// Today put refuses a token below the highest it has accepted for the key (lesson 1's fix);
// get and register accept everything and remember nothing.
// Try: let get carry the token too (job.ts passes it), and raise `memory`'s highest on reads.
import type { GetRequest, PutResult, RegisterRequest, StoreContext, VersionedPutRequest } from '../kit/index.ts';

export function handleGet(get: GetRequest, { memory }: StoreContext): PutResult {
  return { ok: true };
}

export function handlePut(put: VersionedPutRequest, { memory }: StoreContext): PutResult {
  if (put.token === undefined) return { ok: false, reason: 'no fencing token' };
  const highest = memory.get(put.key);
  if (highest !== undefined && put.token < highest) {
    return { ok: false, reason: `token ${put.token} < highest ${highest}` };
  }
  memory.set(put.key, put.token);
  return { ok: true };
}

export function handleRegister(register: RegisterRequest, { memory }: StoreContext): PutResult {
  return { ok: true };
}
