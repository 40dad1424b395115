// Which versions of a sandbox the explore panel compares, and the files each lays over the
// starter. Pure: used at build time (Explore.astro, for descriptions and diffs) and in the lazy app
// (to build the worker's jobs). Variant files are laid over as they are, like the CLI's --variant.
import type { SandboxMeta, Variant } from '../../../sandboxes/kit/types.ts';
import type { Files } from '../../lib/sandbox-files.ts';

export interface VersionInfo extends Variant {
  /** Editable file name → the variant's text (only files the variant changes). */
  changes: Record<string, string>;
}

/** The sandbox's variants; without any, its starter and (if shipped) its solution. */
export function versionsOf(meta: Pick<SandboxMeta, 'id' | 'editable' | 'variants'>, sources: Files): Variant[] {
  if (meta.variants?.length) return meta.variants;
  const out: Variant[] = [{ name: 'starter', description: 'The starter files, as the sandbox ships them.' }];
  if (meta.editable.some((f) => sources[`${meta.id}/solution/${f}`] !== undefined)) {
    out.push({ name: 'solution', description: 'The sandbox’s solution.', dir: 'solution' });
  }
  return out;
}

/** The editable files a variant replaces (name → text), read from `sources` (paths relative to sandboxes/). */
export function variantChanges(meta: Pick<SandboxMeta, 'id' | 'editable'>, variant: Variant, sources: Files): Record<string, string> {
  const out: Record<string, string> = {};
  if (!variant.dir) return out;
  for (const file of meta.editable) {
    const text = sources[`${meta.id}/${variant.dir.replace(/\/+$/, '')}/${file}`];
    if (text !== undefined) out[file] = text;
  }
  return out;
}

/** Every file a run needs except the editable overrides: the kit and the sandbox's top-level files. */
export function baseFiles(id: string, sources: Files): Files {
  const out: Files = {};
  for (const [path, text] of Object.entries(sources)) {
    if (path.startsWith('kit/') || (path.startsWith(`${id}/`) && !path.slice(id.length + 1).includes('/'))) out[path] = text;
  }
  return out;
}

/** name → text overrides keyed relative to sandboxes/ ('fencing-token/store.ts'). */
export function overridesFor(id: string, changes: Record<string, string>): Files {
  return Object.fromEntries(Object.entries(changes).map(([file, text]) => [`${id}/${file}`, text]));
}
