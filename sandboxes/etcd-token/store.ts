// store.ts — your code: the object store's side of Put (as in the first lesson's solution).
// It keeps the highest token it has accepted per key and refuses a lower one; equal tokens pass.
import type { PutRequest, PutResult, StoreContext } from '../kit/index.ts';

export function handlePut(put: PutRequest, { memory }: StoreContext): PutResult {
  if (put.token === undefined) return { ok: false, reason: 'no fencing token' };
  const highest = memory.get(put.key);
  if (highest !== undefined && put.token < highest) {
    return { ok: false, reason: `token ${put.token} < highest ${highest}` };
  }
  memory.set(put.key, put.token);
  return { ok: true };
}
