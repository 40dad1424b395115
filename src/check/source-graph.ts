// The fingerprint of a module's source graph: the entry file and every file reached from it through
// relative imports (static, dynamic and side-effect), hashed by path (relative to the root) and text.
// The build's caches (the lesson check's, the explore pool's) key on it, so a changed byte in any
// module a result depends on is a new key, while a file outside the graph changes nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** sha256 (hex) over each reachable file's root-relative path and text, in a fixed order. */
export function sourceGraphKey(entry: string | URL, root: string): string {
  const parts: string[] = [];
  const seen = new Set<string>();
  const pending = [typeof entry === 'string' ? entry : fileURLToPath(entry)];
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    parts.push(`${relative(root, file)}\0${text}`);
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"\n]+)\1/g))
      pending.push(resolve(dirname(file), m[2]!));
  }
  return createHash('sha256').update(parts.sort().join('\0')).digest('hex');
}
