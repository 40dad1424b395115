import { describe, expect, it, vi } from 'vitest';
import {
  createWebContainerRunner, mountTree, spawnArgs, RESULT_MARK, ERROR_MARK,
  type DirectoryTree, type WebContainerApiLike, type WebContainerLike, type EngineStatus,
} from '../../src/runtime/webcontainer.ts';
import type { RunOutcome, Runner, RunnerInfo, RunRequest, ConsoleLine } from '../../src/runtime/runner.ts';
import { fakeFiles } from './fixtures.ts';
import { transpileToEsm } from '../../src/runtime/transpile.ts';

const request = (): RunRequest => ({ sandbox: 'fake', files: fakeFiles(), entry: 'fake/scenario.ts', seed: 42 });
const RESULT = { sandbox: 'fake', seed: 42, trace: [], verdict: { kind: 'stale-write-accepted', ok: false, summary: 'x', findings: [] } };

function fallbackRunner(): Runner & { calls: RunRequest[] } {
  const calls: RunRequest[] = [];
  return { name: 'worker', calls, async run(req) { calls.push(req); return { ...RESULT, sandbox: 'from-fallback' } as RunOutcome; } };
}

/** A fake engine: records mounts and spawns, replays scripted output chunks. */
function fakeEngine(script: { chunks: string[]; exit?: number; hang?: boolean }) {
  const mounts: DirectoryTree[] = [];
  const spawns: { command: string; args: string[]; options?: { cwd?: string } }[] = [];
  const killed = vi.fn();
  const wc: WebContainerLike = {
    async mount(tree) { mounts.push(tree); },
    async spawn(command, args, options) {
      spawns.push({ command, args, options });
      const output = new ReadableStream<string>({
        start(c) { for (const chunk of script.chunks) c.enqueue(chunk); if (!script.hang) c.close(); },
      });
      return { output, exit: script.hang ? new Promise<number>(() => {}) : Promise.resolve(script.exit ?? 0), kill: killed };
    },
  };
  const boot = vi.fn(async () => wc);
  const api: WebContainerApiLike = { WebContainer: { boot } };
  return { api, mounts, spawns, killed, boot };
}

const file = (tree: DirectoryTree, path: string): string => {
  let node: DirectoryTree[string] = { directory: tree };
  for (const part of path.split('/')) {
    if (!('directory' in node)) throw new Error(path);
    node = node.directory[part]!;
    if (!node) throw new Error(`missing ${path}`);
  }
  if (!('file' in node)) throw new Error(`${path} is a folder`);
  return node.file.contents;
};

