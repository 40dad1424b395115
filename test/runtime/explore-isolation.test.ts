// A run is a function of (files, seed, schedule) alone: reader modules are fresh for every run in
// the page’s explore workers (explore-work.ts), the page’s runner (evaluateScenario) and the CLI
// (scripts/lib/sandbox-run.ts), and reader code’s Date, performance.now() and Math.random() follow the
// simulator’s clock and the run’s seed.
import { describe, expect, it } from 'vitest';
import { exploreSandboxFromDisk, runSandboxFromDisk } from '../../scripts/lib/sandbox-run.ts';
import { drawSchedule, mergeExplore, scheduleSeed } from '../../sandboxes/kit/explore.ts';
import type { ExploreResult, RunResult, TraceEvent, VerdictKind } from '../../sandboxes/kit/types.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { partRange } from '../../src/runtime/explore-client.ts';
import type { ExploreMessage, ExploreRequest } from '../../src/runtime/explore-protocol.ts';
import { createExploreService } from '../../src/runtime/explore-work.ts';
import { EPOCH_MS } from '../../src/runtime/modules.ts';
import { isReaderError } from '../../src/lib/run-outcome.ts';
import { readSources, registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';

const ID = 'fencing-token';
const ENTRY = `${ID}/scenario.ts`;
const sources = readSources();
const base = registryFromDisk().get(ID).runFiles();
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/**
 * A store that keeps state at the top of its module: it accepts the first two puts this module
 * instance ever sees and refuses every later one. Fresh per run, it behaves like the starter; shared
 * across runs, every run after the first makes no progress.
 */
const COUNTING_STORE = `import type { PutRequest, PutResult, StoreContext } from '../kit/index.ts';
let puts = 0;
export function handlePut(put: PutRequest, { console }: StoreContext): PutResult {
  puts++;
  console.log(\`put number \${puts} in this module\`);
  return puts <= 2 ? { ok: true } : { ok: false, reason: 'store full' };
}
`;

async function ask(req: ExploreRequest): Promise<ExploreMessage[]> {
  const out: ExploreMessage[] = [];
  await createExploreService((m) => out.push(json(m)))(req);
  return out;
}

const resultOf = (ms: ExploreMessage[]) => (ms.find((m) => m.type === 'result') as { result: ExploreResult }).result;

/** The verdict of every schedule of [0, n), each replayed alone. */
async function replayedCounts(
  n: number,
  baseSeed: number,
  replay: (seed: number) => Promise<RunResult>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const { verdict } = await replay(scheduleSeed(baseSeed, i));
    counts[verdict.kind] = (counts[verdict.kind] ?? 0) + 1;
  }
  return counts;
}

const nonZero = (counts: Record<VerdictKind, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, v]) => v > 0));

