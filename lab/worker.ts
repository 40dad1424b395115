// A lab worker process (A, B or C): runs the reader's own runJob, unchanged, against a real etcd and
// the PostgreSQL-backed store service (over HTTP on 127.0.0.1), with the clients of the sandbox's
// world (lab/world.ts): a LockClient (lab/lock-client.ts) and the object store or the versioned
// store (lab/versioned-store-client.ts), in kit/split-brain.ts's election loop; or the etcd client
// with sessions and mutexes (lab/etcd-session.ts) and the object store, in kit/etcd-split-brain.ts's
// loop (lab/job-loops.ts). Every event goes to the lab over the IPC channel with its lesson time;
// the lab freezes this whole process with SIGSTOP for the pause.
//
//   forked by lab/run.ts (before the services are up: loading etcd3 takes seconds on a busy machine);
//   receives {config: WorkerConfig}, answers {type: 'ready'}, then waits for {go: startWallMs}.
import { Etcd3 } from 'etcd3';
import { makeConsole } from '../sandboxes/kit/console.ts';
import { describeError, RpcTimeoutError, WriteRejectedError } from '../sandboxes/kit/errors.ts';
import type { Proc } from '../sandboxes/kit/process.ts';
import type { StoreClient } from '../sandboxes/kit/object-store.ts';
import { labEtcd } from './etcd-session.ts';
import { electionLoop, etcdJobLoop } from './job-loops.ts';
import { lessonClock, wallNow, type LessonClock } from './lesson-clock.ts';
import { etcdLockClient, type Emit } from './lock-client.ts';
import { versionedStoreClient } from './versioned-store-client.ts';
import type { LabWorld } from './world.ts';

export interface WorkerConfig {
  node: string;
  world: LabWorld;
  /** The laid-out job.ts to import. */
  jobPath: string;
  /** Base names of the reader's files, for error locations. */
  readerFiles: string[];
  etcdEndpoints: string[];
  keyPrefix: string;
  storeUrl: string;
  scale: number;
  /** Lesson ms that work() takes and a refused worker waits (the simulator's WORK_MS and RETRY_MS). */
  workMs: number;
  retryMs: number;
  maxStepDowns: number;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'event'; t: number; node: string; kind: string; fields: Record<string, unknown> }
  | { type: 'released'; revision?: number; key?: string }
  | { type: 'owned'; key: string; prefix: string; holder: string; token: number }
  | { type: 'exit' };

const config = await new Promise<WorkerConfig>((resolve) => {
  const first = (msg: { config?: WorkerConfig }) => {
    if (!msg.config) return;
    process.off('message', first);
    resolve(msg.config);
  };
  process.on('message', first);
});
const send = (msg: WorkerMessage) => process.send?.(msg);
const clock: LessonClock = lessonClock(wallNow(), config.scale);
let failed = false;
const emit: Emit = (node, kind, fields = {}) => send({ type: 'event', t: clock.now(), node, kind, fields });
const fail = (err: unknown) => {
  if (failed) return;
  failed = true;
  emit(config.node, 'error', { ...describeError(err, config.readerFiles) });
};

// The lab is gone (killed): nothing left to report to.
process.on('disconnect', () => process.exit(0));

const etcd = new Etcd3({ hosts: config.etcdEndpoints, dialTimeout: 5_000 });
// The reader's runJob: (lock, store, proc) or, in the etcd world, (etcd, store, proc).
let runJob: (client: unknown, store: unknown, proc: Proc) => Promise<void>;
try {
  ({ runJob } = (await import(config.jobPath)) as { runJob: typeof runJob });
  if (typeof runJob !== 'function') throw new Error('job.ts does not export runJob()');
  // Connect to both services before the run starts: the first request pays for connection set-up.
  // Each kind of etcd call the LockClient makes, once: a cold first acquire can take longer than
  // B's 0.5 s head start (100 ms of real time at 5x) and B would lead first.
  const warm = etcd.lease(2, { autoKeepAlive: false });
  warm.on('lost', () => {});
  const key = `${config.keyPrefix.replace(/\/$/, '')}-warm-up/${config.node}`; // outside the run's watched prefix
  await warm.grant();
  await warm.keepaliveOnce();
  await etcd.leaseClient.leaseTimeToLive({ ID: await warm.grant() });
  await etcd
    .if(key, 'Create', '==', 0)
    .then(
      etcd
        .put(key)
        .value('x')
        .lease(await warm.grant()),
    )
    .else(etcd.get(key))
    .commit();
  await warm.revoke();
  await (await etcd.watch().key(key).create()).cancel(); // Mutex.Lock waits on a watch
  await fetch(config.storeUrl, { method: 'GET' }).then((res) => res.text());
} catch (err) {
  fail(err);
  finish();
}

