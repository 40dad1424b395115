import { exploreSandboxFromDisk } from '/work/wt/lesson3/scripts/sandbox.ts';
const n = Number(process.argv[2] ?? 10000);
for (const variant of ['lease-id', 'create-revision', 'is-owner-txn', 'restore-without-bump', 'restore-with-bump']) {
  const t = Date.now();
  const r = await exploreSandboxFromDisk('etcd-token', { n, baseSeed: 1, variant });
  console.log(variant, JSON.stringify(r.counts), `${Date.now() - t} ms`);
}
