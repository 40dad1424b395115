// One lab run: the sandbox's files (starter, solution or the reader's --file versions, unchanged)
// laid out as the simulator CLI lays them out; workers A and B (and C, the etcd world's next run)
// forked to run runJob on real etcd; the store handlers in the PostgreSQL store service; A frozen
// with SIGSTOP at the schedule's moment and resumed with SIGCONT; an etcd watch that sees leases
// expire; then the kit's own judge.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Etcd3 } from 'etcd3';
import { NEXT_RUN_AT } from '../sandboxes/kit/etcd-split-brain.ts';
import { judge } from '../sandboxes/kit/judge.ts';
import type { RestorePlan } from '../sandboxes/kit/kv.ts';
import {
  LOCK_SERVICE,
  type RunResult,
  type SandboxMeta,
  type ScheduleOverrides,
  type TraceEvent,
} from '../sandboxes/kit/types.ts';
import { runFiles, type SandboxSource } from '../scripts/lib/sandbox-run.ts';
import { lessonClock, wallNow } from './lesson-clock.ts';
import type { Services } from './services.ts';
import type { StoreHandlers, StoreService } from './store-service.ts';
import { memberPerWorker } from './etcd-members.ts';
import { TraceRecorder } from './trace-recorder.ts';
import type { WorkerConfig, WorkerMessage } from './worker.ts';
import { labWorld, workerNodes, type LabWorld } from './world.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const KIT = join(HERE, '..', 'sandboxes', 'kit');

/** The simulator's constants (kit/split-brain.ts), in lesson ms. */
export const SPLIT_BRAIN = { startB: 500, workMs: 5_000, retryMs: 1_000, maxStepDowns: 3, horizonMs: 300_000 };

/** 10 s of lesson time as 2 s: etcd 3.4's minimum lease TTL is 2 s (1.5 x its 1 s election timeout, rounded up). */
export const DEFAULT_SCALE = 5;

export type Pause = NonNullable<ScheduleOverrides['pause']>;

/** The forked worker processes (A, B and maybe C), still loading or waiting for their configuration. */
export type WorkerPair = Map<string, ChildProcess>;

/** Forks the world's workers ahead of time (they load etcd3 meanwhile); the watchdog kills them if the lab dies. */
export function forkWorkers(adopt: Services['adopt'], nodes: readonly string[] = ['A', 'B']): WorkerPair {
  const pair: WorkerPair = new Map();
  for (const node of nodes) {
    const child = fork(join(HERE, 'worker.ts'), [node], {
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    adopt(child.pid!, 'SIGKILL');
    pair.set(node, child);
  }
  return pair;
}

export interface LabRunOptions {
  sandbox: string;
  source: SandboxSource;
  pause: Pause | null;
  scale: number;
  services: Services;
  store: StoreService;
  /** Distinguishes this run's etcd keys and laid-out files from the other runs of one lab. */
  runIndex: number;
  /** Workers forked ahead of time (forkWorkers); forked here if absent. */
  workers?: WorkerPair;
  /** The etcd world: per worker, the rank of its member's lease IDs in the simulator's run of the same seed (lab/etcd-members.ts). */
  memberRanks?: Promise<ReadonlyMap<string, number> | null>;
}

export interface LabRunResult extends RunResult {
  /** Wall time of the run itself (workers started to both gone), services excluded. */
  wallMs: number;
  scale: number;
}

/** The reader's files couldn't be loaded (syntax error, a throw at the top of a file). */
export class LabLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabLoadError';
  }
}

/**
 * etcd's side of the judge's ground truth, as kit/kv.ts keeps it: each write decided by an etcd
 * transaction gets the highest lease token of a write etcd accepted for its key before it.
 */
function withHighest(trace: TraceEvent[]): TraceEvent[] {
  const highest = new Map<string, number>();
  for (const e of trace) {
    if (e.node !== LOCK_SERVICE || (e.kind !== 'write-accepted' && e.kind !== 'write-rejected')) continue;
    e.highest = highest.get(e.key) ?? null;
    if (e.kind === 'write-accepted' && e.leaseToken !== null && (e.highest === null || e.leaseToken > e.highest))
      highest.set(e.key, e.leaseToken);
  }
  return trace;
}

function layOut(id: string, source: SandboxSource, root: string): { meta: SandboxMeta; dir: string } {
  const { meta, files } = runFiles(id, source);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  // kit/ is a link to the repository's kit, not a copy: Node resolves links to real paths, so reader
  // code that imports, say, LockHeldError gets the very class the lab's LockClient throws.
  symlinkSync(KIT, join(root, 'kit'), 'dir');
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith('kit/')) continue;
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { meta, dir: join(root, id) };
}

