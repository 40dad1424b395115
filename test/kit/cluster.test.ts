// The kit’s run loop, lock service and pauses, driven directly (no sandbox files).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acceptAll,
  createCluster,
  FIRST_TOKEN,
  LockHeldError,
  logTokenOnly,
  RpcTimeoutError,
  RPC_TIMEOUT_MS,
  WriteRejectedError,
  type ClusterOptions,
  type Proc,
  type PutHandler,
  type TraceEvent,
} from '../../sandboxes/kit/index.ts';

function cluster(options: Partial<ClusterOptions> = {}) {
  return createCluster({ seed: 1, handlePut: acceptAll, readerFiles: ['job.ts'], latencyMs: [5, 5], ...options });
}

const of = <K extends TraceEvent['kind']>(trace: TraceEvent[], kind: K) =>
  trace.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);

describe('lock service', () => {
  it('measures the TTL on its own clock from the grant, whatever the client clock says', async () => {
    const c = cluster({ clockSkewMs: { A: 5_000 } });
    c.spawn('A', { at: 0, workMs: 0 }, async ({ lock }) => {
      await lock.acquire('k', 10_000);
    });
    const trace = await c.run();
    const [grant] = of(trace, 'grant');
    expect(grant).toMatchObject({ t: 5, holder: 'A', token: FIRST_TOKEN, expiresAt: 10_005 });
    expect(of(trace, 'expire')).toEqual([
      expect.objectContaining({ t: 10_005, node: 'lock', holder: 'A', token: FIRST_TOKEN }),
    ]);
  });

  it('refuses while a live lease is held, and grants with the next token once it expires', async () => {
    const c = cluster();
    const seen: string[] = [];
    c.spawn('A', { at: 0, workMs: 0 }, async ({ lock }) => {
      await lock.acquire('k', 1_000);
    });
    c.spawn('B', { at: 100, workMs: 0 }, async ({ lock, sleep }) => {
      for (;;) {
        try {
          seen.push(`token ${await lock.acquire('k', 1_000)}`);
          return;
        } catch (err) {
          seen.push(err instanceof LockHeldError ? `held by ${err.heldBy}` : String(err));
          await sleep(400);
        }
      }
    });
    const trace = await c.run();
    expect(seen).toEqual(['held by A', 'held by A', 'held by A', `token ${FIRST_TOKEN + 1}`]);
    expect(of(trace, 'refuse').map((e) => e.heldBy)).toEqual(['A', 'A', 'A']);
    expect(of(trace, 'expire')[0]!.t).toBe(1_005);
  });

  it('renewal extends from the renewal time; release by a non-holder is ignored with a note', async () => {
    const c = cluster();
    c.spawn('A', { at: 0, workMs: 0 }, async ({ lock, sleep }) => {
      await lock.acquire('k', 1_000);
      await sleep(500);
      await lock.renew('k');
      await sleep(2_000); // lease gone by now
      await lock.release('k');
    });
    const trace = await c.run();
    expect(of(trace, 'renew')[0]).toMatchObject({ t: 515, expiresAt: 1_515 });
    expect(of(trace, 'expire')[0]!.t).toBe(1_515);
    expect(of(trace, 'release')).toEqual([]);
    expect(of(trace, 'log').map((e) => e.text)).toEqual(['release of k by A ignored: not held']);
  });

  it('grants strictly increasing tokens, starting at 33, whatever the interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 0xffffffff }),
        fc.array(fc.record({ at: fc.nat(5_000), ttl: fc.integer({ min: 1, max: 3_000 }), hold: fc.nat(4_000) }), {
          minLength: 1,
          maxLength: 6,
        }),
        async (seed, workers) => {
          const c = cluster({ seed, latencyMs: [1, 30] });
          workers.forEach(({ at, ttl, hold }, i) =>
            c.spawn(`W${i}`, { at, workMs: 0 }, async ({ lock, sleep }) => {
              for (let attempt = 0; attempt < 5; attempt++) {
                try {
                  await lock.acquire('k', ttl);
                  await sleep(hold);
                  await lock.release('k');
                } catch {
                  await sleep(300);
                }
              }
            }),
          );
          const tokens = of(await c.run(), 'grant').map((e) => e.token);
          expect(tokens[0]).toBe(FIRST_TOKEN);
          tokens.forEach((token, i) => expect(token).toBe(FIRST_TOKEN + i));
        },
      ),
      { numRuns: 200 },
    );
  });
});

