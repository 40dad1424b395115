// `npm test`'s last step: the lab's integration suite (real etcd and PostgreSQL) when they are here.
// Without them it says so in one line and passes, unless LAB_REQUIRED=1 (CI installs them and sets it).
import { spawnSync } from 'node:child_process';
import { findEtcd, findPgBin, MissingBinaryError } from '../lab/binaries.ts';

try {
  if (!process.env.ETCD_ENDPOINTS) findEtcd();
  if (!process.env.DATABASE_URL) findPgBin();
} catch (err) {
  if (!(err instanceof MissingBinaryError) || process.env.LAB_REQUIRED === '1') throw err;
  console.log(`test:lab not run: ${err.message}`);
  process.exit(0);
}
const run = spawnSync('npm', ['run', 'test:lab'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
