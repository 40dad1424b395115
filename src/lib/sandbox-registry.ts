// The sandbox registry: the one way the components, the CLI, the explorer and the tests find a
// sandbox, its files and its versions. It is built from every source file under sandboxes/ and
// each folder's sandbox.ts exports, validated with a Zod schema whose errors name the file and
// field. Pure: the site feeds it from import.meta.glob, Node from the disk (sandbox-registry-*.ts).
import { z } from 'astro/zod';
import type { SandboxMeta, Variant } from '../../sandboxes/kit/types.ts';
import { joinPath, type Files } from './sandbox-files.ts';

const fileName = z.string().regex(/^(\.\.\/)*[\w.-]+(\/[\w.-]+)*\.ts$/, { error: 'must be a .ts path relative to the sandbox folder' });

export const variantSchema = z.strictObject({
  /** Shown in the Explore panel and accepted by `--variant`: lower-case words joined by hyphens. */
  name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lower-case words joined by hyphens, e.g. ttl-x3' }),
  /** One sentence: what this version changes and why it might (not) help. */
  description: z.string().trim().min(10, { error: 'must be a sentence saying what this version changes' }),
  /** Folder (relative to the sandbox) whose files replace the editable ones; absent = the starter files. */
  dir: z.string().regex(/^[\w-]+(\/[\w-]+)*\/?$/, { error: 'must be a folder inside the sandbox, e.g. variants/ttl-x3' }).optional(),
});

export const sandboxMetaSchema = z.strictObject({
  /** The folder's name under sandboxes/. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be the folder name: lower-case words joined by hyphens' }),
  /** Shown as the sandbox's heading and in replay titles. */
  title: z.string().trim().min(3, { error: 'must name the sandbox, e.g. "Adding a fencing token"' }),
  /** Files the reader edits, relative to the sandbox folder. */
  editable: z.array(fileName).min(1, { error: 'must list at least one file the reader edits' }),
  /** Files shown read-only, relative to the sandbox folder ('../kit/x.ts' for kit files). */
  readonly: z.array(fileName),
  /** The file exporting `run(options)`. */
  entry: z.literal('scenario.ts', { error: 'must be "scenario.ts"' }),
  /** The seed the lesson's run uses. */
  defaultSeed: z.number().int().nonnegative({ error: 'must be a whole number ≥ 0' }),
  /** Versions the Explore panel compares; without any it compares the starter and the solution. */
  variants: z.array(variantSchema).optional(),
}) satisfies z.ZodType<SandboxMeta>;

/** A sandbox folder whose sandbox.ts is missing, invalid, or names files that are not there. */
export class SandboxRegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxRegistryError';
  }
}

export interface Sandbox {
  meta: SandboxMeta;
  /** The versions the Explore panel compares, in order. */
  versions: Variant[];
  /** Editable file name → the version's text, only for files that version changes. */
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

function where(id: string, path: readonly PropertyKey[]): string {
  const field = path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)), '');
  return `sandboxes/${id}/sandbox.ts: "${field || 'sandbox'}"`;
}

/** The `sandbox` export of a sandbox.ts module, validated, with every file it names checked to exist. */
export function parseSandboxMeta(id: string, module: unknown, sources: Files): SandboxMeta {
  const exported = (module as Record<string, unknown> | null)?.sandbox;
  if (exported === undefined) {
    throw new SandboxRegistryError(`sandboxes/${id}/sandbox.ts must export \`sandbox\` (export const sandbox: SandboxMeta = { … }); see sandboxes/fencing-token/sandbox.ts.`);
  }
  const parsed = sandboxMetaSchema.safeParse(exported);
  if (!parsed.success) {
    throw new SandboxRegistryError(parsed.error.issues.map((i) => `${where(id, i.path)} ${i.message}`).join('\n'));
  }
  const meta = parsed.data;
  const problems: string[] = [];
  if (meta.id !== id) problems.push(`${where(id, ['id'])} is "${meta.id}" but the folder is sandboxes/${id}/: they must match`);
  const exists = (name: string) => joinPath(id, name) in sources;
  for (const field of ['editable', 'readonly'] as const) {
    meta[field].forEach((name, i) => {
      if (!exists(name)) problems.push(`${where(id, [field, i])} names ${name}, but sandboxes/${joinPath(id, name)} does not exist`);
    });
  }
  if (!exists(meta.entry)) problems.push(`${where(id, ['entry'])}: sandboxes/${id}/${meta.entry} does not exist`);
  meta.variants?.forEach((v, i) => {
    if (v.dir && !meta.editable.some((f) => exists(joinPath(v.dir!, f)))) {
      problems.push(`${where(id, ['variants', i, 'dir'])} is ${v.dir}, but it holds none of the editable files (${meta.editable.join(', ')})`);
    }
  });
  const names = meta.variants?.map((v) => v.name) ?? [];
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) problems.push(`${where(id, ['variants'])} names "${twice}" twice: variant names must be unique`);
  if (problems.length) throw new SandboxRegistryError(problems.join('\n'));
  return meta;
}

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
        ...(Object.keys(solution).length ? [{ name: 'solution', description: 'The sandbox’s solution.', dir: 'solution' }] : []),
      ];
  return {
    meta,
    versions,
    solution,
    changes(version) {
      const out: Record<string, string> = {};
      if (!version.dir) return out;
      for (const file of meta.editable) {
        const t = text(joinPath(version.dir, file));
        if (t !== undefined) out[file] = t;
      }
      return out;
    },
    source(name) {
      const t = text(name);
      if (t === undefined) throw new SandboxRegistryError(`sandboxes/${joinPath(id, name)} does not exist`);
      return t;
    },
    runFiles(overrides = {}) {
      const files: Files = {};
      for (const [path, source] of Object.entries(sources)) {
        if (path.startsWith('kit/') || (path.startsWith(`${id}/`) && !path.slice(id.length + 1).includes('/'))) files[path] = source;
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
export function createRegistry(sources: Files, metaModules: Record<string, unknown>): SandboxRegistry {
  const ids = Object.keys(metaModules).filter((id) => id !== 'kit').sort();
  const cache = new Map<string, Sandbox>();
  const get = (id: string): Sandbox => {
    let sandbox = cache.get(id);
    if (!sandbox) {
      if (!(id in metaModules)) {
        throw new SandboxRegistryError(`There is no sandbox "${id}": sandboxes/${id}/sandbox.ts does not exist (there are: ${ids.join(', ')}).`);
      }
      sandbox = makeSandbox(parseSandboxMeta(id, metaModules[id], sources), sources);
      cache.set(id, sandbox);
    }
    return sandbox;
  };
  return { ids, get, has: (id) => ids.includes(id) };
}