// etcd’s client/v3/lease.go: KeepAlive sends at once (nextKeepAlive = now); each ack sets
// nextKeepAlive = ack + TTL/3 and deadline = ack + TTL; sendKeepAliveLoop wakes every 500 ms and
// sends what is due (an unacknowledged renewal again); deadlineLoop wakes every second and closes
// keep-alives whose deadline has passed. The server (lessor.Renew) counts the TTL from its refresh.
describe('keepAlive, like etcd’s client', () => {
  // A acquires at 0 (the grant is handled at 5 ms, acked at 10 ms) and starts its keep-alive at 10 ms,
  // so its send ticks are 10 + k*500 ms and its deadline checks 10 + k*1000 ms. One-way latency 5 ms.
  function keepAliveRun(options: Partial<ClusterOptions>, setup?: (c: ReturnType<typeof cluster>) => void) {
    const c = cluster(options);
    const lost: { reason: string; at: number }[] = [];
    c.spawn('A', { at: 0, workMs: 0 }, async ({ lock, sleep, now }) => {
      await lock.acquire('k', 3_000);
      lock.keepAlive('k', (reason) => lost.push({ reason, at: now() }));
      await sleep(8_000);
      await lock.release('k').catch(() => {});
    });
    setup?.(c);
    return c.run().then((trace) => ({ trace, lost }));
  }

  it('renews at once, then TTL/3 after each ack; the service extends the lease from when it handles the renewal', async () => {
    const { trace, lost } = await keepAliveRun({});
    const renews = of(trace, 'renew');
    expect(renews.map((e) => e.t)).toEqual([15, 1_515, 3_015, 4_515, 6_015, 7_515]); // acked at +5 ms, next due 1 s later, sent at the next 0.5 s tick
    for (const e of renews) expect(e.expiresAt).toBe(e.t + 3_000);
    expect(of(trace, 'expire')).toEqual([]);
    expect(lost).toEqual([{ reason: 'stopped', at: 8_010 }]); // release() stops it, as a cancelled context closes etcd’s channel
    expect(of(trace, 'lost')).toEqual([]);
  });

  it('sends a lost renewal again every 0.5 s, and a single lost renewal does not end it', async () => {
    const { trace, lost } = await keepAliveRun({ partitions: [{ a: 'A', b: 'lock', from: 1_400, to: 2_100 }] });
    expect(
      of(trace, 'drop')
        .filter((e) => e.msg.startsWith('keep-alive'))
        .map((e) => e.t),
    ).toEqual([1_510, 2_010]);
    expect(
      of(trace, 'renew')
        .map((e) => e.t)
        .slice(0, 3),
    ).toEqual([15, 2_515, 4_015]);
    expect(of(trace, 'expire')).toEqual([]);
    expect(lost.map((l) => l.reason)).toEqual(['stopped']);
  });

  it('gives up at the first once-a-second check after last ack + TTL, after the service has already expired the lease', async () => {
    const { trace, lost } = await keepAliveRun({ partitions: [{ a: 'A', b: 'lock', from: 1_400, to: 60_000 }] });
    // Last ack at 20 ms: deadline 3.020 s, checked at 1.010, 2.010, 3.010 and 4.010 s. The service
    // refreshed the lease at 15 ms, so it expired at 3.015 s: a second before A gives up.
    expect(of(trace, 'expire').map((e) => e.t)).toEqual([3_015]);
    expect(of(trace, 'lost')).toEqual([expect.objectContaining({ t: 4_010, node: 'A', key: 'k', reason: 'deadline' })]);
    expect(lost).toEqual([{ reason: 'deadline', at: 4_010 }]);
    // Every 0.5 s until then, a renewal went out and was lost.
    expect(
      of(trace, 'drop')
        .filter((e) => e.msg.startsWith('keep-alive'))
        .map((e) => e.t),
    ).toEqual([1_510, 2_010, 2_510, 3_010, 3_510]);
  });

  it('ends at once when the service answers that the lease is gone', async () => {
    // Paused from 0.1 s to 3.017 s: the lease expired at 3.015 s, but A’s deadline (3.020 s) is
    // checked only at 4.010 s; the overdue renewal goes out at 3.017 s and is refused first.
    const { trace, lost } = await keepAliveRun({}, (c) => c.pause('A', 100, 2_917));
    expect(of(trace, 'renew-refused').map((e) => e.t)).toEqual([3_022]);
    expect(of(trace, 'lost')).toEqual([expect.objectContaining({ t: 3_027, reason: 'expired' })]);
    expect(lost).toEqual([{ reason: 'expired', at: 3_027 }]);
  });

  it('runs nothing while paused: after a long pause the deadline check comes when the node resumes', async () => {
    const { trace, lost } = await keepAliveRun({}, (c) => c.pause('A', 100, 6_000));
    expect(of(trace, 'renew').map((e) => e.t)).toEqual([15]);
    expect(of(trace, 'lost')).toEqual([expect.objectContaining({ t: 6_100, reason: 'deadline' })]);
    expect(lost).toEqual([{ reason: 'deadline', at: 6_100 }]);
  });
});