/** Imports one of the reader's laid-out files; a throw while loading is the reader's error. */
async function importReaderFile<T>(dir: string, file: string, what: string): Promise<T> {
  try {
    return (await import(pathToFileURL(join(dir, file)).href)) as T;
  } catch (err) {
    const at = /([^/\\\s]+\.ts):(\d+)/.exec(String((err as Error)?.stack ?? ''));
    throw new LabLoadError(
      `${at ? `${at[1]}:${at[2]}: ` : `${file}: `}${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)} (${what} could not be loaded; fix the file and run again)`,
    );
  }
}

/** The store.ts handlers the world's store runs: handlePut, and for the versioned store handleGet (handleRegister optional). */
async function storeHandlers(dir: string, world: LabWorld): Promise<StoreHandlers> {
  const mod = await importReaderFile<Record<string, unknown>>(dir, 'store.ts', 'the store handler');
  const needed = world === 'read-modify-write' ? ['handleGet', 'handlePut'] : ['handlePut'];
  for (const name of needed)
    if (typeof mod[name] !== 'function') throw new LabLoadError(`store.ts does not export ${name}()`);
  if (mod.handleRegister !== undefined && typeof mod.handleRegister !== 'function')
    throw new LabLoadError('store.ts exports handleRegister, but not as a function');
  return mod as unknown as StoreHandlers;
}

/**
 * The lab runs the files on real services as they are; what it cannot do for real it refuses before
 * anything starts, in one line a reader can act on. Today: a restore of etcd from a snapshot (ops.ts).
 */