describe('module-level state in a reader file', () => {
  const job = { key: 'mine', overrides: { [`${ID}/store.ts`]: COUNTING_STORE } };
  const n = 40;
  const baseSeed = 11;

  it('explore workers: each explored schedule’s verdict is its replay’s, and the split does not change the counts', async () => {
    const whole = resultOf(
      await ask({ type: 'explore', id: 1, base, entry: ENTRY, jobs: [job], n, baseSeed, from: 0, to: n, chunk: 7 }),
    );
    const parts: ExploreResult[] = [];
    for (let k = 0; k < 4; k++) {
      const [from, to] = partRange(n, 4, k);
      parts.push(
        resultOf(await ask({ type: 'explore', id: 2 + k, base, entry: ENTRY, jobs: [job], n, baseSeed, from, to })),
      );
    }
    expect(mergeExplore(parts)).toEqual(whole);
    const replayed = await replayedCounts(n, baseSeed, async (seed) => {
      const [answer] = await ask({ type: 'replay', id: 9, base, entry: ENTRY, job, seed });
      return (answer as { result: RunResult }).result;
    });
    expect(nonZero(whole.counts)).toEqual(replayed);
    // Fresh per schedule, the store accepts the first writes: this is the starter’s story, not "no progress".
    expect(whole.counts['no-progress']).toBeLessThan(n);
  });

  it('the CLI: the same counts explored in one pass or in four parts, and each schedule replayed alone', async () => {
    const files = { 'store.ts': COUNTING_STORE };
    const whole = await exploreSandboxFromDisk(ID, { files, n, baseSeed });
    const parts = await Promise.all(
      [0, 1, 2, 3]
        .map((k) => partRange(n, 4, k))
        .map(([from, to]) => exploreSandboxFromDisk(ID, { files, n, baseSeed, from, to })),
    );
    expect(mergeExplore(parts)).toEqual(whole);
    expect(nonZero(whole.counts)).toEqual(
      await replayedCounts(n, baseSeed, (seed) => runSandboxFromDisk(ID, { files, seed, drawn: true })),
    );
  });

  it('the CLI and the explore worker agree schedule by schedule', async () => {
    const seed = scheduleSeed(baseSeed, 3);
    const [answer] = await ask({ type: 'replay', id: 10, base, entry: ENTRY, job, seed });
    const cli = await runSandboxFromDisk(ID, {
      files: { 'store.ts': COUNTING_STORE },
      seed,
      schedule: drawSchedule(seed),
    });
    expect((answer as { result: RunResult }).result.trace).toEqual(json(cli.trace));
  });

  it('the page’s runner: Run twice gives the same trace, with the counter starting at zero each time', async () => {
    const files = { ...base, [`${ID}/store.ts`]: COUNTING_STORE };
    const a = await evaluateScenario(files, ENTRY, { seed: 7 });
    const b = await evaluateScenario(files, ENTRY, { seed: 7 });
    expect(isReaderError(a) || isReaderError(b)).toBe(false);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const logs = (a as RunResult).trace
      .filter((e) => e.kind === 'log' && e.node === 'store')
      .map((e) => (e as { text: string }).text);
    expect(logs[0]).toBe('put number 1 in this module');
  });
});

/** A job that logs what its clocks and Math.random say, at the start and after work(). */
const CLOCK_JOB = `import type { LockClient, Proc, StoreClient } from '../kit/index.ts';
const loadedAt = Date.now();
export async function runJob(lock: LockClient, store: StoreClient, { work, console, now }: Proc): Promise<void> {
  const token = await lock.acquire('job-leader', 10_000);
  try {
    console.log('clock', Date.now(), new Date().getTime(), performance.now(), now(), Math.random(), loadedAt);
    const data = await work();
    console.log('clock', Date.now(), new Date().getTime(), performance.now(), now(), Math.random(), loadedAt);
    await store.put('result.csv', data, token);
  } finally {
    await lock.release('job-leader');
  }
}
`;

interface ClockLine {
  t: number;
  node: string;
  date: number;
  newDate: number;
  perf: number;
  procNow: number;
  random: number;
  loadedAt: number;
}

function clockLines(trace: readonly TraceEvent[]): ClockLine[] {
  return trace
    .filter((e): e is Extract<TraceEvent, { kind: 'log' }> => e.kind === 'log' && e.text.startsWith('clock '))
    .map((e) => {
      const [date, newDate, perf, procNow, random, loadedAt] = e.text.split(' ').slice(1).map(Number);
      return {
        t: e.t,
        node: e.node,
        date: date!,
        newDate: newDate!,
        perf: perf!,
        procNow: procNow!,
        random: random!,
        loadedAt: loadedAt!,
      };
    });
}

