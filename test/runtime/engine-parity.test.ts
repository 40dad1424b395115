// Runs what the WebContainer engine runs: the mounted tree of every sandbox (starter and solution)
// and reader edits, executed by a node-backed fake engine on the engine’s Node versions (18.20.3,
// its reported default, and 20; installed from the npm registry into ~/.cache on first use), and
// compared byte for byte with the page’s evaluator: traces, verdicts, errors and console lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebContainerRunner } from '../../src/runtime/webcontainer.ts';
import { evaluateScenario } from '../../src/runtime/evaluate.ts';
import { rebaseImports, type Files } from '../../src/lib/sandbox-files.ts';
import type { ConsoleLine, RunOutcome } from '../../src/lib/run-outcome.ts';
import { timeoutMessage, type Runner, type RunRequest } from '../../src/runtime/runner.ts';
import { readSources, registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';
import { ENGINE_NODES, engineNode, nodeEngine, type NodeEngine } from './node-engine.ts';

const sources = readSources();
const registry = registryFromDisk();
const SANDBOXES = registry.ids;
const SEED = 7;

/** The files of a run of `id`, with the solution laid over when asked (as the page does it). */
function filesOf(id: string, solution = false, edit: (files: Files) => void = () => {}): Files {
  const overrides: Record<string, string> = {};
  if (solution) {
    for (const [path, source] of Object.entries(sources)) {
      if (path.startsWith(`${id}/solution/`)) {
        const file = path.slice(`${id}/solution/`.length);
        overrides[file] = rebaseImports(source, path, `${id}/${file}`);
      }
    }
  }
  const files = registry.get(id).runFiles(overrides);
  edit(files);
  return files;
}

/** The page’s outcome (its module worker returns a JSON round trip) and console lines. */
async function inPage(req: RunRequest): Promise<{ outcome: RunOutcome; lines: ConsoleLine[] }> {
  const lines: ConsoleLine[] = [];
  const out = await evaluateScenario(req.files, req.entry, {
    seed: req.seed,
    onEvent: () => {},
    onConsole: (l) => lines.push(l),
  });
  return { outcome: JSON.parse(JSON.stringify(out)) as RunOutcome, lines };
}

const noFallback: Runner = {
  name: 'worker',
  run: () => Promise.reject(new Error('the run fell back to the page: the engine failed')),
};

/** Reader edits, each a change a reader could make in the editor. */
const EDITS: [string, string, (f: Files) => void][] = [
  [
    'a timer left running',
    'keep-alive',
    (f) => {
      f['keep-alive/job.ts'] = `const renew = setInterval(() => {}, 100);\n${f['keep-alive/job.ts']}`;
    },
  ],
  [
    'imports without an extension and of a folder',
    'fencing-token',
    (f) => {
      f['fencing-token/scenario.ts'] = f['fencing-token/scenario.ts']!.replace(
        "from '../kit/index.ts'",
        "from '../kit'",
      )
        .replace("'./job.ts'", "'./job'")
        .replace("'./store.ts'", "'./store'");
    },
  ],
  [
    'an import the page refuses',
    'keep-alive',
    (f) => {
      f['keep-alive/job.ts'] =
        `// edited\nimport { helper } from './helpers';\n${f['keep-alive/job.ts']}\nexport const h = helper;\n`;
    },
  ],
  [
    'a module of node the page does not have',
    'keep-alive',
    (f) => {
      f['keep-alive/store.ts'] =
        `${f['keep-alive/store.ts']}\nimport { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n`;
    },
  ],
  [
    'a throw in the reader’s code',
    'keep-alive',
    (f) => {
      f['keep-alive/store.ts'] = f['keep-alive/store.ts']!.replace(
        'return { ok: true };',
        "throw new Error('disk full');",
      );
    },
  ],
  [
    'a thrown string',
    'acquire-then-write',
    (f) => {
      f['acquire-then-write/job.ts'] = f['acquire-then-write/job.ts']!.replace(
        /(export async function runJob\([^\n]*\{)/,
        "$1 throw 'nope';",
      );
    },
  ],
  [
    'a syntax error',
    'keep-alive',
    (f) => {
      f['keep-alive/store.ts'] = `${f['keep-alive/store.ts']}\nexport const broken = ;\n`;
    },
  ],
  [
    'a syntax error only node sees',
    'keep-alive',
    (f) => {
      f['keep-alive/store.ts'] = `${f['keep-alive/store.ts']}\nlet twice = 1;\nlet twice = 2;\n`;
    },
  ],
  [
    'console output of every level',
    'keep-alive',
    (f) => {
      f['keep-alive/job.ts'] =
        `console.log('hello', { a: 1 }, [1, 2]); console.warn(new TypeError('careful')); console.error('e'); console.info(null, undefined);\n${f['keep-alive/job.ts']}`;
    },
  ],
];

describe.each(Object.keys(ENGINE_NODES) as (keyof typeof ENGINE_NODES)[])(
  'on the engine’s Node %s',
  { timeout: 120_000 },
  (major) => {
    let engine: NodeEngine;
    let runner: Runner;
    beforeAll(() => {
      engine = nodeEngine(engineNode(major));
      runner = createWebContainerRunner({
        loadApi: () => Promise.resolve({ WebContainer: { boot: () => Promise.resolve(engine) } }),
        fallback: noFallback,
        isIsolated: () => true,
        isSupported: () => true,
        waitForBoot: true,
      });
    }, 600_000);
    afterAll(() => engine?.dispose());

    const expectSame = async (req: RunRequest) => {
      const lines: ConsoleLine[] = [];
      const out = await runner.run(req, { onConsole: (l) => lines.push(l) });
      const page = await inPage(req);
      expect(JSON.stringify(out)).toBe(JSON.stringify(page.outcome));
      expect(lines).toEqual(page.lines);
      return out;
    };

    it.each(
      SANDBOXES.flatMap((id) => [
        [id, 'starter'],
        [id, 'solution'],
      ]),
    )('%s (%s) gives the page’s trace, byte for byte', async (id, which) => {
      const out = await expectSame({
        sandbox: id,
        files: filesOf(id, which === 'solution'),
        entry: `${id}/scenario.ts`,
        seed: SEED,
      });
      expect(out).toHaveProperty('verdict');
    });

    it.each(EDITS)('%s (%s) gives the page’s outcome', async (_name, id, edit) => {
      await expectSame({ sandbox: id, files: filesOf(id, false, edit), entry: `${id}/scenario.ts`, seed: SEED });
    });

    it('stops a loop with the page’s message and leaves no process running', async () => {
      const files = filesOf('keep-alive', false, (f) => {
        f['keep-alive/store.ts'] = f['keep-alive/store.ts']!.replace('return { ok: true };', 'while (true) {}');
      });
      expect(
        await runner.run({
          sandbox: 'keep-alive',
          files,
          entry: 'keep-alive/scenario.ts',
          seed: SEED,
          timeoutMs: 1000,
        }),
      ).toEqual({ kind: 'timeout', message: timeoutMessage(1000) });
      const until = Date.now() + 10_000;
      while (engine.alive() > 0 && Date.now() < until) await new Promise((ok) => setTimeout(ok, 20));
      expect(engine.alive()).toBe(0);
    });
  },
);