describe('pauses', () => {
  it('a paused node runs nothing: no events, no continuations, no callbacks until the pause ends', async () => {
    const ran: number[] = []; // true time of every moment A’s code ran
    const c = cluster({ latencyMs: [2, 40], seed: 9 });
    c.spawn('A', { at: 0, workMs: 0 }, async (proc: Proc) => {
      const { lock, store, sleep, now, console } = proc;
      await lock.acquire('k', 900);
      ran.push(now());
      lock.keepAlive('k', () => ran.push(now()));
      for (let i = 0; i < 40; i++) {
        await sleep(37);
        ran.push(now());
        console.log(`tick ${i}`);
        if (i % 5 === 0) await store.put('x', `v${i}`).then(() => ran.push(now()));
      }
    });
    c.spawn('B', { at: 0, workMs: 0 }, async ({ lock, sleep }) => {
      for (let i = 0; i < 30; i++) await lock.acquire('k', 500).catch(() => sleep(100));
    });
    c.pause('A', 300, 1_000);
    const trace = await c.run();
    const start = trace.find((e) => e.kind === 'pause-start')!;
    const end = trace.find((e) => e.kind === 'pause-end')!;
    expect([start.t, end.t]).toEqual([300, 1_300]);
    const during = trace.filter((e) => e.node === 'A' && e.seq > start.seq && e.seq < end.seq);
    expect(during).toEqual([]);
    expect(ran.filter((t) => t > 300 && t < 1_300)).toEqual([]);
    // B kept working during A’s pause, and A’s overdue work ran right after it.
    expect(trace.some((e) => e.node === 'lock' && e.t > 300 && e.t < 1_300)).toBe(true);
    expect(ran).toContain(1_300);
  });

  it('messages already in flight still arrive; messages to the paused node wait for it', async () => {
    const c = cluster({ latencyMs: [50, 50] });
    c.spawn('A', { at: 0, workMs: 0 }, async ({ store }) => {
      await store.put('x', 'v');
    });
    c.pause('A', 10, 500);
    const trace = await c.run();
    expect(trace.find((e) => e.kind === 'receive' && e.node === 'store')!.t).toBe(50);
    expect(trace.find((e) => e.kind === 'write-accepted')!.t).toBe(50);
    expect(trace.find((e) => e.kind === 'receive' && e.node === 'A')!.t).toBe(510);
  });

  it('held timers fire in their original order when the pause ends', async () => {
    const order: string[] = [];
    const c = cluster();
    c.spawn('A', { at: 0, workMs: 0 }, async ({ sleep }) => {
      await Promise.all([
        sleep(300).then(() => order.push('300')),
        sleep(100).then(() => order.push('100')),
        sleep(200).then(() => order.push('200')),
      ]);
    });
    c.pause('A', 50, 1_000);
    await c.run();
    expect(order).toEqual(['100', '200', '300']);
  });
});