describe('reader code’s Date, performance.now() and Math.random()', () => {
  const skew = { A: 4_321, B: -1_234 };

  it('follow the virtual clock of the node that runs the code, with its skew, in the CLI', async () => {
    const { trace } = await runSandboxFromDisk(ID, {
      files: { 'job.ts': CLOCK_JOB },
      seed: 5,
      schedule: { clockSkewMs: skew },
    });
    const lines = clockLines(trace);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const l of lines) {
      // The node’s wall clock (whole ms, as the real Date.now()), the same clock as the kit’s proc.now().
      expect(l.date - EPOCH_MS).toBe(Math.floor(l.t + skew[l.node as 'A' | 'B']));
      expect(l.date - EPOCH_MS).toBe(Math.floor(l.procNow));
      expect(l.newDate).toBe(l.date);
      expect(l.perf).toBe(l.t); // monotonic: virtual time since the run started, no skew
      expect(l.loadedAt).toBe(EPOCH_MS); // module load happens at virtual time 0, on no node
    }
    // Virtual time, not real time: A works 5 s between its two lines.
    const a = lines.filter((l) => l.node === 'A');
    expect(a[1]!.date - a[0]!.date).toBeGreaterThanOrEqual(5_000);
  });

  it('are the same in two runs with the same seed, in the page runner and the CLI; another seed draws other numbers', async () => {
    const files = { ...base, [`${ID}/job.ts`]: CLOCK_JOB };
    const page1 = await evaluateScenario(files, ENTRY, { seed: 42 });
    const page2 = await evaluateScenario(files, ENTRY, { seed: 42 });
    const cli = await runSandboxFromDisk(ID, { files: { 'job.ts': CLOCK_JOB }, seed: 42 });
    const other = await runSandboxFromDisk(ID, { files: { 'job.ts': CLOCK_JOB }, seed: 43 });
    const lines = clockLines((page1 as RunResult).trace);
    expect(lines.length).toBeGreaterThan(0);
    expect(clockLines((page2 as RunResult).trace)).toEqual(lines);
    expect(clockLines(cli.trace)).toEqual(lines);
    expect(clockLines(other.trace).map((l) => l.random)).not.toEqual(lines.map((l) => l.random));
    for (const l of lines) expect(l.random >= 0 && l.random < 1).toBe(true);
  });

  it('Math.random() in reader code leaves the network draws alone: the trace without the logs is unchanged', async () => {
    const withRandom = await runSandboxFromDisk(ID, { files: { 'job.ts': CLOCK_JOB }, seed: 9 });
    const plain = await runSandboxFromDisk(ID, {
      files: { 'job.ts': CLOCK_JOB.replaceAll('Math.random()', '0') },
      seed: 9,
    });
    const strip = (trace: readonly TraceEvent[]) =>
      trace.filter((e) => e.kind !== 'log').map((e) => [e.t, e.node, e.kind]);
    expect(strip(withRandom.trace)).toEqual(strip(plain.trace));
  });
});

describe('a renamed or missing handler says which file must export what', () => {
  const starterStore = sources[`${ID}/store.ts`]!;
  const starterJob = sources[`${ID}/job.ts`]!;

  it("the page’s runner: a renamed handlePut names store.ts and the export, not 'this[#handler] is not a function'", async () => {
    const files = {
      ...base,
      [`${ID}/store.ts`]: starterStore.replace('export function handlePut', 'export function handlePutt'),
    };
    const out = await evaluateScenario(files, ENTRY, { seed: 7 });
    expect(out).toMatchObject({ kind: 'runtime', file: `${ID}/store.ts` });
    expect(isReaderError(out) && out.message).toMatch(
      /^store\.ts must export handlePut: scenario\.ts imports it on line \d+ .*but store\.ts exports only handlePutt\./,
    );
    expect(isReaderError(out) && out.message).not.toMatch(/is not a function/);
  });

  it('the same for runJob in job.ts, and in an explore worker', async () => {
    const job = {
      key: 'mine',
      overrides: { [`${ID}/job.ts`]: starterJob.replace('export async function runJob', 'async function runJob') },
    };
    const messages = await ask({
      type: 'explore',
      id: 20,
      base,
      entry: ENTRY,
      jobs: [job],
      n: 5,
      baseSeed: 1,
      from: 0,
      to: 5,
    });
    const err = messages.find((m) => m.type === 'job-error') as { message: string };
    expect(err.message).toMatch(/^job\.ts must export runJob: scenario\.ts imports it .*but job\.ts exports nothing\./);
  });

  it('a handlePut that is not a function is named by the kit with its signature', async () => {
    const files = { ...base, [`${ID}/store.ts`]: 'export const handlePut = 5;\n' };
    const out = await evaluateScenario(files, ENTRY, { seed: 7 });
    expect(isReaderError(out) && out.message).toMatch(/store\.ts must export a function handlePut\(put, store\)/);
  });

  it('a named import the kit lacks names the reader file and line, and how to import a type', async () => {
    const files = {
      ...base,
      [`${ID}/job.ts`]: starterJob.replace(
        'import type { LockClient, Proc, StoreClient }',
        'import { LockClient, Proc, StoreClient }',
      ),
    };
    const out = await evaluateScenario(files, ENTRY, { seed: 7 });
    expect(out).toMatchObject({ kind: 'runtime', file: `${ID}/job.ts`, line: 5 });
    expect(isReaderError(out) && out.message).toMatch(
      /^job\.ts:5: the kit has no export named LockClient .*`import type \{ LockClient \}`/,
    );
  });
});
