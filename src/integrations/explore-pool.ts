// The build's explore pool: the numbers <ExploreCount> puts in lesson prose come from thousands of
// simulator runs per (sandbox, version, n), the bulk of a build's time. This integration explores
// them in worker threads (one per core, at most 4; each range split so both cores stay busy) and
// keeps every result on disk under node_modules/.cache/leases-and-fences/explore/, keyed by a hash
// of everything the result depends on: every file of the run (kit and sandbox), the entry, n, the
// base seed, the loader's own sources (every module its worker imports), sucrase's version and Node's. A changed
// byte in any of them is a new key, so a cached count is always the count of today's files.
// ExploreCount finds the pool on globalThis (EXPLORE_SERVICE); without it (tests) it explores in-process.
// LF_EXPLORE_CACHE=0 turns the disk cache off (the pool still runs).
import type { AstroIntegration } from 'astro';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { mergeExplore } from '../../sandboxes/kit/explore.ts';
import type { ExploreResult } from '../../sandboxes/kit/types.ts';
import type { Files } from '../lib/sandbox-files.ts';
// Types only from the component (erased): loading the Astro config must not load the runtime.
import type { ExploreService } from '../components/explore/explore-count.ts';
import { lessonFiles } from '../check/lessons-on-disk.ts';
import { sourceGraphKey } from '../check/source-graph.ts';
import type { PoolTask } from './explore-pool-worker.ts';

/** Schedules per task: 10,000 become 4 tasks, enough to keep 2 threads busy to the end. */
const TASK_SIZE = 2_500;

type Reply = { id: number; result: ExploreResult } | { id: number; error: string };

interface Thread {
  worker: Worker;
  loaded: Set<string>;
  /** The task it is exploring, if any. */
  current?: Queued;
}

interface Queued {
  task: Omit<PoolTask, 'files'>;
  files: Files;
  resolve(r: ExploreResult): void;
  reject(e: Error): void;
}

/** The same symbol and bound as explore-count.ts's EXPLORE_SERVICE and MAX_EXPLORE_COUNT_N (a test holds them equal). */
export const EXPLORE_SERVICE = Symbol.for('leases-and-fences:explore-service');
const MAX_EXPLORE_COUNT_N = 100_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Everything besides a run's files that decides its verdict: the loader (every module the pool's
 * worker imports, followed from it through relative imports) and the versions of sucrase and Node.
 */
function loaderFingerprint(root: string): string {
  const parts: string[] = [`node ${process.version}`];
  const sucrase = createRequire(join(root, 'package.json')).resolve('sucrase/package.json');
  parts.push(`sucrase ${(JSON.parse(readFileSync(sucrase, 'utf8')) as { version: string }).version}`);
  parts.push(`sources ${sourceGraphKey(new URL('./explore-pool-worker.ts', import.meta.url), root)}`);
  return sha256(parts.sort().join('\0'));
}

