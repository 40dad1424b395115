// store.ts — your code: the object store's side of Put. It runs on the store for every write.
// Today it is a plain store: every write lands. It sees only what job.ts sends with put(), and
// `memory` lasts between puts. To refuse a write: return { ok: false, reason: '...' }.
import type { PutRequest, PutResult, StoreContext } from '../kit/index.ts';

export function handlePut(put: PutRequest, { memory, console }: StoreContext): PutResult {
  return { ok: true };
}
