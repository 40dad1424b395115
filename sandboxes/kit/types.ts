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

// ---- Added with the kit: how a run is asked for, what a sandbox declares, what exploring returns.

/** Messages between `a` and `b` (either way) are lost from `from` (inclusive) to `to` (exclusive). */
export interface Partition {
  a: NodeName;
  b: NodeName;
  from: Time;
  to: Time;
}

/** What a run may change in its scenario's default schedule. Unset fields keep the scenario's defaults. */
export interface ScheduleOverrides {
  /** Who is paused (a GC pause, a VM migration), when, and for how long; null for no pause. */
  pause?: { node: NodeName; at: Time; ms: number } | null;
  /** One-way network latency in ms, drawn per message from [min, max). */
  latencyMs?: [number, number];
  /** Probability that any one message is lost. */
  dropRate?: number;
  partitions?: Partition[];
  /** Offset of each node's own clock from true time, in ms (what `now()` returns on that node). */
  clockSkewMs?: Record<NodeName, number>;
}

/** The argument of every scenario's `run()`. */
export interface RunOptions {
  seed?: number;
  schedule?: ScheduleOverrides;
  /** Called with each trace event as it is recorded (streaming to a UI). */
  onEvent?: (event: TraceEvent) => void;
  /** Called once, when the run's cluster exists, with its clock: runners bind reader code's `Date` to it. */
  onClock?: (clock: VirtualClock) => void;
}

/** The simulator's clock as reader code's `Date.now()` and `performance.now()` see it. */
export interface VirtualClock {
  /** Wall-clock ms of the node whose code runs now (`now()` on that node); true virtual time when no node runs. */
  wallMs(): number;
  /** Virtual ms since the run started, the same on every node. */
  elapsedMs(): number;
}

/** A named alternative version of a sandbox's editable files (for exploring). */
export interface Variant {
  name: string;
  /** One sentence: what this version changes and why it might (not) help. */
  description: string;
  /** Folder (relative to the sandbox) whose files replace the editable ones; absent = the starter files. */
  dir?: string;
}

/** What each `sandboxes/<id>/sandbox.ts` exports as `sandbox`. */
export interface SandboxMeta {
  id: string;
  title: string;
  /** Files the reader edits, relative to the sandbox folder. */
  editable: string[];
  /** Files shown read-only, relative to the sandbox folder. */
  readonly: string[];
  entry: 'scenario.ts';
  defaultSeed: number;
  variants?: Variant[];
}

/** One schedule of an exploration: its index in the range and the seed it ran with. */
export interface ExploreExample {
  index: number;
  seed: number;
}

/** Verdict counts over schedules [from, to) drawn from `baseSeed`. Parts of a range merge exactly. */
export interface ExploreResult {
  baseSeed: number;
  from: number;
  to: number;
  counts: Record<VerdictKind, number>;
  /** counts['stale-write-accepted'] / (to - from). */
  staleWriteRate: number;
  /** The first few schedules (lowest index) that gave each verdict. */
  examples: Record<VerdictKind, ExploreExample[]>;
}
