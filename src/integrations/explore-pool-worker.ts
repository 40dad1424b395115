// One thread of the build's explore pool (explore-pool.ts): explores a range of schedules of one
// version of a sandbox with the same loader and the same kit explore() as the page's explore worker
// and the CLI (src/runtime/explore-work.ts), and posts the kit's result for the range back.
// Runs as plain Node (type stripping), outside Vite.
import { parentPort } from 'node:worker_threads';
import { explorePart, loadJob, type LoadedJob } from '../runtime/explore-work.ts';
import type { Files } from '../lib/sandbox-files.ts';

export interface PoolTask {
  id: number;
  /** Content hash of `files` and `entry`: the same key loads the same job, so it is loaded once per thread. */
  jobKey: string;
  /** Omitted when this thread has already loaded `jobKey` (the pool remembers what it sent). */
  files?: Files;
  entry: string;
  n: number;
  baseSeed: number;
  from: number;
  to: number;
}

const jobs = new Map<string, LoadedJob>();

async function onTask(task: PoolTask): Promise<void> {
  try {
    let job = jobs.get(task.jobKey);
    if (!job) {
      if (!task.files) throw new Error(`explore pool: no files for job ${task.jobKey}`);
      jobs.set(task.jobKey, (job = loadJob(task.files, task.entry)));
    }
    const result = await explorePart(job, {
      n: task.n,
      baseSeed: task.baseSeed,
      from: task.from,
      to: task.to,
      chunk: task.to - task.from,
    });
    parentPort!.postMessage({ id: task.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: task.id, error: String((err as Error)?.stack ?? err) });
  }
}

// onTask reports its own failures: the promise it returns never rejects.
parentPort!.on('message', (task: PoolTask) => void onTask(task));
