// Reader code as modules, the one way every runner loads a sandbox (the page's worker, the explore
// workers, the build and `npm run sandbox`): each file is compiled once (sucrase, cached by source),
// and every run gets fresh instances of the sandbox's own modules, whose `Date`, `Math.random` and
// `performance` follow the run's virtual clock and seeded PRNG. So a run is a function of
// (files, seed, schedule) alone. The kit's modules are instantiated once per set of kit sources and
// shared: the kit keeps no state between runs, and its exports are frozen so reader code cannot
// change them for the runs after.
import type { RunOptions, RunResult, VirtualClock } from '../../sandboxes/kit/types.ts';
import { mulberry32 } from '../../sandboxes/kit/random.ts';
import { resolveSpecifier, type Files } from '../lib/sandbox-files.ts';
import { ReaderFailure } from '../lib/run-outcome.ts';
import { transpileToCjs } from './transpile.ts';

export const URL_PREFIX = 'sandbox:///';

/** What `Date.now()` returns at virtual time 0 on a node without skew: 2026-01-01T00:00:00Z. */
export const EPOCH_MS = Date.UTC(2026, 0, 1);

// The wrapper sits on the first line of the file, so line N of the reader's file is line N of the code.
// `Date`, `Math` and `performance` are parameters: inside reader code they name the run's virtual ones.
const WRAP_HEAD = '(function (exports, require, module, console, __lf_import_meta, Date, Math, performance) {';

type Exports = Record<string, unknown>;
type Factory = (
  exports: Exports,
  require: (s: string) => unknown,
  module: { exports: Exports },
  console: unknown,
  importMeta: { url: string },
  date: unknown,
  math: unknown,
  perf: unknown,
) => void;

/** A named import, as written in the source: `import { name } from 'specifier'` on `line`. */
interface NamedImport {
  specifier: string;
  names: string[];
  line: number;
}

interface Compiled {
  factory: Factory;
  imports: NamedImport[];
  /** Every specifier the compiled code requires. */
  requires: string[];
}

/** Compiled files survive across runs and programs (keyed by path and source); module instances never do. */
const compiled = new Map<string, Compiled>();

/** sucrase's output for a file, made ahead by the build; used only for the very source it was made from. */
export interface Precompiled {
  /** sourceHash() of the source it was compiled from. */
  hash: string;
  code: string;
}

/** By path: the kit's files as the build compiled them (a cold worker spends most of a first run in sucrase). */
const ahead = new Map<string, Precompiled>();

export function addPrecompiled(entries: Record<string, Precompiled>): void {
  for (const [path, entry] of Object.entries(entries)) ahead.set(path, entry);
}

/** A fingerprint of a source text (FNV-1a, 32 bits, with its length): tells a precompiled file's source from an edited one. */
export function sourceHash(source: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) h = Math.imul(h ^ source.charCodeAt(i), 0x01000193);
  return `${source.length.toString(36)}-${(h >>> 0).toString(36)}`;
}

function transpiled(path: string, source: string): string {
  const made = ahead.get(path);
  return made && made.hash === sourceHash(source) ? made.code : transpileToCjs(path, source);
}

