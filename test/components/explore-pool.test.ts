// The build’s explore pool (src/integrations/explore-pool.ts): worker threads give exactly the
// counts of one in-process pass, a result is cached on disk under a key that changes with any file
// of the run, and a cached result is read back instead of explored again.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createExplorePool, exploreCountSpecs, EXPLORE_SERVICE } from '../../src/integrations/explore-pool.ts';
import {
  EXPLORE_SERVICE as COMPONENT_SERVICE,
  MAX_EXPLORE_COUNT_N,
} from '../../src/components/explore/explore-count.ts';
import { explorePart, loadJob } from '../../src/runtime/explore-work.ts';
import { sandboxes, sources } from '../../src/lib/sandbox-registry-site.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
// A root of its own, so the test’s cache starts empty and is removed after; node_modules is the repo’s (sucrase’s version).
const root = mkdtempSync(join(tmpdir(), 'lf-pool-'));
writeFileSync(join(root, 'package.json'), '{}');
symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
const cacheDir = join(repo, 'node_modules/.cache/leases-and-fences/explore');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sandbox = sandboxes.get('fencing-token');
const entry = `fencing-token/${sandbox.meta.entry}`;
const filesOf = (variant: string) =>
  sandbox.runFiles(sandbox.changes(sandbox.versions.find((v) => v.name === variant)!));

describe('the explore pool', { timeout: 120_000 }, () => {
  it('counts exactly what one in-process pass counts, split across threads', async () => {
    const pool = createExplorePool(root, { threads: 2, cache: false });
    try {
      const files = filesOf('ttl-x3');
      const pooled = await pool.explore(files, entry, { n: 3_000, baseSeed: 7 });
      const direct = await explorePart(loadJob(files, entry), { n: 3_000, baseSeed: 7, from: 0, to: 3_000 });
      expect(pooled).toEqual(direct);
      expect(pooled.counts['stale-write-accepted']).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('caches by content: a changed file is a new key with its own counts, an unchanged one is read back', async () => {
    mkdirSync(cacheDir, { recursive: true });
    const before = new Set(readdirSync(cacheDir));
    const fresh = () => readdirSync(cacheDir).filter((f) => !before.has(f));
    const pool = createExplorePool(repo, { threads: 2 });
    const starter = filesOf('no-fix');
    // The same variant name with the solution’s store.ts laid over: only one file differs.
    const fixed = { ...starter, 'fencing-token/store.ts': sources['fencing-token/solution/store.ts']! };
    const n = 400 + Math.floor(Math.random() * 100); // a spec no earlier run cached
    try {
      const a = await pool.explore(starter, entry, { n, baseSeed: 7 });
      const b = await pool.explore(fixed, entry, { n, baseSeed: 7 });
      expect(a.counts['stale-write-accepted']).toBeGreaterThan(0);
      expect(b.counts['stale-write-accepted']).toBe(0);
      expect(fresh()).toHaveLength(2);
    } finally {
      await pool.close();
    }
    // A new pool (a new build) reads both back; a pool with no threads could not explore anything.
    const again = createExplorePool(repo, { threads: 0 });
    const read = await again.explore(starter, entry, { n, baseSeed: 7 });
    expect(read.counts['stale-write-accepted']).toBeGreaterThan(0);
    await again.close();
    for (const f of fresh()) rmSync(join(cacheDir, f));
  });
});

describe('the pool and ExploreCount', () => {
  it('meet under the same symbol', () => {
    expect(EXPLORE_SERVICE).toBe(COMPONENT_SERVICE);
    expect(MAX_EXPLORE_COUNT_N).toBe(100_000);
  });
});

describe('exploreCountSpecs', () => {
  it('reads the literal props of every ExploreCount in a lesson', () => {
    const mdx =
      'In <ExploreCount sandbox="fencing-token" variant="ttl-x3" n={10000} /> runs, and\n<ExploreCount verdict="no-progress" n={1000} variant="lease-id" sandbox="etcd-token" baseSeed={3} />.';
    expect(exploreCountSpecs(mdx)).toEqual([
      { sandbox: 'fencing-token', variant: 'ttl-x3', n: 10_000 },
      { sandbox: 'etcd-token', variant: 'lease-id', n: 1000, baseSeed: 3 },
    ]);
  });
});
