// The split-brain log shown in the lesson: leader A (token 33) pauses, its lease expires,
// B is elected in a higher term with token 34 and writes, A wakes and its stale write is
// rejected by the store's token check.
// Hand-written for now, in the shape the simulator's traceToLog() produces ({ t, node, message });
// it will be replaced by a real seeded run of the lesson's scenario.

export interface LogRow {
  t: number;
  node: string;
  message: string;
}

export const splitBrain: LogRow[] = [
  { t: 0, node: 'A', message: 'acquire job-leader (ttl 10 s)' },
  { t: 2, node: 'lock', message: 'grant job-leader to A: token 33, lease ends at 10.002' },
  { t: 4, node: 'A', message: 'leader for term 7; job started' },
  { t: 3300, node: 'A', message: 'keep-alive: renew lease 33' },
  { t: 3302, node: 'lock', message: 'renewed lease 33 for A: ends at 13.302' },
  { t: 4150, node: 'A', message: 'paused (stop-the-world GC): no job, no keep-alive, no callbacks' },
  { t: 13302, node: 'lock', message: 'lease 33 of A expired; job-leader is free' },
  { t: 13420, node: 'B', message: 'acquire job-leader (ttl 10 s)' },
  { t: 13422, node: 'lock', message: 'grant job-leader to B: token 34, lease ends at 23.422' },
  { t: 13425, node: 'B', message: 'leader for term 8; job started' },
  { t: 16880, node: 'B', message: 'put result.csv (token 34)' },
  { t: 16883, node: 'store', message: 'accepted result.csv from B: token 34, highest seen was none' },
  { t: 21610, node: 'A', message: 'resumed after a 17.460 s pause; still acting as leader for term 7' },
  { t: 21612, node: 'A', message: 'put result.csv (token 33)' },
  { t: 21615, node: 'store', message: 'rejected result.csv from A: token 33 < highest seen 34' },
  { t: 21640, node: 'lock', message: 'renew refused for A: lease 33 no longer exists' },
  { t: 21641, node: 'A', message: 'keep-alive channel closed: onLost(); stepping down' },
];

/** Lines (1-based) the lesson points at. */
export const splitBrainHighlights = [6, 7, 9, 14, 15];
