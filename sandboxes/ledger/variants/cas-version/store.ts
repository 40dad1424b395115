// store.ts — a store that cannot check a token (an S3 bucket, a plain table): it accepts every read
// and write; only the version condition a write carries is enforced (by the store itself).
import type { GetRequest, PutResult, RegisterRequest, StoreContext, VersionedPutRequest } from '../../../kit/index.ts';

export function handleGet(get: GetRequest, { memory }: StoreContext): PutResult {
  return { ok: true };
}

export function handlePut(put: VersionedPutRequest, { memory }: StoreContext): PutResult {
  return { ok: true };
}

export function handleRegister(register: RegisterRequest, { memory }: StoreContext): PutResult {
  return { ok: true };
}
