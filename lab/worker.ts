// A lab worker process (A or B): runs the reader's own runJob, unchanged, against a real etcd (through
// lab/lock-client.ts) and the PostgreSQL-backed store service (over HTTP on 127.0.0.1), in the same
// election loop as the simulator's kit/split-brain.ts. Every event goes to the lab over the IPC
// channel with its lesson time; the lab freezes this whole process with SIGSTOP for the pause.
//
//   forked by lab/run.ts (before the services are up: loading etcd3 takes seconds on a busy machine);
//   receives {config: WorkerConfig}, answers {type: 'ready'}, then waits for {go: startWallMs}.
import { Etcd3 } from 'etcd3';
import { makeConsole } from '../sandboxes/kit/console.ts';
import { describeError, LockHeldError, RpcTimeoutError, WriteRejectedError } from '../sandboxes/kit/errors.ts';
import type { Proc } from '../sandboxes/kit/process.ts';
import type { RunJob } from '../sandboxes/kit/split-brain.ts';
import type { StoreClient } from '../sandboxes/kit/object-store.ts';
import { lessonClock, wallNow, type LessonClock } from './lesson-clock.ts';
import { etcdLockClient, type Emit } from './lock-client.ts';

export interface WorkerConfig {
  node: string;
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
  | { type: 'released'; revision: number }
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
let runJob: RunJob;
try {
  ({ runJob } = (await import(config.jobPath)) as { runJob: RunJob });
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
  await etcd.if(key, 'Create', '==', 0).then(etcd.put(key).value('x').lease(await warm.grant())).else(etcd.get(key)).commit();
  await warm.revoke();
  await fetch(config.storeUrl, { method: 'GET' }).then((res) => res.text());
} catch (err) {
  fail(err);
  finish();
}

let landed = false;
const lock = etcdLockClient({
  etcd,
  node: config.node,
  prefix: config.keyPrefix,
  clock,
  emit,
  guard: (fn) => {
    try {
      fn();
    } catch (err) {
      fail(err);
    }
  },
  onReleased: (revision) => send({ type: 'released', revision }),
});

const store: StoreClient = {
  async put(key, value, token) {
    // Ground truth travels with the write (the judge needs it even when the write carries no token).
    const body = JSON.stringify({ key, value, token, from: config.node, leaseToken: lock.latestToken() });
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
  store,
  console: makeConsole((text) => emit(config.node, 'log', { text })),
  work: () => sleep(config.workMs).then(() => `result computed by ${config.node}`),
  sleep,
  now: () => clock.now(),
};

/** The simulator's electionLoop (kit/split-brain.ts), step for step, on real time. */
async function electionLoop(): Promise<void> {
  let stepDowns = 0;
  for (;;) {
    try {
      await runJob(lock, store, proc);
      if (!landed && ++stepDowns > config.maxStepDowns) return proc.console.log(`gives up: stepped down ${config.maxStepDowns} times without writing`);
    } catch (err) {
      if (err instanceof WriteRejectedError) return proc.console.log(`gives up: ${err.message}`);
      if (!(err instanceof LockHeldError || err instanceof RpcTimeoutError)) throw err;
    }
    if (landed) return;
    await proc.sleep(config.retryMs);
  }
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
  new Promise<void>((resolve) => resolve(electionLoop())).then(
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
