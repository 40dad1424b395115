// The judge: a pure function of the trace. Safety first (no write accepted with a lease token below
// the highest already accepted for its key), then progress (each written key ends up holding the
// write of whoever holds the highest token ever granted), so "reject everything" fails too.
import type { TraceEvent, Verdict } from './types.ts';

type Write = Extract<TraceEvent, { kind: 'write-accepted' | 'write-rejected' }>;

export function judge(trace: readonly TraceEvent[]): Verdict {
  const failure = trace.find((e) => e.kind === 'error');
  if (failure) {
    const { message, file, line } = failure;
    const where = file ? ` (${file}${line ? ` line ${line}` : ''})` : '';
    return { kind: 'error', ok: false, summary: `Error on ${failure.node}${where}: ${message}`, decidedBy: failure.seq, error: { message, file, line } };
  }

  const writes = trace.filter((e): e is Write => e.kind === 'write-accepted' || e.kind === 'write-rejected');
  const best = new Map<string, Write>(); // per key: the accepted write with the highest lease token
  const last = new Map<string, Write>(); // per key: the last accepted write
  for (const write of writes) {
    if (write.kind !== 'write-accepted') {
      if (!last.has(write.key)) last.set(write.key, write); // remembers the key; replaced by the first acceptance
      continue;
    }
    const top = best.get(write.key);
    if (top && (write.leaseToken ?? -Infinity) < top.leaseToken!) {
      const carried = write.token === undefined ? ' (the write carried no token)' : write.token !== write.leaseToken ? ` (the write carried ${write.token})` : '';
      return {
        kind: 'stale-write-accepted',
        ok: false,
        summary: `Stale write accepted: ${write.writer} wrote ${write.key} with token ${write.leaseToken ?? 'none'}${carried} after ${top.writer}'s token ${top.leaseToken} was accepted.`,
        decidedBy: write.seq,
      };
    }
    if (write.leaseToken !== null && (!top || write.leaseToken > top.leaseToken!)) best.set(write.key, write);
    last.set(write.key, write);
  }

  let leader: Extract<TraceEvent, { kind: 'grant' }> | undefined;
  for (const e of trace) if (e.kind === 'grant' && (!leader || e.token > leader.token)) leader = e;
  if (!leader) return { kind: 'no-progress', ok: false, summary: 'No progress: no lease was ever granted.' };
  if (last.size === 0) {
    return { kind: 'no-progress', ok: false, summary: `No progress: nothing was written; ${leader.holder} holds the highest token ${leader.token}.`, decidedBy: leader.seq };
  }
  for (const [key, final] of last) {
    if (final.kind !== 'write-accepted' || final.writer !== leader.holder || final.leaseToken !== leader.token) {
      const summary =
        final.kind === 'write-accepted'
          ? `No progress: ${key} holds ${final.writer}'s write with token ${final.leaseToken ?? 'none'}, not that of ${leader.holder}, which holds the highest token ${leader.token}.`
          : `No progress: no write to ${key} was accepted; ${leader.holder} holds the highest token ${leader.token}.`;
      return { kind: 'no-progress', ok: false, summary, decidedBy: final.seq };
    }
  }

  const landed = last.values().next().value!;
  const rejected = writes.find((e) => e.kind === 'write-rejected');
  if (rejected) {
    return {
      kind: 'stale-write-rejected',
      ok: true,
      summary: `Stale write rejected: ${rejected.writer}'s write to ${rejected.key} with token ${rejected.leaseToken ?? 'none'} was refused${rejected.reason ? ` (${rejected.reason})` : ''}, and ${landed.writer}'s write with token ${landed.leaseToken} landed.`,
      decidedBy: rejected.seq,
    };
  }
  return {
    kind: 'no-stale-write',
    ok: true,
    summary: `No stale write was attempted: ${landed.writer}'s write to ${landed.key} with token ${landed.leaseToken} landed.`,
    decidedBy: landed.seq,
  };
}
