// The shared vocabulary of the simulator: what a run records and what the judge says.
// The UI (log, timeline, verdict badge, explore panel) reads only these types.
// Erasable TypeScript only: this file runs as-is under `node`, in a worker and in a WebContainer.

/** Virtual milliseconds since the start of a run. */
export type Time = number;

/** Names of the simulated parties. Workers are 'A', 'B', ...; the services are fixed names. */
export type NodeName = string;
export const LOCK_SERVICE: NodeName = 'lock';
export const STORE: NodeName = 'store';

interface Base {
  /** Virtual time of the event. */
  t: Time;
  /** The node the event happened on. */
  node: NodeName;
  /** Position in the trace; strictly increasing. */
  seq: number;
}

export type TraceEvent =
  | (Base & { kind: 'start' })
  | (Base & { kind: 'done' })
  | (Base & { kind: 'grant'; key: string; holder: NodeName; token: number; expiresAt: Time })
  | (Base & { kind: 'refuse'; key: string; holder: NodeName; heldBy: NodeName })
  | (Base & { kind: 'renew'; key: string; holder: NodeName; token: number; expiresAt: Time })
  | (Base & { kind: 'renew-refused'; key: string; holder: NodeName })
  | (Base & { kind: 'expire'; key: string; holder: NodeName; token: number })
  | (Base & { kind: 'release'; key: string; holder: NodeName; token: number })
  | (Base & { kind: 'pause-start'; until: Time })
  | (Base & { kind: 'pause-end' })
  | (Base & { kind: 'send'; to: NodeName; msg: string; id: number })
  | (Base & { kind: 'receive'; from: NodeName; msg: string; id: number })
  | (Base & { kind: 'drop'; to: NodeName; msg: string; id: number })
  | (Base & {
      kind: 'write-accepted' | 'write-rejected';
      key: string;
      writer: NodeName;
      /** The token the write carried, if any. */
      token?: number;
      /** Ground truth: the token of the writer's most recent grant, whether or not the write carried it. */
      leaseToken: number | null;
      /** The highest ground-truth token accepted for this key before this write. */
      highest: number | null;
      value: string;
      reason?: string;
    })
  | (Base & { kind: 'lost'; key: string })
  | (Base & { kind: 'log'; text: string })
  | (Base & { kind: 'error'; message: string; file?: string; line?: number });

export type EventKind = TraceEvent['kind'];

export type VerdictKind =
  | 'stale-write-accepted' // unsafe: a write with a token below the highest accepted landed
  | 'stale-write-rejected' // safe: a stale write was attempted and refused, and the leader's write landed
  | 'no-stale-write' //       safe: no stale write was attempted in this schedule, and the leader's write landed
  | 'no-progress' //          the current leader's data did not end up in the store (e.g. "reject everything")
  | 'error'; //               the reader's code threw, or never finished

export interface Verdict {
  kind: VerdictKind;
  /** True for stale-write-rejected and no-stale-write. */
  ok: boolean;
  /** One sentence in words, for the badge and the CLI. */
  summary: string;
  /** The trace event (by seq) that decided the verdict, when there is one. */
  decidedBy?: number;
  /** For 'error': the reader's error. */
  error?: { message: string; file?: string; line?: number };
}

export interface RunResult {
  sandbox: string;
  seed: number;
  trace: TraceEvent[];
  verdict: Verdict;
}