let landed = false;
const guard = (fn: () => void) => {
  try {
    fn();
  } catch (err) {
    fail(err);
  }
};
const lock = etcdLockClient({
  etcd,
  node: config.node,
  prefix: config.keyPrefix,
  clock,
  emit,
  guard,
  onReleased: (revision) => send({ type: 'released', revision }),
});
const lab = labEtcd({
  etcd,
  node: config.node,
  prefix: config.keyPrefix,
  clock,
  emit,
  landed: () => void (landed = true),
  onOwned: (key, prefix, token) => send({ type: 'owned', key, prefix, holder: config.node, token }),
  onReleased: (key) => send({ type: 'released', key }),
});
const latestToken = () => (config.world === 'etcd-split-brain' ? lab.latestToken() : lock.latestToken());

const objectStore: StoreClient = {
  async put(key, value, token) {
    // Ground truth travels with the write (the judge needs it even when the write carries no token).
    const body = JSON.stringify({ key, value, token, from: config.node, leaseToken: latestToken() });
    let res: Response;
    try {
      res = await fetch(config.storeUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    } catch (err) {
      throw new RpcTimeoutError('store', `put ${key} (${(err as Error).message})`);
    }
    const answer = (await res.json()) as { ok: boolean; reason?: string; failed?: boolean };
    if (answer.failed) throw new Error('the store failed: see its error in the trace');
    if (!answer.ok) throw new WriteRejectedError(key, answer.reason ?? '');
    landed = true;
  },
};

const sleep = (lessonMs: number) => new Promise<void>((resolve) => setTimeout(resolve, clock.real(lessonMs)));
const proc: Proc = {
  name: config.node,
  lock,
  store: objectStore,
  console: makeConsole((text) => emit(config.node, 'log', { text })),
  work: () => sleep(config.workMs).then(() => `result computed by ${config.node}`),
  sleep,
  now: () => clock.now(),
};

function workerLife(): Promise<void> {
  const isLanded = () => landed;
  if (config.world === 'etcd-split-brain') {
    return etcdJobLoop({
      proc,
      landed: isLanded,
      sessions: lab.sessions,
      runJob: () => runJob(lab, objectStore, proc),
    });
  }
  const store =
    config.world === 'read-modify-write'
      ? versionedStoreClient({
          storeUrl: config.storeUrl,
          node: config.node,
          leaseToken: latestToken,
          landed: () => void (landed = true),
        })
      : objectStore;
  return electionLoop({
    proc,
    landed: isLanded,
    retryMs: config.retryMs,
    maxStepDowns: config.maxStepDowns,
    runJob: () => runJob(lock, store, proc),
  });
}

function finish(): void {
  etcd.close();
  // Disconnect only once every event before it has been handed to the lab.
  if (process.send) process.send({ type: 'exit' } satisfies WorkerMessage, () => process.disconnect?.());
  setTimeout(() => process.exit(0), 2_000).unref();
}

process.on('message', (msg: { go?: number }) => {
  if (msg.go === undefined || failed) return;
  clock.restart(msg.go);
  emit(config.node, 'start');
  new Promise<void>((resolve) => resolve(workerLife())).then(
    () => {
      if (!failed) emit(config.node, 'done');
      finish();
    },
    (err: unknown) => {
      fail(err ?? new Error('rejected without a reason'));
      finish();
    },
  );
});
process.on('uncaughtException', (err) => fail(err));
process.on('unhandledRejection', (err) => fail(err));
if (!failed) send({ type: 'ready' });
