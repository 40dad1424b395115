// The state every part of a run shares: the clock and queue, the trace, the seeded randomness,
// the nodes, and the rules for handing promises to reader code and for failing a run.
import type { NodeClock } from './clock.ts';
import { describeError } from './errors.ts';
import type { Random } from './random.ts';
import { Scheduler, type Owner } from './scheduler.ts';
import { Trace } from './trace.ts';
import type { NodeName, TraceEvent } from './types.ts';

export interface NodeState extends Owner, NodeClock {
  name: NodeName;
  /** Nested pauses: the node is paused while this is above zero. */
  pauses: number;
  /** Kit promises this node awaits that are not settled yet; above zero = blocked on the simulator. */
  waiting: number;
  /** For worker processes: started, and finished (returned or threw). */
  started: boolean;
  done: boolean;
  /** Run when the process finishes (a finished process's keep-alives stop). */
  onExit: (() => void)[];
}

export type Settle<T> = (value: T | undefined, error?: Error) => void;

const noop = () => {};

export class World {
  readonly sched = new Scheduler();
  readonly trace: Trace;
  readonly rng: Random;
  readonly nodes = new Map<NodeName, NodeState>();
  /** Ground truth for judging writes: the token of each node's latest grant. */
  readonly latestGrant = new Map<NodeName, number>();
  /** Base names of the reader's files, to point errors at them. */
  readonly readerFiles: readonly string[];
  failed = false;
  /** Set when a settled call leaves its node still waiting on others (see the run loop). */
  partialWake = false;

  constructor(rng: Random, readerFiles: readonly string[], onEvent?: (event: TraceEvent) => void) {
    this.rng = rng;
    this.readerFiles = readerFiles;
    this.trace = new Trace(this.sched, onEvent);
  }

  node(name: NodeName): NodeState {
    let node = this.nodes.get(name);
    if (!node) {
      node = {
        name,
        skewMs: 0,
        driftPpm: 0,
        jumps: [],
        paused: false,
        held: [],
        pauses: 0,
        waiting: 0,
        started: false,
        done: false,
        onExit: [],
      };
      this.nodes.set(name, node);
    }
    return node;
  }

  /**
   * A promise for reader code on `node`, settled only by the scheduler (through `settle`).
   * While it is pending the node counts as blocked, which is how the run loop knows it may move on.
   */
  call<T>(node: NodeState, start: (settle: Settle<T>) => void): Promise<T> {
    if (this.trace.closed) return new Promise<T>(noop);
    node.waiting++;
    let settled = false;
    let resolve: (value: T) => void = noop;
    let reject: (error: Error) => void = noop;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    start((value, error) => {
      if (settled) return;
      settled = true;
      // Still waiting on other calls: a concurrent branch (Promise.all/race) may run now unseen.
      if (--node.waiting > 0) this.partialWake = true;
      if (!error) return resolve(value as T);
      // A failed call the reader did not await must not crash the host as an unhandled rejection.
      promise.catch(noop);
      reject(error);
    });
    return promise;
  }

  /** Records the run's (first) error and ends it: the error is the trace's last event. */
  fail(node: NodeName, err: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.trace.emit(node, 'error', describeError(err, this.readerFiles));
    this.trace.closed = true;
  }

  /** Calls a reader callback now, on `node`; a throw (or a rejected promise) fails the run. */
  guard(node: NodeName, fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((err: unknown) => this.fail(node, err));
    } catch (err) {
      this.fail(node, err);
    }
  }
}
