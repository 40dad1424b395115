// The lab's real services: etcd and PostgreSQL, each on a free loopback port with a temporary data
// folder, started and health-checked here and torn down by the watchdog (lab/watchdog.ts) whatever
// way the lab ends. ETCD_ENDPOINTS / DATABASE_URL use servers the reader already runs instead.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import pg from 'pg';
import { findEtcd, findPgBin } from './binaries.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface Services {
  etcdEndpoints: string[];
  databaseUrl: string;
  etcdVersion: string;
  postgresVersion: string;
  /** Start-up wall time of each service started here (0 for one the reader runs). */
  startupMs: { etcd: number; postgres: number };
  /** This lab's temporary folder (removed by the watchdog). */
  tmp: string;
  /** Hands a process to the watchdog: it is stopped with `signal` when the lab ends, however it ends. */
  adopt: (pid: number, signal?: NodeJS.Signals, group?: boolean) => void;
  /** Stops everything and removes the temporary folder; resolves once the watchdog has finished. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a tiny race with other programs remains). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Watchdog {
  child: ChildProcess;
  tell(item: object): void;
  finish(): Promise<void>;
}

function startWatchdog(): Watchdog {
  // Detached: its own process group, so Ctrl-C and a kill of the lab's group leave it to clean up.
  const child = spawn(process.execPath, [join(HERE, 'watchdog.ts')], {
    detached: true,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.unref();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    tell: (item) => child.stdin.write(`${JSON.stringify(item)}\n`),
    finish: async () => {
      child.ref(); // keep the lab alive until the cleanup is done
      child.stdin.end();
      await exited;
    },
  };
}

const isRoot = () => process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: there it runs as Debian's `postgres` user (setpriv, no PAM, keeps the pid). */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (!isRoot()) return [command, args];
  const user = process.env.LAB_PG_USER ?? 'postgres';
  return ['setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', command, ...args]];
}

function userIds(user: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(spawnSync('id', [flag, user], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error(
      `lab: running as root, PostgreSQL must run as an unprivileged user, and user "${user}" does not exist (Debian's postgresql package creates it; or set LAB_PG_USER).`,
    );
  }
  return { uid, gid: id('-g') };
}

async function until<T>(
  what: string,
  child: ChildProcess | null,
  output: () => string,
  attempt: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last: unknown;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`lab: ${what} exited with code ${child.exitCode} while starting:\n${output().slice(-2000)}`);
    try {
      return await attempt();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `lab: ${what} did not become healthy in ${START_TIMEOUT_MS / 1000} s: ${String(last)}\n${output().slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

function capture(child: ChildProcess): () => string {
  let text = '';
  const add = (chunk: Buffer) => {
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => text;
}

/**
 * An etcd cluster of `members` members (1, or 3 for the etcd sandboxes: each worker's client talks to
 * its own member, and the member that receives a LeaseGrant picks the lease ID from its own member ID).
 */
async function startEtcd(
  dir: string,
  watchdog: Watchdog,
  members: number,
): Promise<{ endpoints: string[]; version: string }> {
  const bin = findEtcd();
  const nodes: { name: string; clientUrl: string; peerUrl: string }[] = [];
  for (let i = 0; i < members; i++) {
    const [client, peer] = [await freePort(), await freePort()];
    nodes.push({ name: `lab${i}`, clientUrl: `http://127.0.0.1:${client}`, peerUrl: `http://127.0.0.1:${peer}` });
  }
  const cluster = nodes.map((n) => `${n.name}=${n.peerUrl}`).join(',');
  const started = nodes.map(({ name, clientUrl, peerUrl }) => {
    const child = spawn(
      bin,
      [
        '--name',
        name,
        '--data-dir',
        members === 1 ? dir : join(dir, name),
        '--listen-client-urls',
        clientUrl,
        '--advertise-client-urls',
        clientUrl,
        '--listen-peer-urls',
        peerUrl,
        '--initial-advertise-peer-urls',
        peerUrl,
        '--initial-cluster',
        cluster,
        '--initial-cluster-state',
        'new',
        // etcd's defaults (100 ms heartbeat, 1 s election timeout): its minimum lease TTL stays 2 s.
        '--heartbeat-interval',
        '100',
        '--election-timeout',
        '1000',
        '--logger',
        'zap',
        '--log-level',
        'error',
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH ?? '' },
      },
    );
    watchdog.tell({ pid: child.pid, signal: 'SIGTERM', group: true });
    return { child, clientUrl, output: capture(child) };
  });
  const endpoints = nodes.map((n) => n.clientUrl);
  // Poll the cheap HTTP health endpoint of each member (true once a leader is elected), then ask the version once.
  await Promise.all(
    started.map(({ child, clientUrl, output }) =>
      until('etcd', child, output, async () => {
        const res = await fetch(`${clientUrl}/health`, { signal: AbortSignal.timeout(1_000) });
        if (!((await res.json()) as { health?: string }).health?.startsWith('true')) throw new Error('not healthy yet');
      }),
    ),
  );
  const version = await until('etcd', started[0]!.child, started[0]!.output, () => etcdVersion(endpoints));
  return { endpoints, version };
}

export async function etcdVersion(endpoints: string[]): Promise<string> {
  const client = new Etcd3({ hosts: endpoints, dialTimeout: 2_000 });
  try {
    await client.put('lab/health').value(String(Date.now())); // needs a leader, not just a listening port
    const status = await client.maintenance.status();
    return status.version;
  } finally {
    client.close();
  }
}

