// The page’s type-check client over a fake worker: it starts no worker until the first check, a newer
// check of the same sandbox makes the older one moot (null), and a worker that fails to load says so.
import { describe, expect, it } from 'vitest';
import { createTypeChecker, type TypeCheckWorkerLike } from '../../src/runtime/typecheck-client.ts';
import type { TypeCheckReply, TypeCheckRequest } from '../../src/runtime/typecheck-protocol.ts';

class FakeWorker implements TypeCheckWorkerLike {
  sent: TypeCheckRequest[] = [];
  onMessage: ((e: MessageEvent<TypeCheckReply>) => void) | null = null;
  onError: ((e: ErrorEvent) => void) | null = null;
  postMessage(m: TypeCheckRequest) {
    this.sent.push(m);
  }
  addEventListener(type: 'message' | 'error', fn: (e: never) => void) {
    if (type === 'message') this.onMessage = fn as (e: MessageEvent<TypeCheckReply>) => void;
    else this.onError = fn as (e: ErrorEvent) => void;
  }
  reply(r: TypeCheckReply) {
    this.onMessage?.({ data: r } as MessageEvent<TypeCheckReply>);
  }
}

describe('the type-check client', () => {
  it('starts its worker on the first check, not before', () => {
    let made = 0;
    const checker = createTypeChecker(() => (made++, new FakeWorker()));
    expect(made).toBe(0);
    void checker.check('s', { 's/job.ts': '' }, ['s/job.ts']);
    void checker.check('s', { 's/job.ts': 'x' }, ['s/job.ts']);
    expect(made).toBe(1);
  });

  it('answers the latest check of a sandbox and null for the one it replaced', async () => {
    const w = new FakeWorker();
    const checker = createTypeChecker(() => w);
    const first = checker.check('s', { 's/job.ts': 'a' }, ['s/job.ts']);
    const second = checker.check('s', { 's/job.ts': 'b' }, ['s/job.ts']);
    const other = checker.check('t', { 't/job.ts': 'c' }, ['t/job.ts']);
    const problem = { path: 's/job.ts', line: 1, column: 1, from: 0, to: 1, message: 'm', code: 1 };
    for (const m of w.sent) w.reply({ id: m.id, ok: true, problems: m.files['s/job.ts'] === 'b' ? [problem] : [] });
    expect(await first).toBeNull();
    expect(await second).toEqual({ ok: true, problems: [problem] });
    expect(await other).toEqual({ ok: true, problems: [] });
  });

  it('says the checker failed when its worker does, and starts a new one for the next check', async () => {
    const made: FakeWorker[] = [];
    const checker = createTypeChecker(() => {
      const w = new FakeWorker();
      made.push(w);
      return w;
    });
    const pending = checker.check('s', {}, []);
    made[0]!.onError?.({ message: 'failed to fetch' } as ErrorEvent);
    expect(await pending).toEqual({ ok: false, message: 'failed to fetch' });
    void checker.check('s', {}, []);
    expect(made).toHaveLength(2);
  });
});
