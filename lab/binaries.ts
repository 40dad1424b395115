// Where the lab finds etcd and PostgreSQL, and the one line it prints when one is missing.
// etcd: $ETCD_BIN, else `etcd` on PATH. PostgreSQL: $PG_BIN (a folder holding initdb and postgres),
// else Debian's /usr/lib/postgresql/<newest>/bin (not on PATH by default), else initdb on PATH.
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const HOW_TO_GET =
  'install them with `sudo apt-get install etcd-server postgresql` (Debian/Ubuntu), or point ETCD_ENDPOINTS and DATABASE_URL at servers you already run';

/** A service binary is missing: the message is one line that says how to get it. */
export class MissingBinaryError extends Error {
  constructor(what: string, looked: string) {
    super(`lab: ${what} not found (looked in ${looked}): ${HOW_TO_GET}.`);
    this.name = 'MissingBinaryError';
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function findEtcd(): string {
  const env = process.env.ETCD_BIN;
  if (env) {
    if (existsSync(env)) return env;
    throw new MissingBinaryError('etcd', `ETCD_BIN=${env}`);
  }
  const found = onPath('etcd');
  if (!found) throw new MissingBinaryError('etcd', 'PATH; or set ETCD_BIN');
  return found;
}

/** The folder holding PostgreSQL's initdb and postgres. */
export function findPgBin(): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  const env = process.env.PG_BIN;
  if (env) {
    if (has(env)) return env;
    throw new MissingBinaryError('PostgreSQL (initdb and postgres)', `PG_BIN=${env}`);
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  }
  const initdb = onPath('initdb');
  if (initdb && has(dirname(initdb))) return dirname(initdb);
  throw new MissingBinaryError('PostgreSQL (initdb and postgres)', `${debian}/*/bin and PATH; or set PG_BIN`);
}
