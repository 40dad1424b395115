// The WebContainer runner against a node-backed fake engine (real `node`, real files, this Node):
// what it mounts, how it finishes a run, and every way the engine can fail and fall back.
import { afterEach, describe, expect, it } from 'vitest';
import {
  createWebContainerRunner,
  mountTree,
  outcomeFromFile,
  parseOutputLine,
  type DirectoryTree,
  type EngineStatus,
  type WebContainerLike,
  type WebContainerRunnerOptions,
} from '../../src/runtime/webcontainer.ts';
import { engineSupport, type BrowserInfo } from '../../src/runtime/engine-support.ts';
import { runnerNotice } from '../../src/lib/ui-strings.ts';
import { CONSOLE_MARK } from '../../src/runtime/engine-run-script.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { transpileToCjs } from '../../src/runtime/transpile.ts';
import type { ConsoleLine, RunOutcome } from '../../src/lib/run-outcome.ts';
import { timeoutMessage, type Runner, type RunnerInfo, type RunRequest } from '../../src/runtime/runner.ts';
import { fakeFiles } from './fixtures.ts';
import { nodeEngine, type NodeEngine } from './node-engine.ts';

const request = (): RunRequest => ({ sandbox: 'fake', files: fakeFiles(), entry: 'fake/scenario.ts', seed: 42 });

function fallbackRunner(): Runner & { calls: RunRequest[] } {
  const calls: RunRequest[] = [];
  return {
    name: 'worker',
    calls,
    run(req) {
      calls.push(req);
      return Promise.resolve({
        sandbox: 'from-fallback',
        seed: req.seed,
        trace: [],
        verdict: { kind: 'ok', ok: true, summary: 'x' },
      } as unknown as RunOutcome);
    },
  };
}

/** The page’s outcome for the same request, as the module worker returns it (JSON round trip). */
async function inPage(req: RunRequest, lines: ConsoleLine[] = []): Promise<RunOutcome> {
  const out = await evaluateScenario(req.files, req.entry, {
    seed: req.seed,
    onEvent: () => {},
    onConsole: (l) => lines.push(l),
  });
  return JSON.parse(JSON.stringify(out)) as RunOutcome;
}

const engines: NodeEngine[] = [];
afterEach(() => engines.splice(0).forEach((e) => e.dispose()));

function setup(extra: Partial<WebContainerRunnerOptions> = {}, engine: NodeEngine = nodeEngine()) {
  engines.push(engine);
  const fallback = fallbackRunner();
  const statuses: EngineStatus[] = [];
  let boots = 0;
  const runner = createWebContainerRunner({
    loadApi: () => Promise.resolve({ WebContainer: { boot: () => Promise.resolve((boots++, engine)) } }),
    fallback,
    isIsolated: () => true,
    isSupported: () => true,
    waitForBoot: true,
    onStatus: (s) => statuses.push(s),
    ...extra,
  });
  return { runner, engine, fallback, statuses, boots: () => boots };
}

