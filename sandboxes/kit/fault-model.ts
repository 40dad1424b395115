// The fault model of exploring, in one place: what drawSchedule() draws (pauses, latency, lost
// messages, stalled links, partitions, clock offset, drift and steps), from which distribution,
// within which bounds, and the sources that say such faults happen. The CLI's --explore output and
// the Explore panel print FAULT_MODEL, so every explored number is shown with its assumptions.
import { DEFAULT_HORIZON_MS } from './cluster.ts';
import { between, type Random } from './random.ts';
import type { ClockJump, NodeName, Partition, Pause, ScheduleOverrides, Stall } from './types.ts';

export interface FaultSource {
  title: string;
  url: string;
}

export interface FaultAssumption {
  /** What goes wrong ('Process pauses'). */
  fault: string;
  /** How often, where and when, and the distribution of its size, in words. */
  distribution: string;
  /** The smallest and largest values drawn. */
  bounds: string;
  sources: readonly FaultSource[];
}

const KLEPPMANN_2016: FaultSource = {
  title: 'Martin Kleppmann, “How to do distributed locking” (2016)',
  url: 'https://martin.kleppmann.com/2016/02/08/how-to-do-distributed-locking.html',
};
const DDIA_8: FaultSource = {
  title: 'Martin Kleppmann, Designing Data-Intensive Applications, ch. 8 “The Trouble with Distributed Systems”',
  url: 'https://dataintensive.net/',
};
const GITHUB_2012: FaultSource = {
  title: 'Mark Imbriaco, “Downtime last Saturday”, GitHub (December 2012)',
  url: 'https://github.blog/2012-12-26-downtime-last-saturday/',
};
const NETWORK_IS_RELIABLE: FaultSource = {
  title: 'Peter Bailis and Kyle Kingsbury, “The Network is Reliable”, ACM Queue (2014)',
  url: 'https://queue.acm.org/detail.cfm?id=2655736',
};
const NTPD: FaultSource = {
  title: 'ntpd, the NTP daemon: offsets under the 128 ms step threshold are slewed, larger ones stepped',
  url: 'https://www.ntp.org/documentation/4.2.8-series/ntpd/',
};
const GO_1_8: FaultSource = {
  title: 'Go 1.8 release notes: garbage collection pauses “usually under 100 microseconds”',
  url: 'https://go.dev/doc/go1.8#gc',
};
const GO_GC_GUIDE: FaultSource = { title: 'A Guide to the Go Garbage Collector', url: 'https://go.dev/doc/gc-guide' };

/** Faults begin at a uniform time in the first 15 s of a run: while the jobs hold leases and write. */
export const FAULT_WINDOW_MS = 15_000;

/** A power law cut off at both ends: P(X > x) falls as x^-alpha between minMs and maxMs. */
export interface BoundedPareto {
  minMs: number;
  maxMs: number;
  alpha: number;
}

export const PAUSES = { perRun: 1.5, onA: 2 / 3, length: { minMs: 0.1, maxMs: 3_600_000, alpha: 0.3 } };
export const STALLS = { perRun: 1, length: { minMs: 1, maxMs: 600_000, alpha: 0.3 } };
export const PARTITIONS = { probability: 0.25, length: { minMs: 100, maxMs: 600_000, alpha: 0.5 } };
export const LATENCY = { minMs: [0.5, 5] as const, spreadMs: [0, 50] as const };
export const DROPS = { noneShare: 0.7, maxRate: 0.05 };
export const CLOCKS = { offsetMs: 10_000, driftPpm: 200, jumpProbability: 0.2, jumpMs: [128, 600_000] as const };

/** Half the drawn pauses are shorter than this (the bounded Pareto's median, to 3 digits). */
const PAUSE_MEDIAN_MS = Number(
  (
    PAUSES.length.minMs /
    (1 - 0.5 * (1 - (PAUSES.length.minMs / PAUSES.length.maxMs) ** PAUSES.length.alpha)) ** (1 / PAUSES.length.alpha)
  ).toPrecision(3),
);

