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
import {
  VersionedStore,
  versionedStoreClient,
  type VersionedHandlers,
  type VersionedStoreClient,
} from './versioned-store.ts';
import { mulberry32 } from './random.ts';
import { seconds } from './log.ts';
import {
  LOCK_SERVICE,
  STORE,
  type ClockJump,
  type NodeName,
  type Partition,
  type Stall,
  type Time,
  type TraceEvent,
  type VirtualClock,
} from './types.ts';
import { World, type NodeState } from './world.ts';

export interface ClusterOptions {
  seed: number;
  /** The store's put handler (the reader's `handlePut`, or acceptAll / logTokenOnly). */
  handlePut: PutHandler;
  /** Lesson 2: the versioned store's handlers (reads, versions, compare-and-set); workers reach it through `versionedStore(name)`. */
  versioned?: VersionedHandlers;
  /** Base names of the reader's files, so errors can point at them ('job.ts'). */
  readerFiles: readonly string[];
  latencyMs?: [number, number];
  dropRate?: number;
  partitions?: readonly Partition[];
  stalls?: readonly Stall[];
  clockSkewMs?: Readonly<Record<NodeName, number>>;
  clockDriftPpm?: Readonly<Record<NodeName, number>>;
  clockJumps?: readonly ClockJump[];
  /** The run stops here; a worker still busy then is an error. Default: DEFAULT_HORIZON_MS after the last fault ends. */
  horizonMs?: Time;
  onEvent?: (event: TraceEvent) => void;
  /** Receives the clock reader code's `Date` follows (see VirtualClock). */
  onClock?: (clock: VirtualClock) => void;
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
  /**
   * From `at`, `name` runs nothing for `ms`: its timers, deliveries and callbacks wait, in order.
   * A pause that would start after the worker has finished is left out (nothing is left to stop).
   */
  pause(name: NodeName, at: Time, ms: number): void;
  /** Runs to the end and returns the trace. */
  run(): Promise<TraceEvent[]>;
  /** Worker `name`'s client of the versioned store (one per worker); only with `options.versioned`. */
  versionedStore(name: NodeName): VersionedStoreClient;
  /** The run's shared state and network, for scenarios that add a service of their own (kv.ts). */
  readonly world: World;
  readonly net: Network;
}

/** Microtask turns a worker may take without blocking on the kit before the run is failed. */
export const MAX_TURNS = 100_000;
export const PARTIAL_WAKE_TURNS = 64;
/** How long a run may go on after its last fault has ended (a pause, partition, stall or clock step). */
export const DEFAULT_HORIZON_MS = 300_000;

const isService = (name: NodeName) => name === LOCK_SERVICE || name === STORE;

export function createCluster(options: ClusterOptions): Cluster {
  const w = new World(mulberry32(options.seed), options.readerFiles, options.onEvent);
  const partitions = options.partitions ?? [];
  const stalls = options.stalls ?? [];
  const jumps = options.clockJumps ?? [];
  const net = new Network(w, {
    latencyMs: options.latencyMs ?? [1, 10],
    dropRate: options.dropRate ?? 0,
    partitions,
    stalls,
  });
  const lock = new LockService(w);
  const store = new ObjectStore(w, options.handlePut);
  const versioned = options.versioned ? new VersionedStore(w, options.versioned) : undefined;
  const versionedClients = new Map<NodeName, VersionedStoreClient>();
  const workers: NodeState[] = [];
  const { sched, trace } = w;
  // The run may go on DEFAULT_HORIZON_MS past the end of its last fault, so a pause of minutes fits.
  let faultsEnd = 0;
  for (const p of partitions) faultsEnd = Math.max(faultsEnd, p.to);
  for (const s of stalls) faultsEnd = Math.max(faultsEnd, s.at + s.ms);
  for (const j of jumps) faultsEnd = Math.max(faultsEnd, j.at);

  // Faults said in words when they begin, on a node that is running (never on a paused one).
  for (const p of partitions) {
    const [service, other] = isService(p.a) ? [p.a, p.b] : [p.b, p.a];
    sched.at(p.from, w.node(service), () => {
      if (workers.every((n) => n.done)) return;
      trace.emit(service, 'fault', {
        text: `partition: ${service} and ${other} cannot reach each other until ${seconds(p.to)}; messages between them are lost`,
      });
    });
  }
  for (const j of jumps) {
    const node = w.node(j.node);
    sched.at(j.at, node, () => {
      if (node.done) return;
      const when = sched.now > j.at ? ` at ${seconds(j.at)}, while paused` : '';
      trace.emit(j.node, 'fault', {
        text: `${j.node}’s wall clock steps ${j.ms < 0 ? 'back' : 'forward'} ${seconds(Math.abs(j.ms))}${when}`,
      });
    });
  }

  // Whose code runs now: the owner of the task being run, until every node it woke is blocked again.
  let running: NodeState | null = null;
  const procs = new Map<NodeState, Proc>();
  options.onClock?.({
    wallMs: () => (running ? (procs.get(running)?.now() ?? sched.now + running.skewMs) : sched.now),
    elapsedMs: () => sched.now,
  });

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
      node.driftPpm = options.clockDriftPpm?.[name] ?? 0;
      node.jumps = jumps.filter((j) => j.node === name);
      workers.push(node);
      const proc = makeProc(w, node, lockClient(w, net, node, lock), storeClient(w, net, node, store), workMs);
      procs.set(node, proc);
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
      faultsEnd = Math.max(faultsEnd, at + ms);
      sched.at(at, null, () => {
        if (node.done) return;
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

    versionedStore(name) {
      if (!versioned) throw new Error('versionedStore(): this cluster was created without `versioned` handlers');
      let client = versionedClients.get(name);
      if (!client) versionedClients.set(name, (client = versionedStoreClient(w, net, w.node(name), versioned)));
      return client;
    },

    async run() {
      const horizon = options.horizonMs ?? faultsEnd + DEFAULT_HORIZON_MS;
      for (let task = sched.next(horizon); task; task = w.failed ? undefined : sched.next(horizon)) {
        running = task.owner as NodeState | null;
        task.fn();
        let extra = w.partialWake ? PARTIAL_WAKE_TURNS : 0;
        w.partialWake = false;
        for (; extra > 0; extra--) await Promise.resolve(); // one microtask turn each
        for (let turns = 0, node = busy(); node; node = busy()) {
          if (++turns > MAX_TURNS) {
            w.fail(
              node.name,
              new Error(
                `${node.name} neither called the simulator nor finished within ${MAX_TURNS} microtask turns: is it awaiting something the simulator does not drive (setTimeout, fetch, a Promise that never resolves), or looping on promises of its own?`,
              ),
            );
            break;
          }
          await Promise.resolve(); // one microtask turn: let the woken code run up to its next kit call
        }
      }
      for (const node of workers) {
        if (!node.done && !w.failed) {
          w.fail(
            node.name,
            new Error(
              `${node.name} was still running when the simulation ended (at ${seconds(horizon)} at the latest): does it loop forever?`,
            ),
          );
        }
      }
      trace.closed = true;
      return trace.events;
    },
  };
}
