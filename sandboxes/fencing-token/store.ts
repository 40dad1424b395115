// store.ts — your code: the object store's side of Put. It runs on the store for every write.
// Today it receives the fencing token, logs it, and accepts every write anyway.
// Try: remember the highest token accepted per key in `memory` (it lasts between puts) and
// reject a put whose token is lower: return { ok: false, reason: '...' }.
import type { PutRequest, PutResult, StoreContext } from '../kit/index.ts';

export function handlePut(put: PutRequest, { memory, console }: StoreContext): PutResult {
  console.log(`put ${put.key} from ${put.from} with token ${put.token}`);
  return { ok: true };
}
