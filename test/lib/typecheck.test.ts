// The sandbox type checker (src/lib/typecheck.ts) with the real compiler in Node: every shipped
// version of every sandbox checks clean, and a reader’s type errors come back with file, line and message.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createChecker, libClosure, problemLine } from '../../src/lib/typecheck.ts';
import { registryFromDisk } from '../../scripts/lib/registry-from-disk.ts';
import { joinPath, rebaseImports } from '../../src/lib/sandbox-files.ts';

const libDir = dirname(createRequire(import.meta.url).resolve('typescript/lib/lib.es2022.d.ts'));
const lib = libClosure((name) => {
  try {
    return readFileSync(join(libDir, name), 'utf8');
  } catch {
    return undefined;
  }
});
const check = createChecker(ts, lib);
const sandboxes = registryFromDisk();
const editablePaths = (id: string) => sandboxes.get(id).meta.editable.map((f) => joinPath(id, f));

/** A version’s editable files as the page runs them: imports rebased from its folder to the sandbox’s. */
function versionFiles(id: string, dir: string | undefined): Record<string, string> {
  const sandbox = sandboxes.get(id);
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(sandbox.changes({ name: 'v', description: '', ...(dir ? { dir } : {}) }))) {
    out[file] = rebaseImports(text, joinPath(id, joinPath(dir!, file)), joinPath(id, file));
  }
  return out;
}

describe('the sandbox type checker', () => {
  it('reads the ES2022 library and the files it references, and no DOM', () => {
    expect(Object.keys(lib)).toContain('lib.es5.d.ts');
    expect(Object.keys(lib)).toContain('lib.es2022.array.d.ts');
    expect(Object.keys(lib).some((n) => n.includes('dom'))).toBe(false);
  });

  for (const id of sandboxes.ids) {
    const sandbox = sandboxes.get(id);
    it(`finds no type error in ${id}’s starter files`, () => {
      expect(check(sandbox.runFiles(), editablePaths(id))).toEqual([]);
    });
    const dirs = new Set([
      ...sandbox.versions.map((v) => v.dir).filter((d): d is string => !!d),
      ...(Object.keys(sandbox.solution).length ? ['solution'] : []),
    ]);
    for (const dir of dirs) {
      it(`finds no type error in ${id}’s ${dir}`, () => {
        expect(check(sandbox.runFiles(versionFiles(id, dir)), editablePaths(id))).toEqual([]);
      });
    }
  }

  it('reports a number passed as the value of put(), with its file, line and message', () => {
    const sandbox = sandboxes.get('fencing-token');
    const job = sandbox
      .source('job.ts')
      .replace("store.put('result.csv', data, token)", "store.put('result.csv', 1, token)");
    const line = job.split('\n').findIndex((l) => l.includes("store.put('result.csv', 1, token)")) + 1;
    const problems = check(sandbox.runFiles({ 'job.ts': job }), editablePaths('fencing-token'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'fencing-token/job.ts', line, code: 2345 });
    expect(problems[0]!.message).toMatch(/Argument of type 'number' is not assignable to parameter of type 'string'/);
    expect(problemLine(problems[0]!, 'job.ts')).toMatch(
      new RegExp(`^job\\.ts line ${line}: Argument of type 'number'`),
    );
  });

  it('reports a misspelt property and then nothing once it is fixed, reusing the parsed kit', () => {
    const sandbox = sandboxes.get('fencing-token');
    const store = sandbox.source('store.ts');
    const prop = /\b(put|req|request)\.(\w+)/.exec(store);
    expect(prop, 'store.ts reads a property of its put request').not.toBeNull();
    const broken = store.replace(prop![0], `${prop![1]}.${prop![2]}x`);
    const problems = check(sandbox.runFiles({ 'store.ts': broken }), editablePaths('fencing-token'));
    expect(problems.map((p) => p.path)).toContain('fencing-token/store.ts');
    expect(problems.find((p) => p.path === 'fencing-token/store.ts')!.message).toMatch(
      new RegExp(`Property '${prop![2]}x' does not exist`),
    );
    expect(check(sandbox.runFiles({ 'store.ts': store }), editablePaths('fencing-token'))).toEqual([]);
  });

  it('checks only the files it is asked about', () => {
    const sandbox = sandboxes.get('fencing-token');
    const job = sandbox.source('job.ts').replace('Promise<void>', 'Promise<number>');
    expect(check(sandbox.runFiles({ 'job.ts': job }), ['fencing-token/store.ts'])).toEqual([]);
    const problems = check(sandbox.runFiles({ 'job.ts': job }), ['fencing-token/job.ts']);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.path === 'fencing-token/job.ts')).toBe(true);
  });
});