describe('run loop', () => {
  it('lets reader code chain ordinary awaits between kit calls, and Promise.all over kit calls', async () => {
    const c = cluster();
    const times: number[] = [];
    c.spawn('A', { at: 0, workMs: 0 }, async ({ sleep, now }) => {
      const helper = async (ms: number) => {
        // eslint-disable-next-line @typescript-eslint/await-thenable -- an ordinary await of a plain value, as reader code may write
        await null;
        await sleep(ms);
        return now();
      };
      times.push(await helper(10));
      times.push(...(await Promise.all([helper(5), helper(20)])));
      times.push(now());
    });
    const trace = await c.run();
    expect(times).toEqual([10, 15, 30, 30]);
    expect(trace.at(-1)).toMatchObject({ kind: 'done', node: 'A', t: 30 });
  });

  it('a promise the simulator does not drive becomes an error, not a hang', async () => {
    const c = cluster();
    c.spawn('A', { at: 0, workMs: 0 }, () => new Promise<void>(() => {}));
    const trace = await c.run();
    expect(trace.at(-1)).toMatchObject({ kind: 'error', node: 'A' });
    // It says what A did (nothing the simulator saw), not that A ran those turns.
    expect((trace.at(-1) as { message: string }).message).toMatch(
      /^A neither called the simulator nor finished within [\d,]+ microtask turns: is it awaiting something the simulator does not drive \(setTimeout, fetch, a Promise that never resolves\)/,
    );
  });

  it('a worker still busy at the horizon is an error', async () => {
    const c = cluster({ horizonMs: 10_000 });
    c.spawn('A', { at: 0, workMs: 0 }, async ({ sleep }) => {
      for (;;) await sleep(1_000);
    });
    const trace = await c.run();
    expect(trace.at(-1)).toMatchObject({ kind: 'error', node: 'A' });
    expect((trace.at(-1) as { message: string }).message).toMatch(/does it loop forever/);
  });

  it('console output becomes log events on the node; late calls after the run record nothing', async () => {
    const c = cluster();
    let late: (() => void) | undefined;
    c.spawn('A', { at: 0, workMs: 0 }, ({ console }) => {
      console.log('hello', 42, { a: [1] }, new Map([['k', 1]]));
      late = () => console.log('too late');
      return Promise.resolve();
    });
    const trace = await c.run();
    late!();
    expect(of(trace, 'log').map((e) => [e.node, e.text])).toEqual([['A', 'hello 42 {"a":[1]} {"k":1}']]);
  });
});

