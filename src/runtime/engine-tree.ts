// The files the WebContainer engine runs: the run's files transpiled exactly as the page transpiles
// them (sucrase, line-preserving, CommonJS), each `require` resolved by the page's own resolver,
// plus the run script (engine-run-script.ts).
//
// One module resolution for every runner: node's own CommonJS loader loads the files, so modules
// load lazily, in the same order and with the same semantics as the page's evaluator; a specifier the
// page resolves ('./store', '../kit', './job.ts') is rewritten to the file it resolves to, and one
// the page refuses ('node:fs', './nope') to a call that throws the page's error from the same line
// and column. A file sucrase cannot parse is mounted as a module that throws the page's syntax error when
// it is loaded, as the page's evaluator does.
import { resolveSpecifier, type Files } from '../lib/sandbox-files.ts';
import { ENGINE_DIR, RUN_SCRIPT, WORKER_SCRIPT } from './engine-run-script.ts';
import { ReaderFailure, type ReaderError } from '../lib/run-outcome.ts';
import type { RunRequest } from './runner.ts';

export interface DirectoryTree {
  [name: string]: { file: { contents: string } } | { directory: DirectoryTree };
}

/** TypeScript → CommonJS with the same lines (the page's `transpileToCjs`); throws ReaderFailure('syntax'). */
export type ToCjs = (path: string, source: string) => string;

const REQUIRE = /\brequire\(\s*(['"`])([^'"`\n]*)\1\s*\)/g;
const USE_STRICT = /^(['"])use strict\1;/;

/** Where a run's file is mounted, relative to the engine's workdir: 'kit/index.ts' → 'sandboxes/kit/index.js'. */
export function mountedPath(path: string): string {
  return `sandboxes/${path.replace(/\.ts$/, '.js')}`;
}

/** A relative specifier from one file to another, both relative to the same root ('a/x.js', 'kit/y.js' → '../kit/y.js'). */
export function relativeSpecifier(from: string, to: string): string {
  const fromDir = from.split('/').slice(0, -1);
  const target = to.split('/');
  let common = 0;
  while (common < fromDir.length && common < target.length - 1 && fromDir[common] === target[common]) common++;
  const up = fromDir.length - common;
  return `${up ? '../'.repeat(up) : './'}${target.slice(common).join('/')}`;
}

/**
 * One transpiled file as the engine runs it: every `require('…')` resolved like the page's require,
 * `import.meta` given the page's value, all on the lines the reader wrote.
 */
export function engineModule(path: string, cjs: string, files: Files): string {
  const from = mountedPath(path);
  let code = cjs.replace(REQUIRE, (_whole, quote: string, specifier: string) => {
    const target = resolveSpecifier(path, specifier, files);
    if (target) return `require(${quote}${relativeSpecifier(from, mountedPath(target))}${quote})`;
    // The run script's __lf_missing throws the page's error; it stands where `require` stood, so
    // the error's frame in this file has the page's line and column.
    return `__lf_missing(${JSON.stringify(specifier)}, ${JSON.stringify(path)})`;
  });
  if (/\b__lf_import_meta\b/.test(code)) {
    const meta = `const __lf_import_meta = { url: ${JSON.stringify(`sandbox:///${path}`)} };`;
    const strict = USE_STRICT.exec(code);
    code = strict ? `${strict[0]}${meta}${code.slice(strict[0].length)}` : `${meta}${code}`;
  }
  return code;
}

/** A module that throws the reader error the page would give, when (and only when) it is loaded. */
export function throwingModule(error: ReaderError): string {
  return `const e = new Error(${JSON.stringify(error.message)}); e.lfReader = ${JSON.stringify(error)}; throw e;\n`;
}

/** The mounted tree: `/package.json`, `/sandboxes/<dir>/<file>.js` for every file of the run, the run script. */
export function mountTree(req: RunRequest, toCjs: ToCjs): DirectoryTree {
  const root: DirectoryTree = {
    'package.json': { file: { contents: JSON.stringify({ name: 'lf-sandboxes', private: true, type: 'commonjs' }) } },
  };
  const put = (path: string, contents: string) => {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const next = (dir[part] ??= { directory: {} });
      if (!('directory' in next)) throw new Error(`${path}: a file is in the way`);
      dir = next.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  };
  for (const [path, source] of Object.entries(req.files)) {
    let code: string;
    try {
      code = engineModule(path, toCjs(path, source), req.files);
    } catch (err) {
      if (!(err instanceof ReaderFailure)) throw err;
      code = throwingModule(err.error);
    }
    put(mountedPath(path), code);
  }
  put(`${ENGINE_DIR}/run.cjs`, RUN_SCRIPT);
  put(`${ENGINE_DIR}/worker.cjs`, WORKER_SCRIPT);
  return root;
}
