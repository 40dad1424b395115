// The lab's cleaner: a small detached process that owns the teardown. The lab tells it, over a
// pipe, each process it starts and each temporary folder it makes; when that pipe closes (the lab
// finished, failed, was interrupted or was killed with SIGKILL) it stops those processes and
// removes those folders. One teardown path for every way a run can end.
//
//   node lab/watchdog.ts        (stdin: one JSON line per thing to clean up)
//     {"pid": 123, "signal": "SIGINT", "group": true}   stop with this signal, SIGKILL after a grace period
//     {"dir": "/tmp/leases-lab-x"}                     remove recursively
import { rmSync } from 'node:fs';

const GRACE_MS = 5_000;

interface Target {
  pid: number;
  signal: NodeJS.Signals;
  group: boolean;
}

const targets: Target[] = [];
const dirs: string[] = [];
let buffered = '';

// Ctrl-C reaches the whole foreground group: the watchdog must outlive it to clean up.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => {});

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
    const line = buffered.slice(0, nl).trim();
    buffered = buffered.slice(nl + 1);
    if (!line) continue;
    const item = JSON.parse(line) as { pid?: number; signal?: NodeJS.Signals; group?: boolean; dir?: string };
    if (item.pid) targets.push({ pid: item.pid, signal: item.signal ?? 'SIGTERM', group: item.group ?? false });
    if (item.dir) dirs.push(item.dir);
  }
});
process.stdin.on('close', () => void cleanUp());
process.stdin.on('end', () => void cleanUp());
process.stdin.on('error', () => void cleanUp());

const send = (t: Target, signal: NodeJS.Signals) => {
  try {
    process.kill(t.group ? -t.pid : t.pid, signal);
  } catch {
    // already gone
  }
};
const alive = (t: Target) => {
  try {
    process.kill(t.group ? -t.pid : t.pid, 0);
    return true;
  } catch {
    return false;
  }
};

let cleaning = false;
async function cleanUp(): Promise<void> {
  if (cleaning) return;
  cleaning = true;
  for (const t of targets) {
    send(t, t.signal);
    if (t.signal !== 'SIGKILL') send(t, 'SIGCONT'); // a stopped process only acts on its signal once resumed
  }
  const deadline = Date.now() + GRACE_MS;
  while (targets.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const t of targets) if (alive(t)) send(t, 'SIGKILL');
  const killDeadline = Date.now() + 2_000;
  while (targets.some(alive) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 20));
  for (const dir of dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort: nothing else can remove it either
    }
  }
  process.exit(0);
}