describe('object store', () => {
  it('traces each decision with the ground truth: carried token, lease token, highest accepted before', async () => {
    const c = cluster({
      handlePut: (put, { memory }) =>
        put.token === 1 ? { ok: false, reason: 'one is unlucky' } : (memory.set(put.key, 0), { ok: true }),
    });
    const outcomes: string[] = [];
    c.spawn('A', { at: 0, workMs: 0 }, async ({ lock, store }) => {
      await store.put('x', 'no lease yet');
      const token = await lock.acquire('k', 1_000);
      await store.put('x', 'fenced', token);
      await store
        .put('x', 'unlucky', 1)
        .catch((err: unknown) => outcomes.push(err instanceof WriteRejectedError ? err.reason : String(err)));
    });
    const writes = (await c.run()).filter(
      (e): e is Extract<TraceEvent, { kind: 'write-accepted' | 'write-rejected' }> =>
        e.kind === 'write-accepted' || e.kind === 'write-rejected',
    );
    expect(
      writes.map(({ kind, token, leaseToken, highest, value }) => ({ kind, token, leaseToken, highest, value })),
    ).toEqual([
      { kind: 'write-accepted', token: undefined, leaseToken: null, highest: null, value: 'no lease yet' },
      { kind: 'write-accepted', token: 33, leaseToken: 33, highest: null, value: 'fenced' },
      { kind: 'write-rejected', token: 1, leaseToken: 33, highest: 33, value: 'unlucky' },
    ]);
    expect(outcomes).toEqual(['one is unlucky']);
  });

  it('logTokenOnly logs the token it receives and accepts anyway', async () => {
    const c = cluster({ handlePut: logTokenOnly });
    c.spawn('A', { at: 0, workMs: 0 }, async ({ store }) => {
      await store.put('x', 'v', 7);
      await store.put('x', 'v');
    });
    const trace = await c.run();
    expect(trace.filter((e) => e.kind === 'log').map((e) => `${e.node}: ${(e as { text: string }).text}`)).toEqual([
      'store: put x with token 7',
      'store: put x with token (none)',
    ]);
    expect(trace.filter((e) => e.kind === 'write-accepted')).toHaveLength(2);
  });

  it('a handler that returns a Promise or garbage is an error, not a silent accept', async () => {
    // Reader code is not type-checked at run time: these are what a careless handler might return.
    for (const handlePut of [
      (() => Promise.resolve({ ok: true })) as unknown as PutHandler,
      (() => 'yes') as unknown as PutHandler,
    ]) {
      const c = cluster({ handlePut });
      c.spawn('A', { at: 0, workMs: 0 }, ({ store }) =>
        store.put('x', 'v').then(
          () => {},
          () => {},
        ),
      );
      expect((await c.run()).at(-1)).toMatchObject({ kind: 'error', node: 'store' });
    }
  });
});

describe('network', () => {
  it('draws each latency from the seeded PRNG within the configured range', async () => {
    const c = cluster({ latencyMs: [3, 9], seed: 5 });
    c.spawn('A', { at: 0, workMs: 0 }, async ({ store }) => {
      for (let i = 0; i < 20; i++) await store.put('x', 'v');
    });
    const trace = await c.run();
    const sent = new Map(trace.filter((e) => e.kind === 'send').map((e) => [(e as { id: number }).id, e.t]));
    const latencies = trace.filter((e) => e.kind === 'receive').map((e) => e.t - sent.get((e as { id: number }).id)!);
    expect(latencies).toHaveLength(40);
    for (const l of latencies) expect(l >= 3 && l < 9).toBe(true);
    expect(new Set(latencies).size).toBeGreaterThan(30);
  });

  it('a partition loses messages both ways during its window; the caller times out', async () => {
    const outcomes: string[] = [];
    const c = cluster({ partitions: [{ a: 'lock', b: 'A', from: 0, to: 1_500 }] });
    c.spawn('A', { at: 0, workMs: 0 }, async ({ lock, sleep, now }) => {
      for (;;) {
        try {
          outcomes.push(`token ${await lock.acquire('k', 1_000)} at ${now()}`);
          return;
        } catch (err) {
          outcomes.push(`${err instanceof RpcTimeoutError ? 'timeout' : String(err)} at ${now()}`);
          await sleep(100);
        }
      }
    });
    const trace = await c.run();
    expect(outcomes).toEqual([
      `timeout at ${RPC_TIMEOUT_MS}`,
      `timeout at ${100 + 2 * RPC_TIMEOUT_MS}`,
      'token 33 at 2210',
    ]);
    expect(trace.filter((e) => e.kind === 'drop').map((e) => [e.node, e.t])).toEqual([
      ['A', 0],
      ['A', 1_100],
    ]);
  });

  it('drops with the configured probability (all of them at 1)', async () => {
    const c = cluster({ dropRate: 1 });
    let error: unknown;
    c.spawn('A', { at: 0, workMs: 0 }, async ({ store }) => {
      error = await store.put('x', 'v').catch((err: unknown) => err);
    });
    const trace = await c.run();
    expect(error).toBeInstanceOf(RpcTimeoutError);
    expect(trace.filter((e) => e.kind === 'write-accepted')).toEqual([]);
  });
});
