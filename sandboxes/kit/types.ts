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
      // Only from the versioned store (kit/versioned-store.ts, lesson 2); absent for lesson 1's object store.
      /** Accepted: the version this write created; refused: the key's version when it was refused. */
      version?: number;
      /** Accepted: the version this write replaced (0: the key did not exist). */
      replaced?: number;
      /** Ground truth: the newest version of the key the writer had seen (read, or written) when it sent the write; null if none. */
      basedOn?: number | null;
      /** The compare-and-set condition the write carried: apply only if the key is at this version. */
      ifVersion?: number;
    })
  | (Base & {
      kind: 'read' | 'read-rejected';
      key: string;
      reader: NodeName;
      token?: number;
      /** Ground truth, as for writes: the token of the reader's most recent grant. */
      leaseToken: number | null;
      /** The version read (for read-rejected: the key's version when the read was refused). */
      version: number;
      value: string;
      reason?: string;
    })
  | (Base & {
      kind: 'register' | 'register-rejected';
      key: string;
      holder: NodeName;
      token: number;
      leaseToken: number | null;
      reason?: string;
    })
  | (Base & {
      kind: 'lost';
      key: string;
      /** Why the keep-alive gave up: the service said the lease is gone, or no renewal was acknowledged within the TTL. */
      reason?: 'expired' | 'deadline';
    })
  | (Base & { kind: 'log'; text: string })
  | (Base & { kind: 'error'; message: string; file?: string; line?: number })
  /** A drawn fault begins (a link stalls, a partition, a clock step), in words; a pause has its own events. */
  | (Base & { kind: 'fault'; text: string });

export type EventKind = TraceEvent['kind'];

/**
 * Every outcome the judge reports, in order of precedence: a run's primary verdict is the first kind
 * in this list that one of its findings has; the Verdict lists every finding too. One list for the
 * CLI, the badge, the timeline and Explore. A new kind (lesson 2: reads, compare-and-set and
 * 'lost-update') slots in here at its precedence, with its entry in VERDICT_INFO.
 */
export const VERDICT_KINDS = [
  'error',
  'stale-write-accepted',
  'lost-update',
  'no-progress',
  'deposed-write-accepted',
  'stale-write-rejected',
  'no-stale-write',
] as const;

export type VerdictKind = (typeof VERDICT_KINDS)[number];

export interface VerdictInfo {
  /** Whether a run with this primary verdict is safe and made progress, for the job of lesson 1 (a whole-file overwrite). */
  ok: boolean;
  /** Short name for a badge, a table heading, the CLI. */
  label: string;
  /** What it means, in one sentence that completes "In a run judged so, …". */
  meaning: string;
}

export const VERDICT_INFO: Record<VerdictKind, VerdictInfo> = {
  error: { ok: false, label: 'Error', meaning: 'the reader’s code threw, did not parse, or never finished.' },
  'stale-write-accepted': {
    ok: false,
    label: 'Stale write accepted',
    meaning:
      'the store accepted a write whose lease token is below one it had already accepted for that key: order broken, the newer leader’s data overwritten.',
  },
  'lost-update': {
    ok: false,
    label: 'Lost update',
    meaning:
      'the store accepted a write that replaced a version its writer had never read: the update that made that version was acknowledged, then silently overwritten by a write computed without it.',
  },
  'no-progress': {
    ok: false,
    label: 'No progress',
    meaning:
      'the current leader’s writes did not all end up in the store: the store refused one although its token was the newest granted, nothing landed, or the key ends holding someone else’s write.',
  },
  'deposed-write-accepted': {
    ok: true,
    label: 'Deposed write accepted (no newer write yet)',
    meaning:
      'a deposed holder’s write landed after a newer lease had been granted, but before the store had accepted any write under it, so the writes the store accepted stayed in the order of the grants (all that a highest-seen token check promises); the newest holder’s write then landed on top. Harmless for a whole-file overwrite; in a read-modify-write job, if it landed after the new holder had read, the new holder’s write then replaces it unread: a lost update, judged as such.',
  },
  'stale-write-rejected': {
    ok: true,
    label: 'Stale write rejected',
    meaning:
      'the store refused a write whose token was below the newest granted, and the current leader’s write is what the store holds.',
  },
  'no-stale-write': {
    ok: true,
    label: 'No stale write in this run',
    meaning: 'no deposed holder’s write reached the store, and the current leader’s write is what the store holds.',
  },
};

