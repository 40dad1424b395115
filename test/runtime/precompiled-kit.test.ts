// The kit compiled at build time (src/integrations/precompiled-kit.ts) is exactly what the loader’s
// sucrase call makes, and the loader uses precompiled code only for the very source it came from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { precompiledKit } from '../../src/integrations/precompiled-kit.ts';
import { addPrecompiled, loadProgram, sourceHash, type Precompiled } from '../../src/runtime/modules.ts';
import { transpileToCjs } from '../../src/runtime/transpile.ts';

describe('the precompiled kit', () => {
  it('holds every kit file as transpileToCjs compiles it, with the hash of its source', () => {
    const plugin = precompiledKit();
    type Hook<F> = { filter: { id: RegExp }; handler: F };
    const resolveId = plugin.resolveId as Hook<(id: string) => string>;
    const load = plugin.load as Hook<(this: unknown, id: string) => string>;
    expect(resolveId.filter.id.test('virtual:lf-precompiled-kit')).toBe(true);
    const id = resolveId.handler('virtual:lf-precompiled-kit');
    expect(load.filter.id.test(id)).toBe(true);
    expect(load.filter.id.test('/src/runtime/sandbox-worker.ts')).toBe(false);
    const module = load.handler.call({ addWatchFile() {} }, id);
    const files = JSON.parse(module.replace(/^export default /, '').replace(/;$/, '')) as Record<string, Precompiled>;
    expect(Object.keys(files)).toContain('kit/cluster.ts');
    for (const [path, { hash, code }] of Object.entries(files)) {
      const source = readFileSync(new URL(`../../sandboxes/${path}`, import.meta.url), 'utf8');
      expect(hash).toBe(sourceHash(source));
      expect(code).toBe(transpileToCjs(path, source));
    }
  });

  it('is used for its own source and ignored once the source changes', () => {
    const source = 'export const made = "by sucrase";\n';
    addPrecompiled({ 'kit/index.ts': { hash: sourceHash(source), code: 'exports.made = "ahead";' } });
    const entry = { 's/scenario.ts': 'export async function run() {}\n' };
    expect(loadProgram({ 'kit/index.ts': source, ...entry }, 's/scenario.ts').kit.made).toBe('ahead');
    const edited = source.replace('sucrase', 'sucrase, edited');
    expect(loadProgram({ 'kit/index.ts': edited, ...entry }, 's/scenario.ts').kit.made).toBe('by sucrase, edited');
  });

  it('tells sources apart by hash', () => {
    expect(sourceHash('a')).not.toBe(sourceHash('b'));
    expect(sourceHash('ab')).not.toBe(sourceHash('ba'));
  });
});