/** The share of draws from `d` longer than `x` ms. */
export function shareLongerThan(d: BoundedPareto, x: number): number {
  if (x <= d.minMs) return 1;
  if (x >= d.maxMs) return 0;
  const floor = (d.minMs / d.maxMs) ** d.alpha;
  return ((d.minMs / x) ** d.alpha - floor) / (1 - floor);
}

/** Inverse-CDF draw from a bounded Pareto, rounded to whole µs (engines may differ in pow()'s last bit, not in the result). */
export function drawBoundedPareto(rng: Random, d: BoundedPareto): number {
  const floor = (d.minMs / d.maxMs) ** d.alpha;
  const ms = d.minMs / (1 - rng() * (1 - floor)) ** (1 / d.alpha);
  return Math.min(d.maxMs, Math.round(ms * 1000) / 1000);
}

/** A Poisson count (Knuth's method; small means only). */
function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit && k < 20; p *= rng()) k++;
  return k;
}

const WORKERS: readonly NodeName[] = ['A', 'B'];
const SERVICES: readonly NodeName[] = ['lock', 'store'];
const startTime = (rng: Random) => Math.round(between(rng, 0, FAULT_WINDOW_MS));
const worker = (rng: Random, aShare = 0.5): NodeName => (rng() < aShare ? 'A' : 'B');
const pick = <T>(rng: Random, items: readonly T[]): T =>
  items[Math.min(items.length - 1, Math.floor(rng() * items.length))]!;

/** One schedule of faults, every choice from `rng` (a stream of its own: see drawSchedule in explore.ts). */
export function drawFaults(rng: Random): ScheduleOverrides {
  const pauses: Pause[] = [];
  for (let k = poisson(rng, PAUSES.perRun); k > 0; k--) {
    pauses.push({ node: worker(rng, PAUSES.onA), at: startTime(rng), ms: drawBoundedPareto(rng, PAUSES.length) });
  }
  const minLatency = between(rng, LATENCY.minMs[0], LATENCY.minMs[1]);
  const latencyMs: [number, number] = [minLatency, minLatency + between(rng, LATENCY.spreadMs[0], LATENCY.spreadMs[1])];
  const dropRate = rng() < DROPS.noneShare ? 0 : between(rng, 0, DROPS.maxRate);
  const stalls: Stall[] = [];
  for (let k = poisson(rng, STALLS.perRun); k > 0; k--) {
    const [w, s] = [worker(rng), pick(rng, SERVICES)];
    const [from, to] = rng() < 0.5 ? [w, s] : [s, w];
    stalls.push({ from, to, at: startTime(rng), ms: drawBoundedPareto(rng, STALLS.length) });
  }
  const partitions: Partition[] = [];
  if (rng() < PARTITIONS.probability) {
    const from = startTime(rng);
    partitions.push({
      a: worker(rng),
      b: pick(rng, SERVICES),
      from,
      to: from + drawBoundedPareto(rng, PARTITIONS.length),
    });
  }
  const clockSkewMs: Record<NodeName, number> = {};
  const clockDriftPpm: Record<NodeName, number> = {};
  const clockJumps: ClockJump[] = [];
  for (const node of WORKERS) {
    clockSkewMs[node] = Math.round(between(rng, -CLOCKS.offsetMs, CLOCKS.offsetMs));
    clockDriftPpm[node] = Math.round(between(rng, -CLOCKS.driftPpm, CLOCKS.driftPpm));
    if (rng() < CLOCKS.jumpProbability) {
      const size = Math.round(Math.exp(between(rng, Math.log(CLOCKS.jumpMs[0]), Math.log(CLOCKS.jumpMs[1]))));
      clockJumps.push({ node, at: startTime(rng), ms: rng() < 0.5 ? -size : size });
    }
  }
  // `pause: null`: a drawn schedule replaces the scenario's own pause with its list.
  return { pause: null, pauses, latencyMs, dropRate, partitions, stalls, clockSkewMs, clockDriftPpm, clockJumps };
}

