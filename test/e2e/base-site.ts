// A second build of the site with a base path, as the deploy workflow builds a GitHub Pages project
// site (SITE_URL=https://owner.github.io/leases-and-fences/), for base-path.test.ts. It goes to its own
// folder (dist/ stays the root build the other e2e tests serve) and is reused while nothing it is
// built from changed: the folder is named by a hash of those files, so a stale build is never served.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The project site’s address: base = its path. Absolute URLs (canonical, Open Graph, sitemap) name it. */
export const PAGES_URL = 'https://owner.github.io/leases-and-fences/';
export const BASE = '/leases-and-fences/';
const CACHE = join(ROOT, 'node_modules/.cache/leases-and-fences/base-site');
/** What a build reads (git’s files there, tracked and new), how it is built (this file), and the Node version. */
const INPUTS = [
  'test/e2e/base-site.ts',
  'astro.config.mjs',
  'package-lock.json',
  'tsconfig.json',
  'lessons',
  'public',
  'sandboxes',
  'src',
  'lab/recordings',
];

function inputsHash(): string | null {
  const ls = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...INPUTS], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (ls.status !== 0) return null; // not a git checkout: build every time
  const hash = createHash('sha256').update(`${PAGES_URL}\n${process.version}\n`);
  for (const file of ls.stdout.split('\0').filter(Boolean).sort()) {
    if (!existsSync(join(ROOT, file))) continue; // deleted, not yet staged
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * This process’s environment without what Vitest adds to it: Astro would take BASE_URL=/ (and MODE,
 * NODE_ENV=test, …) from there over its own config, and build links without the base.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env))
    if (/^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|TEST|VITEST.*)$/.test(key)) delete env[key];
  return env;
}

/** The folder of the built site under the base; builds it first when its inputs changed. Logs the build’s seconds. */
export async function baseSite(): Promise<string> {
  const key = inputsHash();
  const dir = join(CACHE, key ?? 'uncached');
  if (key && existsSync(join(dir, 'index.html'))) return dir;
  rmSync(CACHE, { recursive: true, force: true }); // older builds: their inputs are gone
  const tmp = `${dir}.building`;
  const started = performance.now();
  await new Promise<void>((ok, fail) => {
    const astro = spawn(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', tmp], {
      cwd: ROOT,
      env: { ...buildEnv(), SITE_URL: PAGES_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    astro.stdout.on('data', (d: Buffer) => (log += d.toString()));
    astro.stderr.on('data', (d: Buffer) => (log += d.toString()));
    astro.on('error', fail);
    astro.on('exit', (code) =>
      code === 0
        ? ok()
        : fail(new Error(`astro build with SITE_URL=${PAGES_URL} failed (exit ${code}):\n${log.slice(-4000)}`)),
    );
  });
  renameSync(tmp, dir);
  console.log(
    `base-path build (SITE_URL=${PAGES_URL}): ${((performance.now() - started) / 1000).toFixed(1)} s, into ${dir}`,
  );
  return dir;
}
