// The network: every message gets a latency drawn from the seeded PRNG, may be dropped, is lost
// while its two ends are partitioned, and is held back while its link is stalled (a long one-way
// delay: it arrives after the stall, late but intact). Delivery runs on the receiving node, so a
// paused receiver gets its mail when it resumes; messages already in flight still arrive (the
// network does not pause).
import { seconds } from './log.ts';
import { between } from './random.ts';
import type { NodeState, World } from './world.ts';
import type { Partition, Stall } from './types.ts';

export interface NetworkOptions {
  latencyMs: [number, number];
  dropRate: number;
  partitions: readonly Partition[];
  stalls: readonly Stall[];
}

export class Network {
  #w: World;
  #options: NetworkOptions;
  #nextId = 1;
  /** Stalls already announced in the trace (once each, with the first message they hold). */
  #announced = new Set<Stall>();

  constructor(w: World, options: NetworkOptions) {
    this.#w = w;
    this.#options = options;
  }

  /** Sends `msg`; `deliver` runs on `to` when it arrives. False when the message is lost. */
  send(from: NodeState, to: NodeState, msg: string, deliver: () => void): boolean {
    const { sched, trace, rng } = this.#w;
    const { latencyMs, dropRate } = this.#options;
    const id = this.#nextId++;
    if (this.#cut(from.name, to.name, sched.now) || (dropRate > 0 && rng() < dropRate)) {
      trace.sent('drop', from.name, to.name, msg, id);
      return false;
    }
    let leaves = sched.now;
    const stall = this.#options.stalls.length > 0 ? this.#stalled(from.name, to.name, sched.now) : undefined;
    if (stall) {
      leaves = stall.at + stall.ms;
      if (!this.#announced.has(stall)) {
        this.#announced.add(stall);
        trace.emit(from.name, 'fault', {
          text: `the link ${from.name} → ${to.name} stalls: it holds this and every message sent on it until ${seconds(leaves)}`,
        });
      }
    }
    trace.sent('send', from.name, to.name, msg, id);
    sched.at(leaves + between(rng, latencyMs[0], latencyMs[1]), to, () => {
      trace.received(to.name, from.name, msg, id);
      deliver();
    });
    return true;
  }

  #stalled(from: string, to: string, t: number): Stall | undefined {
    for (const s of this.#options.stalls) if (s.from === from && s.to === to && t >= s.at && t < s.at + s.ms) return s;
    return undefined;
  }

  #cut(a: string, b: string, t: number): boolean {
    for (const p of this.#options.partitions) {
      if (t >= p.from && t < p.to && ((p.a === a && p.b === b) || (p.a === b && p.b === a))) return true;
    }
    return false;
  }
}
