// Variant wall-clock-tokens: the store keeps the latest timestamp it accepted per key and refuses
// older ones: the token check, with timestamps from the writers' clocks instead of tokens.
import type { PutRequest, PutResult, StoreContext } from '../../../kit/index.ts';

export function handlePut(put: PutRequest, { memory }: StoreContext): PutResult {
  if (put.token === undefined) return { ok: false, reason: 'no timestamp' };
  const latest = memory.get(put.key);
  if (latest !== undefined && put.token < latest) {
    return { ok: false, reason: `timestamp ${put.token} < latest ${latest}` };
  }
  memory.set(put.key, put.token);
  return { ok: true };
}
