// store.ts — register first: register and put refuse a token below the highest the store has seen
// for the key, and raise it; reads pass.
import type { GetRequest, PutResult, RegisterRequest, StoreContext, VersionedPutRequest } from '../../../kit/index.ts';

function admit(key: string, token: number | undefined, memory: Map<string, number>): PutResult {
  if (token === undefined) return { ok: false, reason: 'no fencing token' };
  const highest = memory.get(key);
  if (highest !== undefined && token < highest) return { ok: false, reason: `token ${token} < highest ${highest}` };
  memory.set(key, token);
  return { ok: true };
}

export function handleGet(get: GetRequest, { memory }: StoreContext): PutResult {
  return { ok: true };
}

export function handlePut(put: VersionedPutRequest, { memory }: StoreContext): PutResult {
  return admit(put.key, put.token, memory);
}

export function handleRegister(register: RegisterRequest, { memory }: StoreContext): PutResult {
  return admit(register.key, register.token, memory);
}
