// store.ts — the fix: the store enforces the token. It keeps the highest token it has accepted
// per key and refuses anything lower, so a deposed leader's late write bounces, whatever its lock
// client believes. Equal tokens pass: the same leader may write twice.
import type { PutRequest, PutResult, StoreContext } from '../../kit/index.ts';

export function handlePut(put: PutRequest, { memory }: StoreContext): PutResult {
  if (put.token === undefined) return { ok: false, reason: 'no fencing token' };
  const highest = memory.get(put.key);
  if (highest !== undefined && put.token < highest) {
    return { ok: false, reason: `token ${put.token} < highest ${highest}` };
  }
  memory.set(put.key, put.token);
  return { ok: true };
}