/**
 * initdb takes seconds (over 10 on a busy machine), so its result is kept once per PostgreSQL version
 * as a template in ~/.cache/leases-and-fences and copied into each lab's temporary folder (cp -a keeps
 * the postgres user's ownership). LAB_PG_TEMPLATE=0 runs initdb every time.
 */
function copyOrInitdb(bin: string, dir: string, env: NodeJS.ProcessEnv): void {
  const initdb = (target: string) => {
    const [cmd, args] = asPostgresUser(join(bin, 'initdb'), [
      '-D',
      target,
      '-U',
      'lab',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    const init = spawnSync(cmd, args, { encoding: 'utf8', env, cwd: '/' });
    if (init.status !== 0)
      throw new Error(
        `lab: initdb failed (exit ${init.status}): ${(init.stderr || init.stdout || String(init.error)).trim().split('\n').slice(-3).join(' ')}`,
      );
  };
  if (process.env.LAB_PG_TEMPLATE === '0') return initdb(dir);
  const version = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' })
    .stdout.trim()
    .replace(/[^\w.-]+/g, '_');
  const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'leases-and-fences');
  const template = join(cache, `${version}-${isRoot() ? 'postgres' : currentUser()}-template`);
  if (!existsSync(join(template, 'PG_VERSION'))) {
    initdb(dir); // into the lab's own folder first: a killed lab leaves no half-made template
    mkdirSync(cache, { recursive: true });
    const staging = `${template}.${process.pid}`;
    spawnSync('cp', ['-a', dir, staging]);
    try {
      renameSync(staging, template);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another lab made it first
    }
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  const copy = spawnSync('cp', ['-a', template, dir], { encoding: 'utf8' });
  if (copy.status !== 0)
    throw new Error(`lab: copying the PostgreSQL template ${template} failed: ${copy.stderr.trim()}`);
}

async function startPostgres(dir: string, watchdog: Watchdog): Promise<{ url: string; version: string }> {
  const bin = findPgBin();
  mkdirSync(dir, { mode: 0o700 });
  if (isRoot()) {
    const { uid, gid } = userIds(process.env.LAB_PG_USER ?? 'postgres');
    chownSync(dir, uid, gid);
  }
  const env = { ...process.env, LANG: 'C', LC_ALL: 'C' };
  copyOrInitdb(bin, dir, env);
  const port = await freePort();
  const [cmd, args] = asPostgresUser(join(bin, 'postgres'), [
    '-D',
    dir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    // A throwaway database: durability off makes start-up and commits fast; isolation is unchanged.
    '-c',
    'fsync=off',
    '-c',
    'synchronous_commit=off',
    '-c',
    'full_page_writes=off',
  ]);
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env, cwd: '/' });
  watchdog.tell({ pid: child.pid, signal: 'SIGINT', group: true }); // SIGINT: PostgreSQL's fast shutdown
  const output = capture(child);
  const url = `postgres://lab@127.0.0.1:${port}/postgres`;
  const version = await until('PostgreSQL', child, output, () => postgresVersion(url));
  return { url, version };
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version.split(' ')[0]!;
  } finally {
    await client.end();
  }
}

/** Starts (or connects to) etcd and PostgreSQL. Throws MissingBinaryError with its one line if a binary is missing. */
export async function startServices(
  options: { whileStarting?: (adopt: Services['adopt']) => void; etcdMembers?: number } = {},
): Promise<Services> {
  // Check both binaries before starting anything: a missing one is reported at once.
  if (!process.env.ETCD_ENDPOINTS) findEtcd();
  if (!process.env.DATABASE_URL) findPgBin();
  const watchdog = startWatchdog();
  const tmp = mkdtempSync(join(tmpdir(), 'leases-lab-'));
  watchdog.tell({ dir: tmp });
  chmodSync(tmp, 0o755); // the postgres user must reach its data folder inside
  const adopt: Services['adopt'] = (pid, signal = 'SIGKILL', group = false) => watchdog.tell({ pid, signal, group });
  try {
    const etcd = (async () => {
      const start = Date.now();
      const env = process.env.ETCD_ENDPOINTS;
      if (env) {
        const endpoints = env
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        return { endpoints, version: await etcdVersion(endpoints), ms: 0 };
      }
      return { ...(await startEtcd(join(tmp, 'etcd'), watchdog, options.etcdMembers ?? 1)), ms: Date.now() - start };
    })();
    const postgres = (async () => {
      const start = Date.now();
      const env = process.env.DATABASE_URL;
      if (env) return { url: env, version: await postgresVersion(env), ms: 0 };
      return { ...(await startPostgres(join(tmp, 'postgres'), watchdog)), ms: Date.now() - start };
    })();
    options.whileStarting?.(adopt);
    const [e, p] = await Promise.all([etcd, postgres]);
    return {
      etcdEndpoints: e.endpoints,
      databaseUrl: p.url,
      etcdVersion: e.version,
      postgresVersion: p.version,
      startupMs: { etcd: e.ms, postgres: p.ms },
      tmp,
      adopt,
      stop: () => watchdog.finish(),
    };
  } catch (err) {
    await watchdog.finish();
    throw err;
  }
}

export const currentUser = () => userInfo().username;
