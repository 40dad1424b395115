// A lab worker's life around the reader's runJob, step for step as the simulator's: the election
// loop of kit/split-brain.ts (the lock-client sandboxes, lessons 1 and 2) and the attempt loop of
// kit/etcd-split-brain.ts (the etcd sandboxes, lesson 3), on real time. Each returns when the
// worker is done; a throw is a bug in the reader's code and ends the run with an error.
import { LockHeldError, ReadRejectedError, RpcTimeoutError, WriteRejectedError } from '../sandboxes/kit/errors.ts';
import { MAX_ATTEMPTS, RETRY_MS } from '../sandboxes/kit/etcd-split-brain.ts';
import { KvError } from '../sandboxes/kit/kv.ts';
import type { Proc } from '../sandboxes/kit/process.ts';
import type { Session } from '../sandboxes/kit/etcd-client.ts';

export interface LoopOptions {
  proc: Proc;
  /** One run of the reader's runJob with this worker's clients. */
  runJob: () => Promise<void>;
  /** Whether one of this worker's writes has landed. */
  landed: () => boolean;
}

/** kit/split-brain.ts's electionLoop: run for leader; refused or cut off, try again a second later. */
export async function electionLoop({
  proc,
  runJob,
  landed,
  retryMs,
  maxStepDowns,
}: LoopOptions & { retryMs: number; maxStepDowns: number }): Promise<void> {
  let stepDowns = 0;
  for (;;) {
    try {
      await runJob();
      if (!landed() && ++stepDowns > maxStepDowns)
        return proc.console.log(`gives up: stepped down ${maxStepDowns} times without writing`);
    } catch (err) {
      if (err instanceof WriteRejectedError || err instanceof ReadRejectedError)
        return proc.console.log(`gives up: ${err.message}`);
      if (!(err instanceof LockHeldError || err instanceof RpcTimeoutError)) throw err;
    }
    if (landed()) return;
    await proc.sleep(retryMs);
  }
}

/** kit/etcd-split-brain.ts's workerLoop: attempts until a write lands, the sessions of each closed when it ends. */
export async function etcdJobLoop({
  proc,
  runJob,
  landed,
  sessions,
}: LoopOptions & { sessions: Session[] }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runJob();
    } catch (err) {
      if (err instanceof WriteRejectedError) return proc.console.log(`gives up: ${err.message}`);
      if (!(err instanceof KvError || err instanceof RpcTimeoutError)) throw err;
      proc.console.log(`attempt failed: ${err.message}`);
    } finally {
      const open = sessions.splice(0);
      await Promise.all(open.map((s) => s.close()));
    }
    if (landed()) return;
    if (attempt >= MAX_ATTEMPTS) return proc.console.log(`gives up: ${attempt} attempts without a write landing`);
    await proc.sleep(RETRY_MS);
  }
}