function compile(path: string, source: string): Compiled {
  const key = `${path}\0${source}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const code = transpiled(path, source);
  const refused = nonErasable(source);
  if (refused)
    throw new ReaderFailure({
      kind: 'syntax',
      message: `${baseName(path)}:${refused.line}: SyntaxError: ${refused.message}`,
      file: path,
      line: refused.line,
    });
  let factory: Factory;
  try {
    // Indirect eval: global scope, and `sourceURL` names the file in stack traces.
    factory = (0, eval)(`${WRAP_HEAD}${code}\n})\n//# sourceURL=${URL_PREFIX}${path}`) as Factory;
  } catch (err) {
    // sucrase accepted it but the engine did not (e.g. a duplicate `let`): the engine gives no line.
    const message = String((err as Error)?.message ?? err);
    const line = engineErrorLine(code, message);
    throw new ReaderFailure({
      kind: 'syntax',
      message: `${baseName(path)}${line ? `:${line}` : ''}: SyntaxError: ${message}`,
      file: path,
      ...(line ? { line } : {}),
    });
  }
  if (compiled.size > 400) compiled.clear();
  const requires = [...code.matchAll(/\brequire\((['"])([^'"\n]+)\1\)/g)].map((m) => m[2]!);
  const entry = { factory, imports: namedImports(source), requires };
  compiled.set(key, entry);
  return entry;
}

/**
 * The line of an error the engine found and sucrase did not (`ok: true,,`, a duplicate `let`): eval
 * says no line, so compile growing prefixes of the (line-preserving) code until one fails the same way.
 */
function engineErrorLine(code: string, message: string): number | undefined {
  const lines = code.split('\n');
  for (let i = 1; i <= lines.length; i++) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiled only, never called: finds the line a syntax error is on
      new Function(lines.slice(0, i).join('\n'));
    } catch (err) {
      if ((err as Error)?.message === message) return i;
    }
  }
  return undefined;
}

/**
 * TypeScript that Node's type stripping refuses (it only erases types): the sandboxes run as plain
 * `node` in a WebContainer, so every runner refuses it too, with Node's words and a way out.
 */
export function nonErasable(source: string): { line: number; message: string } | null {
  const checks: [RegExp, string][] = [
    [
      /^[ \t]*(?:export\s+)?(?:const\s+)?enum\s+[\w$]+/m,
      'TypeScript enum is not supported in strip-only mode (the sandboxes run as plain Node, which only erases types). Use a union of string literals, or a const object.',
    ],
    [
      /^[ \t]*(?:export\s+)?(?:namespace|module)\s+[\w$.]+\s*\{/m,
      'TypeScript namespace declaration is not supported in strip-only mode (the sandboxes run as plain Node, which only erases types). Use plain exports.',
    ],
    // A modifier at the start of a constructor parameter (not `x: readonly string[]`).
    [
      /\bconstructor\s*\((?:[^)]*,)?\s*(?:public|private|protected|readonly|override)\s+[\w$]+\s*[?:,)=]/m,
      'TypeScript parameter property is not supported in strip-only mode (the sandboxes run as plain Node, which only erases types). Declare the field and assign it in the constructor.',
    ],
  ];
  for (const [re, message] of checks) {
    const m = re.exec(source);
    if (m) return { line: source.slice(0, m.index).split('\n').length, message };
  }
  return null;
}

const IMPORT_RE = /^[ \t]*import\s+(?!type\b)([\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*(['"])([^'"\n]+)\3/gm;

/** The value imports a file names (`import { a, type B, c as d }` → a, c), as ES modules link them. */
export function namedImports(source: string): NamedImport[] {
  const out: NamedImport[] = [];
  for (const m of source.matchAll(IMPORT_RE)) {
    const names = m[2]!
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !/^type\s/.test(s))
      .map((s) => s.split(/\s+as\s+/)[0]!.trim());
    if (names.length) out.push({ specifier: m[4]!, names, line: source.slice(0, m.index).split('\n').length });
  }
  return out;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * What ES modules would refuse at link time and CommonJS would let through as `undefined`: a named
 * import the target does not export. Said the way a learner can act on it, naming both files.
 */
function missingExport(
  importer: string,
  line: number,
  name: string,
  specifier: string,
  target: string,
  exports: Exports,
): ReaderFailure {
  const has = Object.keys(exports).filter((k) => k !== '__esModule' && k !== 'default');
  const file = baseName(target);
  const from = baseName(importer);
  const message = target.startsWith('kit/')
    ? `${from}:${line}: the kit has no export named ${name} (${from} imports it from '${specifier}'). ` +
      `If ${name} is a type, import it with \`import type { ${name} }\`: types are erased before the code runs. ` +
      `Otherwise check the spelling: the kit's exports are listed in sandboxes/kit/index.ts.`
    : `${file} must export ${name}: ${from} imports it on line ${line} (\`import { ${name} } from '${specifier}'\`), ` +
      `but ${file} ${has.length ? `exports only ${has.join(', ')}` : 'exports nothing'}. ` +
      `If you renamed or removed it, name it ${name} again (\`export function ${name}(...)\`, as in the starter file).`;
  // Point the editor at the file to change: the importer for a wrong kit import, else the exporter.
  return new ReaderFailure(
    target.startsWith('kit/')
      ? { kind: 'runtime', message, file: importer, line }
      : { kind: 'runtime', message, file: target },
  );
}

// ---- The run's own Date, Math and performance.

/** Reader code's view of time and randomness for one run; `attach` hands it the simulator's clock. */
export interface ReaderGlobals {
  Date: DateConstructor;
  Math: Math;
  performance: { now(): number; readonly timeOrigin: number };
  attach: (clock: VirtualClock) => void;
}

/**
 * `Date.now()` / `new Date()` read the virtual wall clock of the node whose code is running (true
 * virtual time plus that node's skew; true virtual time while no node runs, e.g. at module load),
 * counted from EPOCH_MS. `performance.now()` is virtual ms since the run started, the same on every
 * node. `Math.random()` draws from a PRNG seeded by the run's seed (a stream apart from the network's).
 */
export function readerGlobals(seed: number): ReaderGlobals {
  let clock: VirtualClock | null = null;
  const RealDate = Date;
  // Whole milliseconds, as the real Date.now() gives (virtual time itself has fractions: latencies).
  const wall = () => Math.floor(EPOCH_MS + (clock ? clock.wallMs() : 0));
  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    // Date() without `new` is a string of the current time; with arguments it is the real Date.
    if (!new.target) return new RealDate(wall()).toString();
    return Reflect.construct(RealDate, args.length ? args : [wall()], new.target);
  }
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = wall;
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  const random = mulberry32(seed ^ 0x6d617468);
  const math = Object.create(Math, { random: { value: random, enumerable: false } }) as Math;
  const performance = { now: () => (clock ? clock.elapsedMs() : 0), timeOrigin: EPOCH_MS };
  return {
    Date: VirtualDate as unknown as DateConstructor,
    Math: math,
    performance,
    attach(c) {
      clock = c;
    },
  };
}

/** For files that never name them: the machine's own (unreachable from reader code), nothing to attach. */
const realGlobals: ReaderGlobals = { Date, Math, performance, attach() {} };

// ---- Programs: a set of files, ready to run many times.

interface ModuleRecord {
  exports: Exports;
  loading: boolean;
}

/** Freezes a kit export and the plain objects and arrays it holds (not functions or class instances). */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

const quiet = { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} };

/** Kit instances, one per set of kit sources (a worker normally sees one). */
const kits = new Map<string, Map<string, ModuleRecord>>();

function kitInstances(files: Files): Map<string, ModuleRecord> {
  const key = Object.keys(files)
    .filter((p) => p.startsWith('kit/'))
    .sort()
    .map((p) => `${p}\0${files[p]}`)
    .join('\0');
  let kit = kits.get(key);
  if (!kit) {
    if (kits.size >= 4) kits.clear();
    kit = new Map();
    kits.set(key, kit);
  }
  return kit;
}

export interface InstanceOptions {
  seed: number;
  /** The `console` reader modules see at their top level (default: one that prints nothing). */
  console?: unknown;
  /** Called before a sandbox module's top level runs (the CLI uses it to say where a load hung). */
  onLoad?: (path: string) => void;
}

export interface Instance {
  /** The entry module's exports, freshly evaluated. */
  entry: Exports;
  /** The run's Date, Math and performance; pass `globals.attach` to run() as `onClock`. */
  globals: ReaderGlobals;
}

export interface Program {
  readonly entry: string;
  /** The kit's exports (shared, frozen). */
  kit: Exports;
  /** Which sandbox file exports each function name, as loaded ('handlePut' → 'fencing-token/store.ts'). */
  exporters: ReadonlyMap<string, string>;
  /** Fresh instances of every sandbox module reachable from the entry. Throws what their top level throws. */
  instantiate(options: InstanceOptions): Instance;
  /** One run: fresh modules, then the entry's `run({ ...options, onClock })`. Throws what the reader's code throws. */
  run(options: RunOptions & { seed: number }, instance?: Omit<InstanceOptions, 'seed'>): Promise<RunResult>;
}

/**
 * Compiles `files` and evaluates them once as a check, so a syntax error, a missing export or a
 * throw at the top of a file surfaces here (as a ReaderFailure or the thrown error), not in every run.
 */
export function loadProgram(
  files: Files,
  entry: string,
  options: { onCompiled?(): void; onLoad?: (path: string) => void } = {},
): Program {
  const kit = kitInstances(files);
  // Per program, by path: the global cache's key is the whole source, too dear to build on every run.
  const programCompiled = new Map<string, Compiled>();
  const resolved = new Map<string, Map<string, string>>();
  const resolve = (from: string, specifier: string): string => {
    let mine = resolved.get(from);
    if (!mine) resolved.set(from, (mine = new Map<string, string>()));
    let target = mine.get(specifier);
    if (target === undefined) {
      target = resolveSpecifier(from, specifier, files) ?? '';
      mine.set(specifier, target);
    }
    if (!target) throw new Error(`Cannot find module '${specifier}' imported from ${from}`);
    return target;
  };

  /** A loader for one run's modules: sandbox files fresh, kit files from the shared instances. */
  const loader = (
    globals: ReaderGlobals | null,
    console: unknown,
    onLoad?: (path: string) => void,
    exporters?: Map<string, string>,
  ) => {
    const own = new Map<string, ModuleRecord>();
    const load = (path: string): Exports => {
      const isKit = path.startsWith('kit/');
      const cache = isKit ? kit : own;
      const existing = cache.get(path);
      if (existing) return existing.exports;
      const source = files[path];
      if (source === undefined) throw new Error(`Cannot find module '${path}'`);
      let code = programCompiled.get(path);
      if (!code) programCompiled.set(path, (code = compile(path, source)));
      const { factory, imports } = code;
      const record: ModuleRecord = { exports: {}, loading: true };
      const module = { exports: record.exports };
      cache.set(path, record);
      const require = (specifier: string) => load(resolve(path, specifier));
      // Link like an ES module, before the file runs: every named import must exist, even one
      // sucrase dropped as unused (a cycle's module still loading is skipped). Checked on the first
      // instance only: later instances of the same files link the same way.
      if (!linked) {
        for (const imp of imports) {
          // An import no file answers is left to the file's own require(), which throws from its line
          // and column, exactly as the WebContainer engine reports it.
          const target = resolveSpecifier(path, imp.specifier, files);
          if (!target) continue;
          const exports = load(target);
          if ((target.startsWith('kit/') ? kit : own).get(target)?.loading) continue;
          for (const name of imp.names)
            if (!(name in exports)) throw missingExport(path, imp.line, name, imp.specifier, target, exports);
        }
      }
      const url = { url: `${URL_PREFIX}${path}` };
      try {
        if (isKit || !globals) factory(record.exports, require, module, quiet, url, Date, Math, performance);
        else {
          onLoad?.(path);
          factory(record.exports, require, module, console, url, globals.Date, globals.Math, globals.performance);
        }
      } catch (err) {
        cache.delete(path);
        throw err;
      }
      record.exports = module.exports;
      record.loading = false;
      if (isKit) {
        for (const v of Object.values(record.exports)) deepFreeze(v);
        Object.freeze(record.exports);
      } else if (exporters) {
        for (const [name, v] of Object.entries(record.exports)) if (typeof v === 'function') exporters.set(name, path);
      }
      return record.exports;
    };
    return load;
  };

  // Files that never name Date, Math or performance cannot reach them: skip making the run's own.
  const usesGlobals = Object.keys(files).some(
    (p) => !p.startsWith('kit/') && /\b(?:Date|Math|performance)\b/.test(files[p]!),
  );
  const instantiate = (
    { seed, console = quiet, onLoad }: InstanceOptions,
    exporters?: Map<string, string>,
  ): Instance => {
    const globals = usesGlobals ? readerGlobals(seed) : realGlobals;
    const entryExports = loader(globals, console, onLoad, exporters)(entry);
    return { entry: entryExports, globals };
  };

  // Compile everything the entry reaches before any of it runs: syntax errors first, and a caller
  // timing the reader's code (the CLI's loop limit) can start its clock at onCompiled.
  const pending = [entry];
  while (pending.length) {
    const path = pending.pop()!;
    if (programCompiled.has(path) || files[path] === undefined) continue;
    const code = compile(path, files[path]);
    programCompiled.set(path, code);
    for (const spec of [...code.requires, ...code.imports.map((i) => i.specifier)]) {
      const target = resolveSpecifier(path, spec, files);
      if (target) pending.push(target);
    }
  }
  options.onCompiled?.();

  // The check instance: load errors surface now. Its modules are thrown away.
  let linked = false;
  const exporters = new Map<string, string>();
  const check = instantiate({ seed: 0, onLoad: options.onLoad }, exporters);
  linked = true;
  if (typeof check.entry.run !== 'function') {
    throw new ReaderFailure({
      kind: 'runtime',
      message: `${baseName(entry)} must export a function run({ seed, schedule }); it does not.`,
      file: entry,
    });
  }
  const kitApi = 'kit/index.ts' in files ? loader(null, quiet)('kit/index.ts') : {};

  return {
    entry,
    kit: kitApi,
    exporters,
    instantiate,
    run(options, instance = {}) {
      const { entry: scenario, globals } = instantiate({ ...instance, seed: options.seed });
      const run = scenario.run as (o: RunOptions) => Promise<RunResult>;
      return run({ ...options, onClock: globals.attach });
    },
  };
}
