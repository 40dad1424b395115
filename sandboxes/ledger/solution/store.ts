// store.ts — fenced reads: get and put both refuse a token below the highest the store has seen for
// the key, and both raise it. Once B has read with token 34, A's write with 33 bounces, however late
// or early it arrives after that read. Equal tokens pass: the same holder reads, then writes.
import type { GetRequest, PutResult, RegisterRequest, StoreContext, VersionedPutRequest } from '../../kit/index.ts';

function admit(key: string, token: number | undefined, memory: Map<string, number>): PutResult {
  if (token === undefined) return { ok: false, reason: 'no fencing token' };
  const highest = memory.get(key);
  if (highest !== undefined && token < highest) return { ok: false, reason: `token ${token} < highest ${highest}` };
  memory.set(key, token);
  return { ok: true };
}

export function handleGet(get: GetRequest, { memory }: StoreContext): PutResult {
  return admit(get.key, get.token, memory);
}

export function handlePut(put: VersionedPutRequest, { memory }: StoreContext): PutResult {
  return admit(put.key, put.token, memory);
}

export function handleRegister(register: RegisterRequest, { memory }: StoreContext): PutResult {
  return admit(register.key, register.token, memory);
}
