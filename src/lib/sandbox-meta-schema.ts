// The contract of a sandbox's sandbox.ts, as a Zod schema whose errors name the file and field, and
// the parser the build and Node give the registry. Kept apart from sandbox-registry.ts so the
// browser's bundle (which trusts what the build validated) carries no Zod.
import { z } from 'astro/zod';
import type { SandboxMeta } from '../../sandboxes/kit/types.ts';
import { joinPath, type Files } from './sandbox-files.ts';
import { SandboxRegistryError } from './sandbox-registry.ts';

const fileName = z
  .string()
  .regex(/^(\.\.\/)*[\w.-]+(\/[\w.-]+)*\.ts$/, { error: 'must be a .ts path relative to the sandbox folder' });

export const variantSchema = z.strictObject({
  /** Shown in the Explore panel and accepted by `--variant`: lower-case words joined by hyphens. */
  name: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be lower-case words joined by hyphens, e.g. ttl-x3' }),
  /** One sentence: what this version changes and why it might (not) help. */
  description: z.string().trim().min(10, { error: 'must be a sentence saying what this version changes' }),
  /** Folder (relative to the sandbox) whose files replace the editable ones; absent = the starter files. */
  dir: z
    .string()
    .regex(/^[\w-]+(\/[\w-]+)*\/?$/, { error: 'must be a folder inside the sandbox, e.g. variants/ttl-x3' })
    .optional(),
  /** The name of a variant listed before this one whose files this one starts from (its `dir` laid over them). */
  base: z.string().optional(),
});

export const sandboxMetaSchema = z.strictObject({
  /** The folder's name under sandboxes/. */
  id: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must be the folder name: lower-case words joined by hyphens' }),
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

function where(id: string, path: readonly PropertyKey[]): string {
  const field = path.reduce<string>(
    (out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${String(p)}` : String(p)),
    '',
  );
  return `sandboxes/${id}/sandbox.ts: "${field || 'sandbox'}"`;
}

/** The `sandbox` export of a sandbox.ts module, validated, with every file it names checked to exist. */
export function parseSandboxMeta(id: string, module: unknown, sources: Files): SandboxMeta {
  const exported = (module as Record<string, unknown> | null)?.sandbox;
  if (exported === undefined) {
    throw new SandboxRegistryError(
      `sandboxes/${id}/sandbox.ts must export \`sandbox\` (export const sandbox: SandboxMeta = { … }); see sandboxes/fencing-token/sandbox.ts.`,
    );
  }
  const parsed = sandboxMetaSchema.safeParse(exported);
  if (!parsed.success) {
    throw new SandboxRegistryError(parsed.error.issues.map((i) => `${where(id, i.path)} ${i.message}`).join('\n'));
  }
  const meta = parsed.data;
  const problems: string[] = [];
  if (meta.id !== id)
    problems.push(`${where(id, ['id'])} is "${meta.id}" but the folder is sandboxes/${id}/: they must match`);
  const exists = (name: string) => joinPath(id, name) in sources;
  for (const field of ['editable', 'readonly'] as const) {
    meta[field].forEach((name, i) => {
      if (!exists(name))
        problems.push(`${where(id, [field, i])} names ${name}, but sandboxes/${joinPath(id, name)} does not exist`);
    });
  }
  if (!exists(meta.entry)) problems.push(`${where(id, ['entry'])}: sandboxes/${id}/${meta.entry} does not exist`);
  meta.variants?.forEach((v, i) => {
    if (v.dir && !meta.editable.some((f) => exists(joinPath(v.dir!, f)))) {
      problems.push(
        `${where(id, ['variants', i, 'dir'])} is ${v.dir}, but it holds none of the editable files (${meta.editable.join(', ')})`,
      );
    }
  });
  const names = meta.variants?.map((v) => v.name) ?? [];
  meta.variants?.forEach((v, i) => {
    if (v.base === undefined) return;
    // Only an earlier variant: the chain of bases then always ends, and reads top to bottom.
    if (!names.slice(0, i).includes(v.base)) {
      const earlier = names.slice(0, i);
      problems.push(
        `${where(id, ['variants', i, 'base'])} is "${v.base}", but no variant listed before "${v.name}" has that name` +
          (earlier.length ? ` (listed before it: ${earlier.join(', ')})` : ' (it is the first)'),
      );
    }
    if (!v.dir)
      problems.push(
        `${where(id, ['variants', i, 'dir'])} is missing: a variant with a base names the folder of the files it changes on top of it`,
      );
  });
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) problems.push(`${where(id, ['variants'])} names "${twice}" twice: variant names must be unique`);
  if (problems.length) throw new SandboxRegistryError(problems.join('\n'));
  return meta;
}
