// The sandbox registry fed from the disk, for Node (the CLI, the benchmark, the tests): every .ts
// file under sandboxes/ as text, and each sandbox.ts read with Node's own loader.
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRegistry, type SandboxRegistry } from '../../src/lib/sandbox-registry.ts';
import { parseSandboxMeta } from '../../src/lib/sandbox-meta-schema.ts';
import type { Files } from '../../src/lib/sandbox-files.ts';

export const SANDBOXES_DIR = join(import.meta.dirname, '..', '..', 'sandboxes');

// require() of an ES module uses Node's type stripping, also under Vitest (whose import() would
// send sandbox.ts through Vite instead).
const nativeRequire = createRequire(import.meta.url);

/** Every .ts file under `dir` (tests excluded), keyed relative to it with '/' separators. */
export function readSources(dir: string = SANDBOXES_DIR): Files {
  const files: Files = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const abs = join(entry.parentPath, entry.name);
    files[relative(dir, abs).split(/[\\/]/).join('/')] = readFileSync(abs, 'utf8');
  }
  return files;
}

export function registryFromDisk(dir: string = SANDBOXES_DIR): SandboxRegistry {
  const metas: Record<string, unknown> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name, 'sandbox.ts');
    if (entry.isDirectory() && entry.name !== 'kit' && existsSync(file)) metas[entry.name] = nativeRequire(file);
  }
  return createRegistry(readSources(dir), metas, parseSandboxMeta);
}