/** A lease as the lock service granted it: who, which token, and the grant's trace event. */
export interface LeaseRef {
  holder: NodeName;
  token: number;
  /** The grant event (by seq). */
  seq: number;
  t: Time;
}

/** A write as the store decided it. */
export interface WriteRef {
  /** The write-accepted / write-rejected event (by seq). */
  seq: number;
  t: Time;
  key: string;
  writer: NodeName;
  accepted: boolean;
  /** The writer's lease token (ground truth: its latest grant when it sent the write); null if it never held one. */
  leaseToken: number | null;
  /** The token the write carried, if any (may differ from leaseToken, or be absent). */
  token?: number;
  /** Why the store refused it, if it said. */
  reason?: string;
  /** Versioned store only: see the write events' fields of the same names. */
  version?: number;
  replaced?: number;
  basedOn?: number | null;
  ifVersion?: number;
}

/** One thing the judge found in a trace. */
export interface Finding {
  kind: VerdictKind;
  /** One sentence, exactly true of the trace, without the kind's label. */
  sentence: string;
  /** The trace event (by seq) that shows it. */
  decidedBy?: number;
  /** The write it is about, if any. */
  write?: WriteRef;
  /**
   * The lease the write is measured against: for a deposed or stale write, the newest lease granted
   * when the store decided it; for no-progress, the current leader's lease.
   */
  newer?: LeaseRef;
  /** For stale-write-accepted: the accepted write with the higher token that it landed after. */
  overwrote?: WriteRef;
  /** For lost-update: the accepted write whose version was replaced unread (absent if it was the key's initial state). */
  lost?: WriteRef;
}

export interface Verdict {
  /** The primary verdict: the first kind of VERDICT_KINDS that some finding has. */
  kind: VerdictKind;
  /** VERDICT_INFO[kind].ok. */
  ok: boolean;
  /** The primary finding's sentence after its label, then the leader's progress and the other findings: for the badge and the CLI. */
  summary: string;
  /** The trace event (by seq) that decided the verdict, when there is one. */
  decidedBy?: number;
  /** For 'error': the reader's error. */
  error?: { message: string; file?: string; line?: number };
  /** Every finding, in order of precedence (then of the trace); the first is the primary. */
  findings: Finding[];
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

/** From `at`, `node` runs nothing for `ms` (a stop-the-world GC, a suspended VM, swapping, SIGSTOP). */
export interface Pause {
  node: NodeName;
  at: Time;
  ms: number;
}

/**
 * One-way: the link from `from` to `to` holds every message sent on it from `at` (inclusive) to
 * `at + ms` (exclusive); they arrive after `at + ms`, each with its usual latency. Nothing is lost.
 */
export interface Stall {
  from: NodeName;
  to: NodeName;
  at: Time;
  ms: number;
}

/** At true time `at`, `node`'s wall clock steps by `ms` (negative: back), as NTP steps a large offset. */
export interface ClockJump {
  node: NodeName;
  at: Time;
  ms: number;
}

/** What a run may change in its scenario's default schedule. Unset fields keep the scenario's defaults. */
export interface ScheduleOverrides {
  /** Who is paused (a GC pause, a VM migration), when, and for how long; null for no pause. */
  pause?: Pause | null;
  /** More pauses, besides `pause` (they may overlap). */
  pauses?: Pause[];
  /** One-way network latency in ms, drawn per message from [min, max). */
  latencyMs?: [number, number];
  /** Probability that any one message is lost. */
  dropRate?: number;
  partitions?: Partition[];
  /** Links that hold their messages for a while and then deliver them (long one-way delays). */
  stalls?: Stall[];
  /** Offset of each node's own clock from true time at 0 s, in ms (what `now()` returns on that node). */
  clockSkewMs?: Record<NodeName, number>;
  /** How fast each node's clock runs wrong, in parts per million (+100: it gains 0.1 ms per second). */
  clockDriftPpm?: Record<NodeName, number>;
  /** Steps of nodes' wall clocks. */
  clockJumps?: ClockJump[];
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
  /**
   * The name of a variant listed before this one whose files this one starts from: its own `dir`
   * replaces only the files it holds, and the rest are the base's (then the starter's).
   */
  base?: string;
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
