// The explore worker’s protocol, run in Node by importing the module that does the work
// (explore-work.ts) rather than the Worker wrapper; its answers are checked against the CLI’s core
// (scripts/lib/sandbox-run.ts), which loads the same sandboxes through the same module loader (modules.ts).
import { describe, expect, it } from 'vitest';
import { exploreSandboxFromDisk, runSandboxFromDisk } from '../../scripts/lib/sandbox-run.ts';
import { mergeExplore } from '../../sandboxes/kit/explore.ts';
import type { ExploreResult } from '../../sandboxes/kit/types.ts';
import { createExploreService } from '../../src/runtime/explore-work.ts';
import type { ExploreJob, ExploreMessage, ExploreRequest } from '../../src/runtime/explore-protocol.ts';
import { createExplorer, ExploreStopped, partRange, type ExploreWorkerLike } from '../../src/runtime/explore-client.ts';
import { registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';

const ID = 'fencing-token';
const ENTRY = `${ID}/scenario.ts`;
const sandbox = registryFromDisk().get(ID);
const base = sandbox.runFiles();
const jobOf = (name: string): ExploreJob => {
  const v = sandbox.versions.find((x) => x.name === name);
  if (!v) throw new Error(`no variant ${name}`);
  return {
    key: name,
    overrides: Object.fromEntries(Object.entries(sandbox.changes(v)).map(([file, text]) => [`${ID}/${file}`, text])),
  };
};
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

async function ask(req: ExploreRequest): Promise<ExploreMessage[]> {
  const out: ExploreMessage[] = [];
  await createExploreService((m) => out.push(json(m)))(req);
  return out;
}

describe('explore worker protocol (in Node)', () => {
  it('lists every variant of fencing-token, each with the files it changes', () => {
    const names = sandbox.versions.map((v) => v.name);
    expect(names).toContain('no-fix');
    expect(names).toContain('token-check');
    expect(Object.keys(jobOf('no-fix').overrides)).toEqual([]);
    expect(Object.keys(jobOf('token-check').overrides)).toEqual([`${ID}/store.ts`]);
  });

  it('parts of a range, merged, equal the CLI exploring the whole range', async () => {
    const n = 300;
    const jobs = [jobOf('no-fix'), jobOf('token-check')];
    const parts: Record<string, ExploreResult[]> = {};
    for (const k of [0, 1]) {
      const [from, to] = partRange(n, 2, k);
      const messages = await ask({
        type: 'explore',
        id: 7,
        base,
        entry: ENTRY,
        jobs,
        n,
        baseSeed: sandbox.meta.defaultSeed,
        from,
        to,
        chunk: 40,
      });
      expect(messages.at(-1)?.type).toBe('done');
      for (const job of jobs) {
        const progress = messages
          .filter((m) => m.type === 'progress' && m.key === job.key)
          .map((m) => (m as { done: number }).done);
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
        expect(progress.at(-1)).toBe(to - from);
        const result = messages.find((m) => m.type === 'result' && m.key === job.key) as { result: ExploreResult };
        (parts[job.key] ??= []).push(result.result);
      }
      expect(messages.every((m) => !('id' in m) || m.id === 7)).toBe(true);
    }
    for (const job of jobs) {
      const whole = await exploreSandboxFromDisk(ID, { variant: job.key, n, baseSeed: sandbox.meta.defaultSeed });
      expect(mergeExplore(parts[job.key]!)).toEqual(json(whole));
    }
    expect(mergeExplore(parts['token-check']!).counts['stale-write-accepted']).toBe(0);
    expect(mergeExplore(parts['no-fix']!).counts['stale-write-accepted']).toBeGreaterThan(0);
  });

  it('a job that cannot load answers with its error; the others still run', async () => {
    const broken: ExploreJob = { key: 'mine', overrides: { [`${ID}/store.ts`]: 'export function handlePut( {\n' } };
    const messages = await ask({
      type: 'explore',
      id: 1,
      base,
      entry: ENTRY,
      jobs: [broken, jobOf('no-fix')],
      n: 20,
      baseSeed: 1,
      from: 0,
      to: 20,
    });
    const err = messages.find((m) => m.type === 'job-error') as { key: string; message: string };
    expect(err.key).toBe('mine');
    expect(err.message).toMatch(/^store\.ts:\d+: SyntaxError/);
    expect(messages.some((m) => m.type === 'result' && m.key === 'no-fix')).toBe(true);
  });

  it('reader code that throws inside a schedule counts as an error verdict', async () => {
    const throwing: ExploreJob = {
      key: 'mine',
      overrides: { [`${ID}/store.ts`]: "export function handlePut() {\n  throw new Error('boom');\n}\n" },
    };
    const messages = await ask({
      type: 'explore',
      id: 2,
      base,
      entry: ENTRY,
      jobs: [throwing],
      n: 10,
      baseSeed: 1,
      from: 0,
      to: 10,
    });
    const { result } = messages.find((m) => m.type === 'result') as { result: ExploreResult };
    expect(result.counts.error + result.counts['no-progress']).toBeGreaterThan(0);
  });

  it('a replay gives the trace the CLI prints for --variant V --drawn --seed S', async () => {
    const [found] = await ask({
      type: 'explore',
      id: 3,
      base,
      entry: ENTRY,
      jobs: [jobOf('ttl-x3')],
      n: 400,
      baseSeed: sandbox.meta.defaultSeed,
      from: 0,
      to: 400,
    }).then((ms) =>
      ms
        .filter((m) => m.type === 'result')
        .map((m) => (m as { result: ExploreResult }).result.examples['stale-write-accepted']),
    );
    const seed = found![0]!.seed;
    const [answer] = await ask({ type: 'replay', id: 4, base, entry: ENTRY, job: jobOf('ttl-x3'), seed });
    expect(answer?.type).toBe('replayed');
    const mine = (answer as { result: { trace: unknown; verdict: { kind: string } } }).result;
    const cli = await runSandboxFromDisk(ID, { variant: 'ttl-x3', seed, drawn: true });
    expect(mine.verdict.kind).toBe('stale-write-accepted');
    expect(mine.trace).toEqual(json(cli.trace));
  });

  it("schedule 'default' replays the scenario’s own schedule: the sandbox’s Run, the CLI without --drawn", async () => {
    const seed = sandbox.meta.defaultSeed;
    const [answer] = await ask({
      type: 'replay',
      id: 6,
      base,
      entry: ENTRY,
      job: { key: 'starter', overrides: {} },
      seed,
      schedule: 'default',
    });
    expect(answer?.type).toBe('replayed');
    const mine = (answer as { result: { trace: unknown } }).result;
    expect(mine.trace).toEqual(json((await runSandboxFromDisk(ID, { seed })).trace));
    expect(mine.trace).not.toEqual(json((await runSandboxFromDisk(ID, { seed, drawn: true })).trace));
  });

  it('a replay of files that do not load answers with an error', async () => {
    const [answer] = await ask({
      type: 'replay',
      id: 5,
      base,
      entry: ENTRY,
      job: { key: 'x', overrides: { [`${ID}/job.ts`]: 'let a = ;' } },
      seed: 1,
    });
    expect(answer?.type).toBe('replay-error');
  });
});

/** A Worker stand-in that runs the service in-process (optionally never answering). */
function fakeWorker(silent = false): ExploreWorkerLike & { terminated: boolean } {
  const listeners: ((e: MessageEvent<ExploreMessage>) => void)[] = [];
  let terminated = false;
  const handle = createExploreService((m) => {
    if (!terminated)
      queueMicrotask(() => listeners.forEach((fn) => fn({ data: json(m) } as MessageEvent<ExploreMessage>)));
  });
  return {
    get terminated() {
      return terminated;
    },
    postMessage(req) {
      if (!silent) setTimeout(() => void handle(json(req)), 0);
    },
    terminate() {
      terminated = true;
    },
    addEventListener(type: string, fn: (e: never) => void) {
      if (type === 'message') listeners.push(fn as (e: MessageEvent<ExploreMessage>) => void);
    },
  };
}

describe('explore client', () => {
  it('splits the range over its workers and merges to the single-pass result', async () => {
    const explorer = createExplorer({ createWorker: () => fakeWorker(), workers: 3 });
    const seen: number[] = [];
    const outcome = await explorer.explore({
      base,
      entry: ENTRY,
      jobs: [jobOf('no-fix')],
      n: 250,
      baseSeed: 7,
      onProgress: (done) => seen.push(done),
    });
    expect(outcome.workers).toBe(3);
    const whole = await exploreSandboxFromDisk(ID, { n: 250, baseSeed: 7 });
    expect(outcome.results.get('no-fix')).toEqual(json(whole));
    expect(seen.at(-1)).toBe(250);
    explorer.dispose();
  });

  it('cancel stops the workers and rejects', async () => {
    const workers: ReturnType<typeof fakeWorker>[] = [];
    const explorer = createExplorer({
      createWorker: () => (workers.push(fakeWorker(true)), workers.at(-1)!),
      workers: 2,
    });
    const p = explorer.explore({ base, entry: ENTRY, jobs: [jobOf('no-fix')], n: 100, baseSeed: 7 });
    explorer.cancel(); // before it even started
    await expect(p).rejects.toMatchObject({ reason: 'cancelled' });
    const q = explorer.explore({ base, entry: ENTRY, jobs: [jobOf('no-fix')], n: 100, baseSeed: 7 });
    await new Promise((r) => setTimeout(r, 20));
    expect(workers.length).toBe(2);
    explorer.cancel(); // while it runs
    await expect(q).rejects.toMatchObject({ reason: 'cancelled' });
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('a worker that goes quiet is stopped with a readable reason', async () => {
    const explorer = createExplorer({ createWorker: () => fakeWorker(true), workers: 1, stallMs: 50 });
    const err = await explorer
      .explore({ base, entry: ENTRY, jobs: [jobOf('no-fix')], n: 10, baseSeed: 7 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExploreStopped);
    expect((err as ExploreStopped).message).toMatch(/loop forever/);
  });

  it('partRange covers the range exactly', () => {
    for (const [n, parts] of [
      [10, 3],
      [1000, 2],
      [1, 4],
      [10000, 4],
    ] as const) {
      const ranges = Array.from({ length: parts }, (_, k) => partRange(n, parts, k));
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(n);
      for (let k = 1; k < parts; k++) expect(ranges[k]![0]).toBe(ranges[k - 1]![1]);
    }
  });
});
