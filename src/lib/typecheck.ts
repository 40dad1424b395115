// Type-checks a sandbox's files with the real TypeScript compiler over an in-memory file system,
// and words what it finds for a learner (file, line, message). Pure: the compiler and the standard
// library's .d.ts texts are handed in, so Node (tests) and the page's checker worker share this.
import type * as TS from 'typescript';
import type { Files } from './sandbox-files.ts';

/** One type error in a file the reader edits. */
export interface TypeProblem {
  /** Relative to sandboxes/: 'fencing-token/job.ts'. */
  path: string;
  /** 1-based line and column of where it starts. */
  line: number;
  column: number;
  /** Character offsets in the file's text, for editor markers. */
  from: number;
  to: number;
  /** TypeScript's message, all of its chain, one line per level. */
  message: string;
  /** TS2345 and the like, for the curious and the tests. */
  code: number;
}

/** The standard library files a check needs: file name ('lib.es2022.d.ts') → text. */
export type LibFiles = Record<string, string>;

/** Where the sandboxes live in the virtual file system, so no path collides with a lib file. */
const ROOT = '/sandboxes/';
const LIB_ROOT = '/lib/';

/**
 * The sandbox files run in a worker that gives them `console` and the timers, not the DOM: the
 * one ambient name they may use that ES2022 leaves out. (Node's types would bring much more.)
 */
export const AMBIENT = `declare var console: { log(...data: unknown[]): void; info(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void; debug(...data: unknown[]): void };\n`;
const AMBIENT_FILE = `${LIB_ROOT}lf-ambient.d.ts`;

/** The options the project's own tsconfig checks the sandboxes with, minus the ones about unused code. */
export function checkerOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts'],
    types: [],
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    erasableSyntaxOnly: true,
    verbatimModuleSyntax: true,
    noUncheckedIndexedAccess: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    noImplicitOverride: true,
    isolatedModules: true,
    skipLibCheck: true,
    noLib: false,
  };
}

/** The lib files `lib.es2022.d.ts` pulls in, by its `/// <reference lib>` lines, starting from `entry`. */
export function libClosure(read: (name: string) => string | undefined, entry = 'lib.es2022.d.ts'): LibFiles {
  const out: LibFiles = {};
  const pending = [entry];
  while (pending.length) {
    const name = pending.pop()!;
    if (name in out) continue;
    const text = read(name);
    if (text === undefined) continue;
    out[name] = text;
    for (const m of text.matchAll(/^\/\/\/\s*<reference\s+lib="([^"]+)"/gm))
      pending.push(`lib.${m[1]!.toLowerCase()}.d.ts`);
  }
  return out;
}

/**
 * A checker that keeps the compiler's parsed files between checks (the kit and the lib parse once),
 * so a check after a keystroke re-reads only what changed.
 */
export function createChecker(ts: typeof TS, lib: LibFiles) {
  const options = checkerOptions(ts);
  const parsed = new Map<string, { text: string; file: TS.SourceFile }>();
  let old: TS.Program | undefined;

  const sourceFile = (name: string, text: string): TS.SourceFile => {
    const hit = parsed.get(name);
    if (hit && hit.text === text) return hit.file;
    const file = ts.createSourceFile(
      name,
      text,
      { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.ESNext },
      false,
    );
    parsed.set(name, { text, file });
    return file;
  };

  /** Every type problem in the files named in `check` (relative to sandboxes/), given all the files of a run. */
  return function check(files: Files, checkPaths: readonly string[]): TypeProblem[] {
    const texts = new Map<string, string>();
    for (const [path, text] of Object.entries(files)) texts.set(ROOT + path, text);
    for (const [name, text] of Object.entries(lib)) texts.set(LIB_ROOT + name, text);
    texts.set(AMBIENT_FILE, AMBIENT);
    const host: TS.CompilerHost = {
      getSourceFile: (name) => {
        const text = texts.get(name);
        return text === undefined ? undefined : sourceFile(name, text);
      },
      getDefaultLibFileName: () => `${LIB_ROOT}lib.es2022.d.ts`,
      getDefaultLibLocation: () => LIB_ROOT,
      writeFile: () => {},
      getCurrentDirectory: () => '/',
      getCanonicalFileName: (f) => f,
      useCaseSensitiveFileNames: () => true,
      getNewLine: () => '\n',
      fileExists: (name) => texts.has(name),
      readFile: (name) => texts.get(name),
      directoryExists: (dir) => [...texts.keys()].some((k) => k.startsWith(dir.endsWith('/') ? dir : `${dir}/`)),
      getDirectories: () => [],
    };
    const roots = [...checkPaths.map((p) => ROOT + p), AMBIENT_FILE];
    const program = ts.createProgram({ rootNames: roots, options, host, oldProgram: old });
    old = program;
    const out: TypeProblem[] = [];
    for (const path of checkPaths) {
      const sf = program.getSourceFile(ROOT + path);
      if (!sf) continue;
      const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
      for (const d of diags) {
        const from = d.start ?? 0;
        const { line, character } = sf.getLineAndCharacterOfPosition(from);
        out.push({
          path,
          line: line + 1,
          column: character + 1,
          from,
          to: Math.max(from + (d.length ?? 0), from),
          message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
          code: d.code,
        });
      }
    }
    return out.sort((a, b) => (a.path === b.path ? a.from - b.from : a.path < b.path ? -1 : 1));
  };
}

export type Checker = ReturnType<typeof createChecker>;

/** One problem as a learner reads it in the list under the editor: 'job.ts line 12: …' (first line of the message). */
export function problemLine(p: TypeProblem, name: string): string {
  return `${name} line ${p.line}: ${p.message.split('\n')[0]}`;
}
