// store.ts — the fix: keep-alive can only tell a running process that it lost the lease; a paused
// one hears it too late. So the store enforces the token: it keeps the highest token accepted per
// key and refuses anything lower. (job.ts may keep its onLost check: it saves useless work.)
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