export function createExplorePool(
  root: string,
  options: { threads?: number; cache?: boolean } = {},
): ExploreService & { close(): Promise<void> } {
  const size = options.threads ?? Math.max(1, Math.min(availableParallelism(), 4));
  const cacheDir = options.cache === false ? null : join(root, 'node_modules/.cache/leases-and-fences/explore');
  const fingerprint = loaderFingerprint(root);
  const threads: Thread[] = [];
  const queue: Queued[] = [];
  let nextId = 1;
  /** Results by cache key, computed or in flight: a prefetched spec is awaited, never explored twice. */
  const results = new Map<string, Promise<ExploreResult>>();

  const pump = () => {
    while (queue.length) {
      let thread = threads.find((t) => !t.current);
      if (!thread && threads.length < size) thread = spawn();
      if (!thread) return;
      const q = queue.shift()!;
      thread.current = q;
      const first = !thread.loaded.has(q.task.jobKey);
      thread.loaded.add(q.task.jobKey);
      thread.worker.postMessage(first ? { ...q.task, files: q.files } : q.task);
    }
  };

  function spawn(): Thread {
    const worker = new Worker(new URL('./explore-pool-worker.ts', import.meta.url));
    worker.unref(); // an idle pool never keeps the build's process alive
    const thread: Thread = { worker, loaded: new Set() };
    worker.on('message', (m: Reply) => {
      const q = thread.current;
      thread.current = undefined;
      if (q) {
        if ('result' in m) q.resolve(m.result);
        else q.reject(new Error(m.error));
      }
      pump();
    });
    worker.on('error', (err: Error) => {
      // A thread that dies fails what it was doing; the others carry on.
      threads.splice(threads.indexOf(thread), 1);
      thread.current?.reject(err);
      thread.current = undefined;
      pump();
    });
    threads.push(thread);
    return thread;
  }

  function run(files: Files, jobKey: string, entry: string, n: number, baseSeed: number): Promise<ExploreResult> {
    const parts: Promise<ExploreResult>[] = [];
    for (let from = 0; from < n; from += TASK_SIZE) {
      const to = Math.min(n, from + TASK_SIZE);
      parts.push(
        new Promise((resolve, reject) =>
          queue.push({ task: { id: nextId++, jobKey, entry, n, baseSeed, from, to }, files, resolve, reject }),
        ),
      );
    }
    pump();
    // The kit guarantees the merged parts equal one pass over [0, n).
    return Promise.all(parts).then(mergeExplore);
  }

  async function exploreOrRead(
    key: string,
    files: Files,
    jobKey: string,
    entry: string,
    n: number,
    baseSeed: number,
  ): Promise<ExploreResult> {
    const file = cacheDir && join(cacheDir, `${key}.json`);
    if (file) {
      try {
        const cached = JSON.parse(readFileSync(file, 'utf8')) as ExploreResult;
        if (cached && typeof cached.counts === 'object' && cached.to === n) return cached;
      } catch {
        // not cached yet (or unreadable): explore
      }
    }
    const result = await run(files, jobKey, entry, n, baseSeed);
    if (file && cacheDir) {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(result));
      renameSync(tmp, file); // whole or absent: a build killed mid-write leaves no half file
    }
    return result;
  }

  return {
    explore(files, entry, { n, baseSeed }) {
      const filesText = Object.keys(files)
        .sort()
        .map((p) => `${p}\0${files[p]}`)
        .join('\0');
      const jobKey = sha256(`${entry}\0${filesText}`);
      const key = sha256(JSON.stringify({ v: 1, fingerprint, jobKey, n, baseSeed }));
      let result = results.get(key);
      if (!result) {
        results.set(key, (result = exploreOrRead(key, files, jobKey, entry, n, baseSeed)));
        result.catch(() => results.delete(key));
      }
      return result;
    },
    async close() {
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}

/** The literal specs of every `<ExploreCount … />` in a lesson's MDX (sandbox, variant, n, baseSeed). */
export function exploreCountSpecs(mdx: string): { sandbox: string; variant: string; n: number; baseSeed?: number }[] {
  const out: { sandbox: string; variant: string; n: number; baseSeed?: number }[] = [];
  for (const [tag] of mdx.matchAll(/<ExploreCount\b[^>]*>/g)) {
    const props: Record<string, string> = {};
    for (const m of tag.matchAll(/(\w+)=(?:"([^"]*)"|\{\s*(-?\d+)\s*\})/g)) props[m[1]!] = m[2] ?? m[3]!;
    const n = Number(props.n);
    if (!props.sandbox || !props.variant || !Number.isInteger(n)) continue;
    out.push({
      sandbox: props.sandbox,
      variant: props.variant,
      n,
      ...(props.baseSeed !== undefined ? { baseSeed: Number(props.baseSeed) } : {}),
    });
  }
  return out;
}

/**
 * Starts exploring every count the lessons quote before any page renders (alongside Vite's bundling),
 * so the pool is never idle waiting for the next page. Only a head start: the component asks again
 * with the files Vite gave it and gets the same promise when the keys agree; a spec that is wrong
 * here is skipped, and the component reports it.
 */
async function prefetch(root: string, pool: ExploreService): Promise<void> {
  const { registryFromDisk } = await import('../../scripts/lib/registry-from-disk.ts');
  const registry = registryFromDisk(join(root, 'sandboxes'));
  const started = new Set<string>();
  for (const file of lessonFiles(root)) {
    for (const spec of exploreCountSpecs(readFileSync(join(root, file), 'utf8'))) {
      // Many sentences quote the same spec: hash its files once.
      const once = JSON.stringify([spec.sandbox, spec.variant, spec.n, spec.baseSeed ?? null]);
      if (started.has(once)) continue;
      started.add(once);
      try {
        const sandbox = registry.get(spec.sandbox);
        const version = sandbox.versions.find((v) => v.name === spec.variant);
        if (!version || spec.n < 1 || spec.n > MAX_EXPLORE_COUNT_N) continue;
        const { meta } = sandbox;
        pool
          .explore(sandbox.runFiles(sandbox.changes(version)), `${meta.id}/${meta.entry}`, {
            n: spec.n,
            baseSeed: spec.baseSeed ?? meta.defaultSeed,
          })
          .catch(() => {});
      } catch {
        // a sandbox that does not load: the component says so
      }
    }
  }
}

export function explorePool(): AstroIntegration {
  let pool: ReturnType<typeof createExplorePool> | undefined;
  let root = process.cwd();
  const stop = async () => {
    delete (globalThis as Record<symbol, unknown>)[EXPLORE_SERVICE];
    await pool?.close();
    pool = undefined;
  };
  return {
    name: 'lf:explore-pool',
    hooks: {
      'astro:config:setup': ({ config, command }) => {
        if (command !== 'build' && command !== 'dev') return;
        root = fileURLToPath(config.root);
        pool = createExplorePool(root, { cache: process.env.LF_EXPLORE_CACHE !== '0' });
        (globalThis as Record<symbol, unknown>)[EXPLORE_SERVICE] = pool;
      },
      'astro:build:start': async ({ logger }) => {
        if (pool)
          await prefetch(root, pool).catch((err: unknown) =>
            logger.warn(`could not start exploring early: ${String(err)}`),
          );
      },
      'astro:build:done': stop,
      'astro:server:done': stop,
    },
  };
}
