// A simulated cluster and its run loop. Reader code is ordinary async TypeScript: it runs in
// microtasks, and may only move forward when the scheduler settles one of its kit promises.
// After each event the loop yields microtasks until every worker is blocked on the kit or finished,
// so each continuation runs at the virtual time of the event that woke it. A node is "blocked"
// while it has a pending kit call; when a call settles and the node still has others pending
// (branches of a Promise.all or race), the woken branch is invisible to that count, so the loop
// grants PARTIAL_WAKE_TURNS extra turns: a branch must reach its next kit call within them.
import { LockService } from './lock-service.ts';
import { lockClient } from './lock-client.ts';
import { Network } from './network.ts';
import { ObjectStore, storeClient, type PutHandler } from './object-store.ts';
import { makeProc, type Proc } from './process.ts';
import { mulberry32 } from './random.ts';
import type { NodeName, Partition, Time, TraceEvent } from './types.ts';
import { World, type NodeState } from './world.ts';

export interface ClusterOptions {
  seed: number;
  /** The store's put handler (the reader's `handlePut`, or acceptAll / logTokenOnly). */
  handlePut: PutHandler;
  /** Base names of the reader's files, so errors can point at them ('job.ts'). */
  readerFiles: readonly string[];
  latencyMs?: [number, number];
  dropRate?: number;
  partitions?: readonly Partition[];
  clockSkewMs?: Readonly<Record<NodeName, number>>;
  /** The run stops here; a worker still busy then is an error. */
  horizonMs?: Time;
  onEvent?: (event: TraceEvent) => void;
}

export interface SpawnOptions {
  /** When the process starts. */
  at: Time;
  /** How long its `work()` takes. */
  workMs: number;
}

export interface Cluster {
  /** Starts a worker process running `body` at `options.at`. */
  spawn(name: NodeName, options: SpawnOptions, body: (proc: Proc) => Promise<void>): void;
  /** From `at`, `name` runs nothing for `ms`: its timers, deliveries and callbacks wait, in order. */
  pause(name: NodeName, at: Time, ms: number): void;
  /** Runs to the end and returns the trace. */
  run(): Promise<TraceEvent[]>;
  /** The run's shared state and network, for scenarios that add a service of their own (kv.ts). */
  readonly world: World;
  readonly net: Network;
}

/** Microtask turns a worker may take without blocking on the kit before the run is failed. */
export const MAX_TURNS = 100_000;
export const PARTIAL_WAKE_TURNS = 64;
export const DEFAULT_HORIZON_MS = 300_000;

export function createCluster(options: ClusterOptions): Cluster {
  const w = new World(mulberry32(options.seed), options.readerFiles, options.onEvent);
  const net = new Network(w, {
    latencyMs: options.latencyMs ?? [1, 10],
    dropRate: options.dropRate ?? 0,
    partitions: options.partitions ?? [],
  });
  const lock = new LockService(w);
  const store = new ObjectStore(w, options.handlePut);
  const workers: NodeState[] = [];
  const { sched, trace } = w;

  const busy = (): NodeState | undefined => {
    for (const node of workers) if (node.started && !node.done && node.waiting === 0) return node;
    return undefined;
  };

  return {
    world: w,
    net,
    spawn(name, { at, workMs }, body) {
      const node = w.node(name);
      node.skewMs = options.clockSkewMs?.[name] ?? 0;
      workers.push(node);
      const proc = makeProc(w, node, lockClient(w, net, node, lock), storeClient(w, net, node, store), workMs);
      sched.at(at, node, () => {
        node.started = true;
        trace.emit(name, 'start', {});
        const exit = (err?: unknown) => {
          node.done = true;
          for (const stop of node.onExit) stop();
          if (err === undefined) trace.emit(name, 'done', {});
          else w.fail(name, err);
        };
        // new Promise(...) also turns a synchronous throw from `body` into a rejection.
        new Promise<void>((resolve) => resolve(body(proc))).then(
          () => exit(),
          (err: unknown) => exit(err ?? new Error('rejected without a reason')),
        );
      });
    },

    pause(name, at, ms) {
      const node = w.node(name);
      sched.at(at, null, () => {
        node.pauses++;
        node.paused = true;
        trace.emit(name, 'pause-start', { until: at + ms });
        sched.at(at + ms, null, () => {
          if (--node.pauses > 0) return;
          node.paused = false;
          trace.emit(name, 'pause-end', {});
          sched.release(node);
        });
      });
    },

    async run() {
      const horizon = options.horizonMs ?? DEFAULT_HORIZON_MS;
      for (let task = sched.next(horizon); task; task = w.failed ? undefined : sched.next(horizon)) {
        task.fn();
        let extra = w.partialWake ? PARTIAL_WAKE_TURNS : 0;
        w.partialWake = false;
        for (; extra > 0; extra--) await undefined; // one microtask turn each
        for (let turns = 0, node = busy(); node; node = busy()) {
          if (++turns > MAX_TURNS) {
            w.fail(node.name, new Error(`${node.name} ran ${MAX_TURNS} microtask turns without waiting on the simulator: is it awaiting something the simulator does not drive (setTimeout, fetch, a Promise that never resolves)?`));
            break;
          }
          await undefined; // one microtask turn: let the woken code run up to its next kit call
        }
      }
      for (const node of workers) {
        if (!node.done && !w.failed) {
          w.fail(node.name, new Error(`${node.name} was still running when the simulation ended (at ${horizon / 1000} s at the latest): does it loop forever?`));
        }
      }
      trace.closed = true;
      return trace.events;
    },
  };
}