// ---- The same model in words.

/** "0.1 ms", "250 ms", "1.5 s", "90 s", "10 min", "1 h". */
export function duration(ms: number): string {
  const trim = (x: number) => String(Number(x.toPrecision(3)));
  if (ms < 1_000) return `${trim(ms)} ms`;
  if (ms < 120_000) return `${trim(ms / 1000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}

/** "1 in 40" for a share, rounded to two significant digits. */
function oneIn(share: number): string {
  return `1 in ${Number((1 / share).toPrecision(2)).toLocaleString('en-US')}`;
}

const pct = (x: number) => `${Number((100 * x).toPrecision(3))} %`;
// In words, not "x^-0.3": the same sentence is printed by the CLI and shown on /fault-model/, where a caret reads as a typo.
const pareto = (d: BoundedPareto) =>
  `a bounded Pareto (power law): P(longer than x) falls as x to the power −${d.alpha}`;

export const FAULT_MODEL: readonly FaultAssumption[] = [
  {
    fault: 'Process pauses',
    distribution:
      `A Poisson number per run (mean ${PAUSES.perRun}), each on A (probability ${Number(PAUSES.onA.toFixed(2))}, the first leader) or B, ` +
      `starting at a uniform time in the first ${duration(FAULT_WINDOW_MS)}; while paused a worker runs nothing. ` +
      `Length: ${pareto(PAUSES.length)}, so most are short (half under ${duration(PAUSE_MEDIAN_MS)}; ` +
      `Go’s GC pauses are usually under 0.1 ms) and a few last minutes (${oneIn(shareLongerThan(PAUSES.length, 1_000))} over 1 s, ` +
      `${oneIn(shareLongerThan(PAUSES.length, 60_000))} over 1 min, like a JVM’s full GC, a suspended VM, swapping or SIGSTOP). ` +
      'The shape and exponent are this simulator’s choice: no source gives one distribution for all these causes.',
    bounds: `${duration(PAUSES.length.minMs)} to ${duration(PAUSES.length.maxMs)}`,
    sources: [KLEPPMANN_2016, DDIA_8, GO_1_8, GO_GC_GUIDE],
  },
  {
    fault: 'Network latency',
    distribution:
      `Per run, a minimum one-way delay uniform in ${LATENCY.minMs[0]}–${LATENCY.minMs[1]} ms plus a spread uniform in ` +
      `${LATENCY.spreadMs[0]}–${LATENCY.spreadMs[1]} ms; each message takes a uniform time within them.`,
    bounds: `${LATENCY.minMs[0]} ms to ${LATENCY.minMs[1] + LATENCY.spreadMs[1]} ms`,
    sources: [DDIA_8],
  },
  {
    fault: 'Lost messages',
    distribution:
      `${pct(DROPS.noneShare)} of runs lose none; the others lose each message with a probability uniform in 0–${pct(DROPS.maxRate)}. ` +
      'A caller whose request or reply is lost gets an RPC timeout after 1 s; a keep-alive sends its renewal again.',
    bounds: `0 to ${pct(DROPS.maxRate)} of messages`,
    sources: [DDIA_8],
  },
  {
    fault: 'Stalled links (long one-way delays)',
    distribution:
      `A Poisson number per run (mean ${STALLS.perRun}), each on one direction between a worker and the lock service or the store, ` +
      `starting at a uniform time in the first ${duration(FAULT_WINDOW_MS)}: every message sent on it meanwhile arrives when the stall ends ` +
      `(a put can pass its lease check and land long after the lease expired). Length: ${pareto(STALLS.length)} ` +
      `(${oneIn(shareLongerThan(STALLS.length, 90_000))} over 90 s, the delay GitHub saw in 2012).`,
    bounds: `${duration(STALLS.length.minMs)} to ${duration(STALLS.length.maxMs)}`,
    sources: [KLEPPMANN_2016, GITHUB_2012, NETWORK_IS_RELIABLE],
  },
  {
    fault: 'Partitions',
    distribution:
      `In ${oneIn(PARTITIONS.probability)} runs, one worker and one service (lock or store) cannot reach each other: messages both ways ` +
      `are lost, from a uniform time in the first ${duration(FAULT_WINDOW_MS)}. Length: ${pareto(PARTITIONS.length)}.`,
    bounds: `${duration(PARTITIONS.length.minMs)} to ${duration(PARTITIONS.length.maxMs)}`,
    sources: [NETWORK_IS_RELIABLE, DDIA_8],
  },
  {
    fault: 'Clock offset',
    distribution:
      `Each worker’s wall clock starts off true time by a uniform offset (a clock whose NTP sync is broken; a synchronised one is ` +
      'within milliseconds). Only what now() returns follows the wall clock: timers and TTLs run on true time, as monotonic clocks do.',
    bounds: `−${duration(CLOCKS.offsetMs)} to +${duration(CLOCKS.offsetMs)}`,
    sources: [DDIA_8],
  },
  {
    fault: 'Clock drift',
    distribution: `Each worker’s clock runs fast or slow at a uniform rate (${CLOCKS.driftPpm} ppm is the drift Google assumes for its servers).`,
    bounds: `−${CLOCKS.driftPpm} to +${CLOCKS.driftPpm} ppm, ±${CLOCKS.driftPpm / 1000} ms per second`,
    sources: [DDIA_8],
  },
  {
    fault: 'Clock steps',
    distribution:
      `With probability ${CLOCKS.jumpProbability} per worker, its wall clock steps once, at a uniform time in the first ` +
      `${duration(FAULT_WINDOW_MS)}, forward or back with equal odds, by a log-uniform amount (ntpd slews offsets under 128 ms ` +
      'instead of stepping; a resumed VM or an operator can move the clock much further).',
    bounds: `${duration(CLOCKS.jumpMs[0])} to ${duration(CLOCKS.jumpMs[1])}`,
    sources: [NTPD, DDIA_8],
  },
];

/** What the model leaves out, and how to read the rates. */
export const FAULT_MODEL_LIMITS: readonly string[] = [
  'The lock service and the store never pause, crash or lose state, and handle each request the moment it arrives.',
  `Runs go on until ${duration(DEFAULT_HORIZON_MS)} after the last fault ends, so a pause of an hour plays out in full.`,
  'Faults are far more frequent here than in a healthy system, so that rare interleavings show up: a rate counts these drawn schedules, it does not forecast yours.',
];

/** One sentence for a heading or a caption. */
export const FAULT_MODEL_SUMMARY =
  `Each schedule draws process pauses up to ${duration(PAUSES.length.maxMs)} (half under ${duration(PAUSE_MEDIAN_MS)}, ` +
  `${oneIn(shareLongerThan(PAUSES.length, 60_000))} over a minute), links stalled for up to ` +
  `${duration(STALLS.length.maxMs)}, partitions, lost messages, and clock offsets, drift and steps.`;

/** The model as plain-text lines (the CLI prints these under every exploration). */
export function faultModelLines(): string[] {
  const lines = ['What the drawn schedules assume (sandboxes/kit/fault-model.ts):'];
  for (const f of FAULT_MODEL) {
    lines.push(`  ${f.fault} [${f.bounds}]: ${f.distribution}`);
    lines.push(`    sources: ${f.sources.map((s) => `${s.title} <${s.url}>`).join('; ')}`);
  }
  for (const limit of FAULT_MODEL_LIMITS) lines.push(`  ${limit}`);
  return lines;
}
