import { describe, expect, it, vi } from 'vitest';
import { createWorkerRunner, type WorkerLike } from '../../src/runtime/worker-runner.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import type { WorkerMessage, WorkerRequest } from '../../src/runtime/worker-protocol.ts';
import type { ConsoleLine } from '../../src/lib/run-outcome.ts';
import { fakeFiles } from './fixtures.ts';

/** A worker that evaluates in this process, like sandbox-worker.ts; `hang` makes it start and never finish. */
function fakeWorker(opts: { hang?: boolean } = {}) {
  const listeners: ((e: MessageEvent<WorkerMessage>) => void)[] = [];
  const emit = (data: WorkerMessage) =>
    setTimeout(() => listeners.forEach((fn) => fn({ data } as MessageEvent<WorkerMessage>)), 0);
  const w = {
    terminated: false,
    emitForTest: emit,
    addEventListener(type: string, fn: (e: MessageEvent<WorkerMessage>) => void) {
      if (type === 'message') listeners.push(fn);
    },
    terminate: vi.fn(() => {
      w.terminated = true;
    }),
    postMessage(req: WorkerRequest) {
      emit({ type: 'started', id: req.id });
      if (opts.hang) return;
      void evaluateScenario(req.files, req.entry, {
        seed: req.seed,
        onConsole: (line) => emit({ type: 'console', id: req.id, line }),
      }).then((outcome) => emit({ type: 'done', id: req.id, outcome }));
    },
  };
  return w;
}

const req = () => ({ sandbox: 'fake', files: fakeFiles(), entry: 'fake/scenario.ts', seed: 2 });

describe('worker runner (fake worker)', () => {
  it('runs, streams console lines, reuses its worker', async () => {
    const made: ReturnType<typeof fakeWorker>[] = [];
    const runner = createWorkerRunner({
      createWorker: () => {
        const w = fakeWorker();
        made.push(w);
        return w as unknown as WorkerLike;
      },
    });
    const lines: ConsoleLine[] = [];
    const out = await runner.run(req(), { onConsole: (l) => lines.push(l) });
    expect(out).toMatchObject({ sandbox: 'fake', seed: 2, verdict: { kind: 'stale-write-accepted' } });
    expect(lines.map((l) => l.text)).toEqual(['A got token 1', 'B got token 2']);
    await runner.run(req());
    expect(made).toHaveLength(1);
  });

  it('stops a run that outlives its limit, terminates and respawns the worker, and keeps working', async () => {
    const made: ReturnType<typeof fakeWorker>[] = [];
    let hang = true;
    const runner = createWorkerRunner({
      timeoutMs: 50,
      createWorker: () => {
        const w = fakeWorker({ hang });
        made.push(w);
        hang = false;
        return w as unknown as WorkerLike;
      },
    });
    expect(await runner.run(req())).toEqual({
      kind: 'timeout',
      message: 'Stopped after 0.1 s: does your code loop forever?',
    });
    expect(made[0]!.terminate).toHaveBeenCalled();
    expect(made).toHaveLength(2); // respawned at once
    expect(await runner.run(req())).toMatchObject({ verdict: { kind: 'stale-write-accepted' } });
  });

  it('says "Stopped after 2 s" by default', async () => {
    vi.useFakeTimers();
    try {
      const runner = createWorkerRunner({ createWorker: () => fakeWorker({ hang: true }) as unknown as WorkerLike });
      const pending = runner.run(req());
      await vi.advanceTimersByTimeAsync(2001);
      expect(await pending).toEqual({ kind: 'timeout', message: 'Stopped after 2 s: does your code loop forever?' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('names printing as a likely cause when the stopped run had printed a thousand lines or more', async () => {
    const printing = (lines: number) => {
      const w = fakeWorker({ hang: true });
      const post = w.postMessage.bind(w);
      w.postMessage = (r: WorkerRequest) => {
        post(r);
        for (let i = 0; i < lines; i++)
          w.emitForTest({ type: 'console', id: r.id, line: { level: 'log', text: `line ${i}` } });
      };
      return w as unknown as WorkerLike;
    };
    const many = await createWorkerRunner({ timeoutMs: 200, createWorker: () => printing(1500) }).run(req());
    expect(many).toEqual({
      kind: 'timeout',
      message:
        'Stopped after 0.2 s: does your code loop forever? It had printed 1,500 console lines by then, and printing that much is slow too: print less, or only what you need to see.',
    });
    const few = await createWorkerRunner({ timeoutMs: 200, createWorker: () => printing(999) }).run(req());
    expect(few).toEqual({ kind: 'timeout', message: 'Stopped after 0.2 s: does your code loop forever?' });
    // A store’s or a job’s console.log reaches the page as a trace 'log' event: it counts too.
    const logging = () => {
      const w = fakeWorker({ hang: true });
      const post = w.postMessage.bind(w);
      w.postMessage = (r: WorkerRequest) => {
        post(r);
        for (let i = 0; i < 1200; i++)
          w.emitForTest({
            type: 'event',
            id: r.id,
            event: { kind: 'log', t: 0, seq: i, node: 'store', level: 'log', text: `put ${i}` },
          } as WorkerMessage);
      };
      return w as unknown as WorkerLike;
    };
    const logged = await createWorkerRunner({ timeoutMs: 200, createWorker: logging }).run(req());
    expect('message' in logged ? logged.message : '').toContain('It had printed 1,200 console lines by then');
  });

  it('queues a second run behind the first', async () => {
    const runner = createWorkerRunner({ createWorker: () => fakeWorker() as unknown as WorkerLike });
    const [a, b] = await Promise.all([runner.run(req()), runner.run({ ...req(), seed: 3 })]);
    expect([a, b].map((o) => ('seed' in o ? o.seed : null))).toEqual([2, 3]);
  });
});