/** An engine whose boot lands after `ms`; `late` resolves once it has. */
function lateBoot(ms: number) {
  const engine = nodeEngine();
  engines.push(engine);
  let landed: () => void = () => {};
  const late = new Promise<void>((ok) => (landed = ok));
  const boot = () =>
    new Promise<WebContainerLike>((ok) =>
      setTimeout(() => {
        ok(engine);
        landed();
      }, ms),
    );
  return { engine, late, loadApi: () => Promise.resolve({ WebContainer: { boot } }) };
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

/** Waits (polling) until the fake engine has no live process; fails after `ms`. */
async function noProcessLeft(engine: NodeEngine, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (engine.alive() > 0) {
    if (Date.now() > until) throw new Error(`${engine.alive()} process(es) still running`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

describe('the mounted tree', () => {
  it('holds the page’s transpiled files, line for line, with every import resolved by the page’s resolver', () => {
    const req = request();
    req.files['fake/job.ts'] = req.files['fake/job.ts']!.replace("from './store.ts'", "from './store'");
    req.files['fake/extra.ts'] =
      "import { Sim } from '../kit';\nimport * as fs from 'node:fs';\nexport const s = [Sim, fs];\n";
    const tree = mountTree(req, transpileToCjs);
    const job = file(tree, 'sandboxes/fake/job.js');
    expect(job).toContain("require('./store.js')");
    expect(job.split('\n').length).toBe(req.files['fake/job.ts'].split('\n').length);
    const extra = file(tree, 'sandboxes/fake/extra.js').split('\n');
    expect(extra[0]).toContain("require('../kit/index.js')");
    // Refused by the page: the same error, thrown at the same line.
    expect(extra[1]).toContain(`__lf_missing("node:fs", "fake/extra.ts")`);
    expect(file(tree, 'lf-run/run.cjs')).toContain("require('node:worker_threads')");
  });

  it('mounts a file sucrase refuses as a module throwing the page’s syntax error when loaded', () => {
    const req = request();
    req.files['fake/unused.ts'] = 'export const a = ;\n';
    const tree = mountTree(req, transpileToCjs);
    expect(file(tree, 'sandboxes/fake/unused.js')).toContain('"kind":"syntax"');
  });
});

describe('a run in the engine', { timeout: 60_000 }, () => {
  it('returns the page’s outcome and console lines, booting once and reading the result file', async () => {
    const { runner, fallback, boots } = setup();
    const infos: RunnerInfo[] = [];
    const lines: ConsoleLine[] = [];
    const out = await runner.run(request(), { onConsole: (l) => lines.push(l), onRunner: (i) => infos.push(i) });
    const pageLines: ConsoleLine[] = [];
    expect(JSON.stringify(out)).toBe(JSON.stringify(await inPage(request(), pageLines)));
    expect(lines).toEqual(pageLines);
    expect(infos).toEqual([{ runner: 'webcontainer' }]);
    await runner.run(request());
    expect(boots()).toBe(1);
    expect(fallback.calls).toHaveLength(0);
  });

  it('finishes on the result although the reader left a timer running, and the process ends', async () => {
    const { runner, engine } = setup({ runTimeoutMs: 30_000 });
    const req = request();
    req.files['fake/job.ts'] = `setInterval(() => {}, 10);\n${req.files['fake/job.ts']}`;
    const out = await runner.run(req);
    expect(out).toMatchObject({ sandbox: 'fake', verdict: { kind: 'stale-write-accepted' } });
    await noProcessLeft(engine);
  });

  it('stops reader code that loops forever inside the engine, though kill() stops nothing there', async () => {
    const { runner, engine } = setup();
    const req = { ...request(), timeoutMs: 500 };
    req.files['fake/store.ts'] = req.files['fake/store.ts']!.replace(
      'const ok = true;',
      'const ok = true; while (true) {}',
    );
    expect(await runner.run(req)).toEqual({ kind: 'timeout', message: timeoutMessage(500) });
    await noProcessLeft(engine);
    // The engine is still usable.
    expect(await runner.run(request())).toMatchObject({ verdict: { kind: 'stale-write-accepted' } });
  });

  it('replaces the instance when a process outlives its run (its exit never comes), after returning the result', async () => {
    const engine = nodeEngine();
    const spawn = engine.spawn.bind(engine);
    engine.spawn = async (command, args) => ({ ...(await spawn(command, args)), exit: new Promise<number>(() => {}) });
    const { runner, boots } = setup({}, engine);
    expect(await runner.run(request())).toMatchObject({ sandbox: 'fake', verdict: { kind: 'stale-write-accepted' } });
    const until = Date.now() + 20_000;
    while (boots() < 2 && Date.now() < until) await new Promise((ok) => setTimeout(ok, 50));
    expect(engine.tornDown).toBe(true);
    expect(boots()).toBe(2);
  });

  it('keeps console levels and shows a corrupted console line as written; the result is unaffected', async () => {
    const engine = nodeEngine();
    const spawn = engine.spawn.bind(engine);
    engine.spawn = async (command, args) => {
      const proc = await spawn(command, args);
      const noise = new TransformStream<string, string>({
        start(c) {
          c.enqueue(`\x1b[2J${CONSOLE_MARK}{"level":"log","te`);
          c.enqueue('\r\n@@lf-result {not json\r\n');
        },
      });
      return { ...proc, output: proc.output.pipeThrough(noise) };
    };
    const { runner } = setup({}, engine);
    const req = request();
    req.files['fake/job.ts'] = `console.warn('careful', { n: 1 });\n${req.files['fake/job.ts']}`;
    const lines: ConsoleLine[] = [];
    const out = await runner.run(req, { onConsole: (l) => lines.push(l) });
    expect(JSON.stringify(out)).toBe(JSON.stringify(await inPage(req)));
    expect(lines[0]).toEqual({ level: 'log', text: '{"level":"log","te' });
    expect(lines).toContainEqual({ level: 'warn', text: 'careful {"n":1}' });
  });
});

describe('when the engine fails, the run goes to the page with one line saying why', { timeout: 60_000 }, () => {
  it('a mount that rejects', async () => {
    const engine = nodeEngine();
    engine.mount = () => Promise.reject(new Error('Unable to write files'));
    const { runner, fallback } = setup({}, engine);
    const infos: RunnerInfo[] = [];
    expect(await runner.run(request(), { onRunner: (i) => infos.push(i) })).toMatchObject({ sandbox: 'from-fallback' });
    const notice = 'Running in this page: the WebContainer engine did not accept the files (Unable to write files).';
    expect(infos).toEqual([{ runner: 'webcontainer' }, { runner: 'worker', notice }]);
    expect(engine.tornDown).toBe(true);
    await runner.run(request());
    expect(fallback.calls).toHaveLength(2);
  });

  it('a spawn that never settles', async () => {
    const engine = nodeEngine();
    engine.spawn = () => new Promise(() => {});
    const { runner } = setup({ stepTimeoutMs: 50 }, engine);
    const infos: RunnerInfo[] = [];
    expect(await runner.run(request(), { onRunner: (i) => infos.push(i) })).toMatchObject({ sandbox: 'from-fallback' });
    expect(infos.at(-1)).toEqual({
      runner: 'worker',
      notice: 'Running in this page: the WebContainer engine did not start node (no answer within 0.1 s).',
    });
  });

  it('a corrupted result file', async () => {
    const engine = nodeEngine();
    engine.fs = { readFile: () => Promise.resolve('{"result": {"verdict"') };
    const { runner } = setup({}, engine);
    const infos: RunnerInfo[] = [];
    expect(await runner.run(request(), { onRunner: (i) => infos.push(i) })).toMatchObject({ sandbox: 'from-fallback' });
    expect(infos.at(-1)?.notice).toBe(
      'Running in this page: the WebContainer engine returned an unreadable result (21 bytes).',
    );
  });

  it('an error the engine reports during a run', async () => {
    const engine = nodeEngine();
    const mount = engine.mount.bind(engine);
    engine.mount = async (tree) => {
      engine.emitError('Blocked by a cookie blocker');
      await mount(tree);
    };
    const { runner, statuses } = setup({}, engine);
    const infos: RunnerInfo[] = [];
    expect(await runner.run(request(), { onRunner: (i) => infos.push(i) })).toMatchObject({ sandbox: 'from-fallback' });
    const notice = 'Running in this page: the WebContainer engine stopped (Blocked by a cookie blocker).';
    expect(infos.at(-1)).toEqual({ runner: 'worker', notice });
    expect(statuses.at(-1)).toEqual({ state: 'unavailable', notice });
    expect(engine.tornDown).toBe(true);
  });

  it('a boot that fails', async () => {
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({
      loadApi: () =>
        Promise.resolve({ WebContainer: { boot: () => Promise.reject(new Error('Unable to create more instances')) } }),
      fallback,
      isIsolated: () => true,
      isSupported: () => true,
      waitForBoot: true,
    });
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([{ runner: 'worker', notice: runnerNotice.failed('Unable to create more instances') }]);
  });

  it.each([
    [
      'a page without cross-origin isolation',
      { isIsolated: () => false, isSupported: () => true },
      runnerNotice.isolation,
    ],
    ['an unsupported browser', { isIsolated: () => true, isSupported: () => false }, runnerNotice.unsupported],
  ])('%s, without booting', async (_name, env, notice) => {
    const { runner, fallback, boots } = setup(env);
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([{ runner: 'worker', notice }]);
    expect(boots()).toBe(0);
    expect(fallback.calls).toHaveLength(1);
  });
});

describe('boot', { timeout: 60_000 }, () => {
  it('starts when a sandbox nears the viewport (prewarm), and a run meanwhile goes to the page at once', async () => {
    let boots = 0;
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({
      loadApi: () =>
        Promise.resolve({ WebContainer: { boot: () => (boots++, new Promise<WebContainerLike>(() => {})) } }),
      fallback,
      isIsolated: () => true,
      isSupported: () => true,
      bootOnDemand: () => false,
    });
    runner.prewarm?.();
    await new Promise((ok) => setTimeout(ok, 0));
    expect(boots).toBe(1);
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([{ runner: 'worker', notice: runnerNotice.booting }]);
    expect(boots).toBe(1);
  });

  it('waits for the reader on iPhone and iPad: prewarm does not boot, the first run does', async () => {
    let boots = 0;
    const runner = createWebContainerRunner({
      loadApi: () =>
        Promise.resolve({ WebContainer: { boot: () => (boots++, new Promise<WebContainerLike>(() => {})) } }),
      fallback: fallbackRunner(),
      isIsolated: () => true,
      isSupported: () => true,
      bootOnDemand: () => true,
    });
    runner.prewarm?.();
    await new Promise((ok) => setTimeout(ok, 0));
    expect(boots).toBe(0);
    await runner.run(request());
    await new Promise((ok) => setTimeout(ok, 0));
    expect(boots).toBe(1);
  });

  it('adopts a boot that lands after its bound instead of leaking it', async () => {
    const { loadApi, late } = lateBoot(400);
    const statuses: EngineStatus[] = [];
    const fallback = fallbackRunner();
    const runner = createWebContainerRunner({
      loadApi,
      fallback,
      isIsolated: () => true,
      isSupported: () => true,
      waitForBoot: true,
      bootTimeoutMs: 100,
      onStatus: (s) => statuses.push(s),
    });
    const infos: RunnerInfo[] = [];
    await runner.run(request(), { onRunner: (i) => infos.push(i) });
    expect(infos).toEqual([
      { runner: 'worker', notice: 'Running in this page: the WebContainer engine did not start within 0.1 s.' },
    ]);
    await late;
    await new Promise((ok) => setTimeout(ok, 0));
    expect(statuses.at(-1)).toEqual({ state: 'ready' });
    expect(await runner.run(request())).toMatchObject({ sandbox: 'fake', verdict: { kind: 'stale-write-accepted' } });
    expect(fallback.calls).toHaveLength(1);
  });

  it('tears down a boot that lands after the page disposed the runner', async () => {
    const { engine, loadApi, late } = lateBoot(50);
    const runner = createWebContainerRunner({
      loadApi,
      fallback: fallbackRunner(),
      isIsolated: () => true,
      isSupported: () => true,
      bootOnDemand: () => false,
    });
    runner.prewarm?.();
    runner.dispose?.();
    await late;
    await new Promise((ok) => setTimeout(ok, 0));
    expect(engine.tornDown).toBe(true);
  });
});

describe('reading what the engine returns', () => {
  it('never throws on a corrupted result or output line', () => {
    for (const text of ['', '{', 'null', '[]', '{"result":{}}', '{"reader":{}}', '{"thrown":1}', '{"x":1}'])
      expect(outcomeFromFile(text)).toBeNull();
    expect(parseOutputLine(`${CONSOLE_MARK}{"level":"nope","text":"x"}`)).toEqual({
      level: 'log',
      text: '{"level":"nope","text":"x"}',
    });
    expect(parseOutputLine('(node:1) Warning: something')).toBeNull();
    expect(parseOutputLine('\x1b[32m@@lf-done\r')).toBe('done');
  });
});

describe('engine support, as TutorialKit checks it', () => {
  const browser = (userAgent: string, extra: Partial<BrowserInfo> = {}): BrowserInfo => ({
    userAgent,
    platform: 'Linux x86_64',
    maxTouchPoints: 0,
    hasSharedArrayBuffer: true,
    crossOriginIsolated: true,
    ...extra,
  });
  const safari = (v: string, device = 'Macintosh; Intel Mac OS X 10_15_7') =>
    `Mozilla/5.0 (${device}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`;

  it.each([
    [
      'Chrome',
      browser('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'),
      { ok: true, onDemand: false },
    ],
    [
      'Firefox',
      browser('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0'),
      { ok: true, onDemand: false },
    ],
    ['Safari 16.3', browser(safari('16.3')), { ok: false, why: 'browser' }],
    ['Safari 16.4', browser(safari('16.4')), { ok: true, onDemand: false }],
    [
      'Safari 17 on iPhone',
      browser(
        `Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1`,
        { platform: 'iPhone' },
      ),
      { ok: true, onDemand: true },
    ],
    [
      'an iPad (a touch Mac)',
      browser(safari('17.2'), { platform: 'MacIntel', maxTouchPoints: 5 }),
      { ok: true, onDemand: true },
    ],
    ['no SharedArrayBuffer', browser('Chrome/131', { hasSharedArrayBuffer: false }), { ok: false, why: 'browser' }],
    [
      'a page without isolation',
      browser('Chrome/131', { crossOriginIsolated: false }),
      { ok: false, why: 'isolation' },
    ],
  ])('%s', (_name, info, expected) => {
    expect(engineSupport(info)).toEqual(expected);
  });
});