export async function refusal(sandbox: string, source: SandboxSource): Promise<string | null> {
  const { meta } = runFiles(sandbox, source);
  if (labWorld(sandbox) !== 'etcd-split-brain' || !meta.editable.includes('ops.ts')) return null;
  const root = mkdtempSync(join(tmpdir(), 'leases-lab-ops-'));
  try {
    const { dir } = layOut(sandbox, source, root);
    const { restore } = await importReaderFile<{ restore?: RestorePlan | null }>(dir, 'ops.ts', 'ops.ts');
    if (restore === null || restore === undefined) return null;
    return (
      `lab: ops.ts asks for a restore of etcd from a snapshot at ${restore.at / 1000} s, and the lab does not restore a real etcd from a snapshot ` +
      `(it would have to stop the cluster and rebuild its members mid-run), so this run would not be the one you asked for: ` +
      `run it in the simulator instead, npm run sandbox -- ${sandbox}${source.solution ? ' --solution' : ''}${Object.keys(
        source.files ?? {},
      )
        .map((f) => ` --file ${f}=...`)
        .join('')}, or set restore to null in ops.ts to run the rest here.`
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function labRun({
  sandbox,
  source,
  pause,
  scale,
  services,
  store,
  runIndex,
  workers,
  memberRanks,
}: LabRunOptions): Promise<LabRunResult> {
  const world = labWorld(sandbox);
  workers ??= forkWorkers(services.adopt, workerNodes(world));
  const { meta, dir } = layOut(sandbox, source, join(services.tmp, `code-${runIndex}`));
  const handlers = await storeHandlers(dir, world);

  const recorder = new TraceRecorder();
  const clock = lessonClock(wallNow(), scale);
  const record = (node: string, kind: string, fields?: Record<string, unknown>) =>
    recorder.add(clock.now(), node, kind, fields);
  let failed = false;
  let wake: () => void = () => {};
  const fail = () => {
    failed = true;
    wake();
  };
  await store.reset(handlers, meta.editable, record, fail);

  // etcd's own view: the lock key deleted by a lease expiry (releases are told apart below).
  const keyPrefix = `lab/${process.pid}/${runIndex}/`;
  const etcd = new Etcd3({ hosts: services.etcdEndpoints });
  const deletes: { t: number; revision: number; key: string; holder: string; token: number }[] = [];
  const released = new Set<number>();
  // The etcd world's lock keys: who owned each (told by its worker), and which its owner deleted itself.
  const owned = new Map<string, { prefix: string; holder: string; token: number }>();
  const releasedKeys = new Set<string>();
  const watcher = await etcd.watch().prefix(keyPrefix).withPreviousKV().create();
  watcher.on('delete', (kv, previous) => {
    deletes.push({
      t: clock.now(),
      revision: Number(kv.mod_revision),
      key: kv.key.toString().slice(keyPrefix.length),
      holder: previous?.value.toString() ?? '?',
      token: Number(previous?.create_revision ?? 0),
    });
  });

  // The etcd world: each worker's client on its own member (lab/etcd-members.ts); else every endpoint.
  const endpoints =
    world === 'etcd-split-brain'
      ? await memberPerWorker(services.etcdEndpoints, [...workers.keys()], (await memberRanks) ?? undefined)
      : null;
  const gone = new Map<string, Promise<void>>();
  const ready: Promise<void>[] = [];
  for (const node of workers.keys()) {
    const config: WorkerConfig = {
      node,
      world,
      jobPath: pathToFileURL(join(dir, 'job.ts')).href,
      readerFiles: meta.editable,
      etcdEndpoints: endpoints?.get(node) ?? services.etcdEndpoints,
      keyPrefix,
      storeUrl: store.url,
      scale,
      workMs: SPLIT_BRAIN.workMs,
      retryMs: SPLIT_BRAIN.retryMs,
      maxStepDowns: SPLIT_BRAIN.maxStepDowns,
    };
    const child = workers.get(node)!;
    ready.push(
      new Promise<void>((resolve, reject) => {
        child.on('message', (msg: WorkerMessage) => {
          if (msg.type === 'ready') resolve();
          else if (msg.type === 'event') {
            recorder.add(msg.t, msg.node, msg.kind, msg.fields);
            if (msg.kind === 'error') fail();
          } else if (msg.type === 'released') {
            if (msg.revision !== undefined) released.add(msg.revision);
            if (msg.key !== undefined) releasedKeys.add(msg.key);
          } else if (msg.type === 'owned')
            owned.set(msg.key, { prefix: msg.prefix, holder: msg.holder, token: msg.token });
        });
        child.on('exit', () => resolve()); // a load error was reported as an event first
        child.on('error', reject);
      }),
    );
    const exited = child.exitCode !== null || child.signalCode !== null;
    gone.set(node, exited ? Promise.resolve() : new Promise<void>((resolve) => child.on('exit', () => resolve())));
    child.send({ config });
  }
  await Promise.all(ready);

  const timers: NodeJS.Timeout[] = [];
  const start = wallNow();
  clock.restart(start);
  const at = (lessonMs: number, fn: () => void) => timers.push(setTimeout(fn, clock.real(lessonMs)));
  const go = (node: string) => workers.get(node)!.connected && workers.get(node)!.send({ go: start });
  go('A');
  at(SPLIT_BRAIN.startB, () => go('B'));
  if (workers.has('C')) at(NEXT_RUN_AT, () => go('C')); // the etcd world's next run of the job
  if (pause) {
    const signal = (sig: NodeJS.Signals) => {
      try {
        workers.get(pause.node)?.kill(sig);
      } catch {
        // already exited: the pause still happens on the timeline, as in the simulator
      }
    };
    at(pause.at, () => {
      signal('SIGSTOP');
      record(pause.node, 'pause-start', { until: pause.at + pause.ms });
    });
    at(pause.at + pause.ms, () => {
      record(pause.node, 'pause-end'); // before the signal: the worker's next events come after it
      signal('SIGCONT');
    });
  }
  const horizon = new Promise<'horizon'>((resolve) => at(SPLIT_BRAIN.horizonMs, () => resolve('horizon')));
  const failure = new Promise<'failed'>((resolve) => (wake = () => resolve('failed')));
  if (failed) wake();
  const pauseOver = pause ? new Promise<void>((resolve) => at(pause.at + pause.ms, resolve)) : Promise.resolve();
  const ended = await Promise.race([
    Promise.all([...gone.values(), pauseOver]).then(() => 'done' as const),
    horizon,
    failure,
  ]);
  if (ended === 'horizon') {
    for (const [node, child] of workers) {
      if (child.exitCode === null && child.signalCode === null) {
        record(node, 'error', {
          message: `${node} was still running when the run ended (at ${SPLIT_BRAIN.horizonMs / 1000} s of lesson time): does it loop forever?`,
        });
        break;
      }
    }
  }
  for (const t of timers) clearTimeout(t);
  for (const child of workers.values()) {
    child.kill('SIGKILL');
  }
  await Promise.all(gone.values());
  const wallMs = wallNow() - start;
  await new Promise((r) => setTimeout(r, 50)); // the watch's last events
  await watcher.cancel();
  etcd.close();

  // The watch reports an expiry a little late, sometimes after the next grant's reply reached its
  // worker; etcd's revisions prove the order: an expiry comes before any grant with a higher revision.
  const grants = recorder.finish().filter((e) => e.kind === 'grant');
  for (const d of deletes) {
    const t = Math.min(d.t, ...grants.filter((g) => g.kind === 'grant' && g.token > d.revision).map((g) => g.t));
    if (world === 'etcd-split-brain') {
      // A Mutex key: an expiry if it owned the lock and its owner did not delete it (unlock, close).
      const lock = owned.get(keyPrefix + d.key);
      if (lock && !releasedKeys.has(keyPrefix + d.key))
        recorder.add(t, LOCK_SERVICE, 'expire', { key: lock.prefix, holder: lock.holder, token: lock.token });
      continue;
    }
    if (released.has(d.revision)) continue;
    recorder.add(t, LOCK_SERVICE, 'expire', { key: d.key, holder: d.holder, token: d.token });
  }
  const trace: TraceEvent[] = withHighest(recorder.finish());
  return { sandbox: meta.id, seed: meta.defaultSeed, trace, verdict: judge(trace), wallMs, scale };
}
