// store.ts — your code: the object store's side of Put. It runs on the store for every write.
// Today it is a plain store: every write lands. Try: once job.ts passes its fencing token, keep
// the highest token accepted per key in `memory` (it lasts between puts) and reject lower ones:
// return { ok: false, reason: '...' }.
import type { PutRequest, PutResult, StoreContext } from '../kit/index.ts';

export function handlePut(put: PutRequest, { memory, console }: StoreContext): PutResult {
  return { ok: true };
}
