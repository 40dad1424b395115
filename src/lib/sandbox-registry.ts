// The sandbox registry: the one way the components, the CLI, the explorer and the tests find a
// sandbox, its files and its versions. It is built from every source file under sandboxes/ and
// each folder's sandbox.ts exports, validated at build time and in Node with the Zod schema in
// sandbox-meta-schema.ts, whose errors name the file and field. Pure: the site feeds it from import.meta.glob, Node from the disk (sandbox-registry-*.ts).
import type { SandboxMeta, Variant } from '../../sandboxes/kit/types.ts';
import { joinPath, type Files } from './sandbox-files.ts';

/** A sandbox folder whose sandbox.ts is missing, invalid, or names files that are not there. */
export class SandboxRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxRegistryError';
  }
}

/** One file a sandbox shows: its tab, where its text lives, and whether the reader edits it. */
export interface SandboxFile {
  /** As named in sandbox.ts, relative to the sandbox folder: 'job.ts', '../kit/lock.ts'. */
  name: string;
  /** Relative to sandboxes/. */
  path: string;
  editable: boolean;
  /** Relative to sandboxes/, when the solution ships this (editable) file. */
  solution?: string;
}

export interface Sandbox {
  meta: SandboxMeta;
  /** Its editable files, then its read-only ones, in sandbox.ts's order. */
  files: SandboxFile[];
  /** The versions the Explore panel compares, in order. */
  versions: Variant[];
  /**
   * Editable file name → the version's text, only for files that version changes: those in its
   * `dir`, over those of its `base` variant (and so on down the chain); the rest stay the starter's.
   */
  changes(version: Variant): Record<string, string>;
  /** The solution's editable files that exist (name → text). */
  solution: Record<string, string>;
  /** The starter text of an editable or read-only file named as in sandbox.ts. */
  source(name: string): string;
  /** The files of one run: the kit and the sandbox's own top-level files, with `overrides` (name → text) laid over. */
  runFiles(overrides?: Record<string, string>): Files;
}

export interface SandboxRegistry {
  ids: string[];
  get(id: string): Sandbox;
  has(id: string): boolean;
}

/** Turns a folder's sandbox.ts exports into its metadata; the validating one is sandbox-meta-schema.ts. */
export type MetaParser = (id: string, module: unknown, sources: Files) => SandboxMeta;

/**
 * For the browser: the build has already validated every sandbox it rendered (parseSandboxMeta),
 * so the page trusts the same files and leaves Zod out of its bundle.
 */
export const trustMeta: MetaParser = (id, module) => {
  const meta = (module as { sandbox?: SandboxMeta } | null)?.sandbox;
  if (!meta) throw new SandboxRegistryError(`sandboxes/${id}/sandbox.ts must export \`sandbox\``);
  return meta;
};

function makeSandbox(meta: SandboxMeta, sources: Files): Sandbox {
  const { id } = meta;
  const text = (name: string) => sources[joinPath(id, name)];
  const solution: Record<string, string> = {};
  for (const file of meta.editable) {
    const s = text(joinPath('solution', file));
    if (s !== undefined) solution[file] = s;
  }
  const versions: Variant[] = meta.variants?.length
    ? meta.variants
    : [
        { name: 'starter', description: 'The starter files, as the sandbox ships them.' },
        ...(Object.keys(solution).length
          ? [{ name: 'solution', description: 'The sandbox’s solution.', dir: 'solution' }]
          : []),
      ];
  const files: SandboxFile[] = [
    ...meta.editable.map((name) => ({
      name,
      path: joinPath(id, name),
      editable: true,
      ...(name in solution ? { solution: joinPath(id, joinPath('solution', name)) } : {}),
    })),
    ...meta.readonly.map((name) => ({ name, path: joinPath(id, name), editable: false })),
  ];
  const changes = (version: Variant): Record<string, string> => {
    // A base is looked for only among the variants listed before this one (the schema checks it
    // is there), so even an unvalidated list cannot loop.
    const before = versions.slice(
      0,
      Math.max(
        0,
        versions.findIndex((v) => v.name === version.name),
      ),
    );
    const base = version.base === undefined ? undefined : before.find((v) => v.name === version.base);
    const out = base ? changes(base) : {};
    if (!version.dir) return out;
    for (const file of meta.editable) {
      const t = text(joinPath(version.dir, file));
      if (t !== undefined) out[file] = t;
    }
    return out;
  };
  return {
    meta,
    files,
    versions,
    solution,
    changes,
    source(name) {
      const t = text(name);
      if (t === undefined) throw new SandboxRegistryError(`sandboxes/${joinPath(id, name)} does not exist`);
      return t;
    },
    runFiles(overrides = {}) {
      const files: Files = {};
      for (const [path, source] of Object.entries(sources)) {
        if (path.startsWith('kit/') || (path.startsWith(`${id}/`) && !path.slice(id.length + 1).includes('/')))
          files[path] = source;
      }
      for (const [file, source] of Object.entries(overrides)) files[joinPath(id, file)] = source;
      return files;
    },
  };
}

/**
 * The registry of every folder under sandboxes/ (but kit/) that has a sandbox.ts.
 * `sources`: every .ts file keyed relative to sandboxes/; `metaModules`: id → that folder's sandbox.ts exports.
 */
export function createRegistry(
  sources: Files,
  metaModules: Record<string, unknown>,
  parse: MetaParser = trustMeta,
): SandboxRegistry {
  const ids = Object.keys(metaModules)
    .filter((id) => id !== 'kit')
    .sort();
  const cache = new Map<string, Sandbox>();
  const get = (id: string): Sandbox => {
    let sandbox = cache.get(id);
    if (!sandbox) {
      if (!(id in metaModules)) {
        throw new SandboxRegistryError(
          `There is no sandbox "${id}": sandboxes/${id}/sandbox.ts does not exist (there are: ${ids.join(', ')}).`,
        );
      }
      sandbox = makeSandbox(parse(id, metaModules[id], sources), sources);
      cache.set(id, sandbox);
    }
    return sandbox;
  };
  return { ids, get, has: (id) => ids.includes(id) };
}
