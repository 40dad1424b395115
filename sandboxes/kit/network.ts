// The network: every message gets a latency drawn from the seeded PRNG, may be dropped, and is lost
// while its two ends are partitioned. Delivery runs on the receiving node, so a paused receiver gets
// its mail when it resumes; messages already in flight still arrive (the network does not pause).
import { between } from './random.ts';
import type { NodeState, World } from './world.ts';
import type { Partition } from './types.ts';

export interface NetworkOptions {
  latencyMs: [number, number];
  dropRate: number;
  partitions: readonly Partition[];
}

export class Network {
  #w: World;
  #options: NetworkOptions;
  #nextId = 1;

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
    trace.sent('send', from.name, to.name, msg, id);
    sched.at(sched.now + between(rng, latencyMs[0], latencyMs[1]), to, () => {
      trace.received(to.name, from.name, msg, id);
      deliver();
    });
    return true;
  }

  #cut(a: string, b: string, t: number): boolean {
    for (const p of this.#options.partitions) {
      if (t >= p.from && t < p.to && ((p.a === a && p.b === b) || (p.a === b && p.b === a))) return true;
    }
    return false;
  }
}
