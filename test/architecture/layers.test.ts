// The dependency rule (DESIGN.md "Layers"): sandboxes/kit ← src/lib ← src/runtime ← src/components ← pages.
// Every import, type-only ones included, must point to the same layer or a lower one.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Lower rank = lower layer. A file may import from its own rank or below. */
const LAYERS: { prefix: string; name: string; rank: number }[] = [
  { prefix: 'sandboxes/kit/', name: 'sandboxes/kit', rank: 0 },
  { prefix: 'sandboxes/', name: 'sandboxes/<id>', rank: 1 },
  { prefix: 'src/lib/', name: 'src/lib', rank: 2 },
  { prefix: 'src/runtime/', name: 'src/runtime', rank: 3 },
  { prefix: 'src/components/', name: 'src/components', rank: 4 },
  { prefix: 'src/layouts/', name: 'src/layouts', rank: 5 },
  { prefix: 'src/pages/', name: 'src/pages', rank: 6 },
];

function layerOf(path: string) {
  return LAYERS.find((l) => path.startsWith(l.prefix));
}

/** Relative import specifiers of a source file: static, dynamic, re-exports and `import type`. */
function importsOf(code: string): string[] {
  const specs: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/g;
  for (let m = re.exec(code); m; m = re.exec(code)) specs.push(m[2]!);
  return specs;
}

/** Every import that points to a higher layer, as 'from → to' lines. */
function layerViolations(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [path, code] of Object.entries(files)) {
    const from = layerOf(path);
    if (!from) continue;
    for (const spec of importsOf(code)) {
      const target = relative(ROOT, resolve(ROOT, dirname(path), spec.split('?')[0]!)).replaceAll('\\', '/');
      const to = layerOf(target);
      // sandboxes/<id>/ files may import their own folder and the kit, never another sandbox.
      const otherSandbox = from.rank === 1 && to?.rank === 1 && target.split('/')[1] !== path.split('/')[1];
      if ((to && to.rank > from.rank) || otherSandbox)
        out.push(`${path} → ${target} (${from.name} may not import ${to.name})`);
    }
  }
  return out;
}

function sourceFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|astro|mjs|js)$/.test(entry.name)) continue;
    const abs = join(entry.parentPath, entry.name);
    files[relative(ROOT, abs).replaceAll('\\', '/')] = readFileSync(abs, 'utf8');
  }
  return files;
}

describe('layers', () => {
  it('no import in sandboxes/ or src/ points to a higher layer', () => {
    expect(layerViolations({ ...sourceFiles('sandboxes'), ...sourceFiles('src') })).toEqual([]);
  });

  it('reports a lib module that imports the runtime, even for a type', () => {
    const files = { 'src/lib/words.ts': "import type { ReaderError } from '../runtime/runner.ts';\n" };
    expect(layerViolations(files)).toEqual([
      'src/lib/words.ts → src/runtime/runner.ts (src/lib may not import src/runtime)',
    ]);
  });

  it('reports the kit importing from src and one sandbox importing another', () => {
    const files = {
      'sandboxes/kit/judge.ts': "import { x } from '../../src/lib/x.ts';",
      'sandboxes/keep-alive/job.ts':
        "import { runJob } from '../fencing-token/job.ts';\nimport { judge } from '../kit/index.ts';",
    };
    expect(layerViolations(files)).toEqual([
      'sandboxes/kit/judge.ts → src/lib/x.ts (sandboxes/kit may not import src/lib)',
      'sandboxes/keep-alive/job.ts → sandboxes/fencing-token/job.ts (sandboxes/<id> may not import sandboxes/<id>)',
    ]);
  });

  it('allows imports within a layer and downwards', () => {
    const files = {
      'src/components/A.astro': "import { judge } from '../../sandboxes/kit/judge.ts';\nimport x from './B.astro';",
    };
    expect(layerViolations(files)).toEqual([]);
  });
});
