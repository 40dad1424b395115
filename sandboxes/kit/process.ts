// A worker process as its code sees it: its clients, its console, its clock, and time passing.
// Every promise here is settled by the scheduler on this node, so a paused process waits.
import { wallClock } from './clock.ts';
import { makeConsole, type ConsoleLike } from './console.ts';
import type { LockClient } from './lock-client.ts';
import type { StoreClient } from './object-store.ts';
import type { NodeName } from './types.ts';
import type { NodeState, World } from './world.ts';

export interface Proc {
  readonly name: NodeName;
  readonly lock: LockClient;
  readonly store: StoreClient;
  /** Goes into the trace as `log` events on this node. */
  readonly console: ConsoleLike;
  // Properties, not methods: reader code destructures them ({ work, sleep }) and they use no `this`.
  /** The job's "minutes of work": after this node's work time, resolves with the data to write. */
  readonly work: () => Promise<string>;
  readonly sleep: (ms: number) => Promise<void>;
  /** This node's own wall clock in ms: true time plus its offset, drift and steps (see clock.ts). */
  readonly now: () => number;
}

export function makeProc(w: World, node: NodeState, lock: LockClient, store: StoreClient, workMs: number): Proc {
  const { sched } = w;
  const after = <T>(ms: number, value: T) =>
    w.call<T>(node, (settle) => sched.at(sched.now + ms, node, () => settle(value)));
  return {
    name: node.name,
    lock,
    store,
    console: makeConsole((text) => w.trace.emit(node.name, 'log', { text })),
    work: () => after(workMs, `result computed by ${node.name}`),
    sleep: (ms) => after<void>(ms, undefined),
    now: () => wallClock(node, sched.now),
  };
}