describe('WebContainer runner (against a fake engine)', () => {
  it('mounts the kit and the sandbox in their own folders as line-preserving .js, plus run.js', () => {
    const tree = mountTree(request(), transpileToEsm);
    expect(JSON.parse(file(tree, 'package.json')).type).toBe('module');
    const job = file(tree, 'sandboxes/fake/job.js');
    expect(job).toContain("from './store.js'");
    expect(job).not.toMatch(/: number/);
    expect(job.split('\n').length).toBe(fakeFiles()['fake/job.ts']!.split('\n').length);
    expect(file(tree, 'sandboxes/kit/index.js')).toContain('class Sim');
    expect(file(tree, 'sandboxes/fake/run.js')).toContain("import('./scenario.js')");
    expect(spawnArgs(request())).toEqual({ command: 'node', args: ['run.js', '--seed', '42', '--json'], options: { cwd: 'sandboxes/fake' } });
  });

  it('boots once, spawns node with the seed, pipes console lines and parses the result line', async () => {
    const json = JSON.stringify(RESULT);
    const engine = fakeEngine({ chunks: ['A got token 1\r\nB got', ' token 2\n\x1b[32m\x1b[0m', `\n${RESULT_MARK}${json.slice(0, 20)}`, `${json.slice(20)}\n`] });
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({ loadApi: async () => engine.api, fallback, isIsolated: () => true, isSupported: () => true, waitForBoot: true });
    const lines: ConsoleLine[] = [];
    const infos: RunnerInfo[] = [];
    const out = await runner.run(request(), { onConsole: (l) => lines.push(l), onRunner: (i) => infos.push(i) });
    expect(out).toEqual(RESULT);
    expect(lines.map((l) => l.text)).toEqual(['A got token 1', 'B got token 2']);
    expect(infos).toEqual([{ runner: 'webcontainer' }]);
    expect(engine.spawns[0]).toEqual({ command: 'node', args: ['run.js', '--seed', '42', '--json'], options: { cwd: 'sandboxes/fake' } });
    expect(engine.mounts).toHaveLength(1);
    await runner.run(request());
    expect(engine.boot).toHaveBeenCalledTimes(1);
    expect(fallback.calls).toHaveLength(0);
  });

  it('maps an error reported by run.js to the reader .ts file and line', async () => {
    const payload = { name: 'TypeError', message: 'x is not a function', stack: 'TypeError: x is not a function\n    at put (file:///home/lf/sandboxes/fake/store.js:4:13)\n    at file:///home/lf/sandboxes/kit/index.js:3:1' };
    const engine = fakeEngine({ chunks: [`${ERROR_MARK}${JSON.stringify(payload)}\n`] });
    const runner = createWebContainerRunner({ loadApi: async () => engine.api, fallback: fallbackRunner(), isIsolated: () => true, isSupported: () => true, waitForBoot: true });
    expect(await runner.run(request())).toMatchObject({ kind: 'runtime', file: 'fake/store.ts', line: 4, message: 'store.ts:4: TypeError: x is not a function' });
  });

  it('reports a syntax error before mounting', async () => {
    const engine = fakeEngine({ chunks: [] });
    const runner = createWebContainerRunner({ loadApi: async () => engine.api, fallback: fallbackRunner(), isIsolated: () => true, isSupported: () => true, waitForBoot: true });
    const req = request();
    req.files['fake/job.ts'] = 'export const a = ;\n';
    expect(await runner.run(req)).toMatchObject({ kind: 'syntax', file: 'fake/job.ts', line: 1 });
    expect(engine.mounts).toHaveLength(0);
  });

  it('kills a run that outlives its limit', async () => {
    const engine = fakeEngine({ chunks: [], hang: true });
    const runner = createWebContainerRunner({ loadApi: async () => engine.api, fallback: fallbackRunner(), isIsolated: () => true, isSupported: () => true, waitForBoot: true, runTimeoutMs: 50 });
    expect(await runner.run(request())).toEqual({ kind: 'timeout', message: 'Stopped after 0.1 s: does your code loop forever?' });
    expect(engine.killed).toHaveBeenCalled();
  });

  it('bounds a boot that never settles and falls back with the notice', async () => {
    vi.useFakeTimers();
    try {
      const boot = vi.fn(() => new Promise<WebContainerLike>(() => {})); // like an unreachable host: never rejects
      const fallback = fallbackRunner();
      const statuses: EngineStatus[] = [];
      const runner = createWebContainerRunner({
        loadApi: async () => ({ WebContainer: { boot } }), fallback, isIsolated: () => true, isSupported: () => true,
        waitForBoot: true, onStatus: (s) => statuses.push(s),
      });
      const infos: RunnerInfo[] = [];
      const pending = runner.run(request(), { onRunner: (i) => infos.push(i) });
      await vi.advanceTimersByTimeAsync(9_999);
      expect(fallback.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(2);
      const out = await pending;
      expect(out).toMatchObject({ sandbox: 'from-fallback' });
      const notice = 'Running in this page: the WebContainer engine did not start within 10 s.';
      expect(infos).toEqual([{ runner: 'worker', notice }]);
      expect(statuses).toEqual([{ state: 'booting' }, { state: 'unavailable', notice }]);
      // Later runs go straight to the page, without a second boot.
      await runner.run(request());
      expect(boot).toHaveBeenCalledTimes(1);
      expect(fallback.calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not make the reader wait: while booting, runs go to the page at once', async () => {
    const boot = vi.fn(() => new Promise<WebContainerLike>(() => {}));
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({ loadApi: async () => ({ WebContainer: { boot } }), fallback, isIsolated: () => true, isSupported: () => true, bootTimeoutMs: 60_000 });
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([{ runner: 'worker', notice: 'Running in this page while the WebContainer engine starts.' }]);
  });

  it.each([
    ['a page without cross-origin isolation', { isIsolated: () => false, isSupported: () => true }, 'Running in this page: this page is not cross-origin isolated, which the WebContainer engine needs.'],
    ['an unsupported browser', { isIsolated: () => true, isSupported: () => false }, 'Running in this page: this browser cannot run the WebContainer engine.'],
  ])('falls back on %s without booting', async (_name, env, notice) => {
    const engine = fakeEngine({ chunks: [] });
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({ loadApi: async () => engine.api, fallback, ...env });
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([{ runner: 'worker', notice }]);
    expect(engine.boot).not.toHaveBeenCalled();
    expect(fallback.calls).toHaveLength(1);
  });

  it('falls back when boot fails, saying why', async () => {
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({
      loadApi: async () => ({ WebContainer: { boot: async () => { throw new Error('Unable to create more instances'); } } }),
      fallback, isIsolated: () => true, isSupported: () => true, waitForBoot: true,
    });
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([{ runner: 'worker', notice: 'Running in this page: the WebContainer engine failed to start (Unable to create more instances).' }]);
  });
});

describe('WebContainer runner against a node-backed fake (real `node`, real files)', () => {
  it('runs the mounted sandbox with node and maps a runtime error to the reader .ts line', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { spawn } = await import('node:child_process');
    const dir = mkdtempSync(join(tmpdir(), 'lf-wc-'));
    const write = (at: string, tree: DirectoryTree) => {
      mkdirSync(at, { recursive: true });
      for (const [name, node] of Object.entries(tree)) 'file' in node ? writeFileSync(join(at, name), node.file.contents) : write(join(at, name), node.directory);
    };
    const wc: WebContainerLike = {
      async mount(tree) { write(dir, tree); },
      async spawn(command, args, options) {
        const child = spawn(command === 'node' ? process.execPath : command, args, { cwd: join(dir, options?.cwd ?? '') });
        const output = new ReadableStream<string>({
          start(c) {
            child.stdout.on('data', (d: Buffer) => c.enqueue(d.toString()));
            child.stderr.on('data', (d: Buffer) => c.enqueue(d.toString()));
            child.on('close', () => c.close());
          },
        });
        return { output, exit: new Promise<number>((ok) => child.on('close', (code) => ok(code ?? 1))), kill: () => child.kill() };
      },
    };
    try {
      const runner = createWebContainerRunner({ loadApi: async () => ({ WebContainer: { boot: async () => wc } }), fallback: fallbackRunner(), isIsolated: () => true, isSupported: () => true, waitForBoot: true });
      const ok = await runner.run(request());
      expect(ok).toMatchObject({ sandbox: 'fake', seed: 42, verdict: { kind: 'stale-write-accepted' } });
      const req = request();
      const lines = req.files['fake/store.ts']!.split('\n');
      lines[3] = '  const ok = (null as any).x;';
      req.files['fake/store.ts'] = lines.join('\n');
      expect(await runner.run(req)).toMatchObject({ kind: 'runtime', file: 'fake/store.ts', line: 4 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
