// npm run bench:build [-- --lessons N] [--warm-runs K] [--check-runs K] [--profile] [--keep]: the build-speed
// budgets of issue 9, measured in a throwaway copy of the project (its git files, node_modules linked in,
// no build cache) holding N lessons (default 200): the 3 real lessons, then copies of them (unique slug,
// title and order; Sandbox, Explore, ExploreCount, ScenarioLog, Quiz, Snippet, LabRecording as written)
// alternating with `npm run new-lesson` scaffolds with their placeholders filled in (Snippet, 2 Quizzes,
// Sandbox, Explore, ScenarioLog). Times `npm run check:lessons` on the real lessons and on all N, then
// `astro build` cold (no node_modules/.cache, as in a fresh clone) and warm (the same copy again),
// printing wall time, CPU time (user + system of the command and everything it waited for) and the load
// average, each against its budget (PASS/MISS), and the build's warnings (there should be none).
// Nothing is written to this project; --keep leaves the copy (and the build logs) for a look.
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateLessons } from './lib/bench-lessons.ts';

const BUDGET = { buildS: 20, checkAllMedianS: 2, checkManyS: 10 };

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  const value = at >= 0 ? Number(args[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) {
    console.error(`bench:build: ${name} needs a whole number, e.g. ${name} ${fallback}`);
    process.exit(2);
  }
  return value;
};
const lessons = option('--lessons', 200);
const warmRuns = option('--warm-runs', 1);
const checkRuns = option('--check-runs', 5);
const profile = args.includes('--profile');
const keep = args.includes('--keep') || profile;

const root = join(import.meta.dirname, '..');
// Everything Node-side keeps its caches here: node_modules/.cache (explore counts, highlighting), Vite's.
const LOCAL_CACHES = new Set(['.cache', '.astro', '.vite', '.vite-temp', '.vitest-cache']);

/** A copy of the project as a clone has it: the files git knows (tracked or not ignored), node_modules linked entry by entry. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lf-bench-build-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    cpSync(join(root, f), join(dir, f));
  }
  // The packages are shared; the caches the build writes under node_modules stay in the copy.
  mkdirSync(join(dir, 'node_modules'));
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (!LOCAL_CACHES.has(entry)) symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
  }
  return dir;
}

interface Timed {
  wallS: number;
  cpuS: number;
  /** 1-minute load average before and after. */
  load: [number, number];
  code: number;
  output: string;
}

const seconds = (t: string): number => {
  const m = /^(?:(\d+)m)?([\d.]+)s$/.exec(t.trim());
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : NaN;
};

/** CPU seconds each process of a process group has used so far, by pid (Linux /proc; empty elsewhere). */
function groupCpu(pgid: number, seen: Map<number, number>): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command's closing parenthesis: state ppid pgrp … utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) !== pgid) continue;
      seen.set(Number(pid), (Number(f[11]) + Number(f[12])) / TICKS);
    } catch {
      // gone meanwhile
    }
  }
}
const TICKS = 100; // USER_HZ: /proc counts CPU in 1/100 s on every Linux architecture Node runs on

/**
 * Runs a command in `cwd` under sh in a process group of its own. CPU time is the larger of two counts:
 * sh's `times` (exact for everything it waited for: Node, its worker threads, what Node waited for) and,
 * on Linux, the group's processes sampled every 100 ms (each one's last 100 ms missed), which also counts
 * Pagefind's indexer: Pagefind kills it without waiting, so no parent's `times` ever sees it.
 */
function timed(cwd: string, command: string[], env: Record<string, string> = {}): Promise<Timed> {
  const timesFile = join(cwd, '.bench-times');
  const script = '"$@" > "$LF_BENCH_OUT" 2>&1; s=$?; times > "$LF_BENCH_TIMES"; exit $s';
  const outFile = join(cwd, '.bench-out');
  const before = loadavg()[0]!;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', script, 'sh', ...command], {
      cwd,
      stdio: 'inherit',
      detached: true,
      env: {
        ...process.env,
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        ASTRO_TELEMETRY_DISABLED: '1',
        LF_BENCH_OUT: outFile,
        LF_BENCH_TIMES: timesFile,
        ...env,
      },
    });
    const sampled = new Map<number, number>();
    const poll = setInterval(() => groupCpu(child.pid!, sampled), 100);
    const stop = () => process.kill(-child.pid!); // Ctrl-C stops the build too, not only this script
    process.once('SIGINT', stop);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      process.off('SIGINT', stop);
      const wallS = (performance.now() - started) / 1000;
      const sampledS = [...sampled.values()].reduce((a, b) => a + b, 0);
      // `times`: the shell's own user and system time, then its children's.
      const [, children = ''] = readFileSync(timesFile, 'utf8').trim().split('\n');
      const [user = '', sys = ''] = children.trim().split(/\s+/);
      resolve({
        wallS,
        cpuS: Math.max(seconds(user) + seconds(sys), sampledS),
        load: [before, loadavg()[0]!],
        code: code ?? 1,
        output: readFileSync(outFile, 'utf8'),
      });
    });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const loadText = (t: Timed) => `load ${f1(t.load[0])}→${f1(t.load[1])}`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const results: { line: string; ok: boolean }[] = [];
function report(line: string, ok?: boolean): void {
  console.log(ok === undefined ? `  ${line}` : `  ${verdict(ok)}  ${line}`);
  if (ok !== undefined) results.push({ line, ok });
}

/** The warnings in a build log (Astro's and Vite's `[WARN]` lines, Rolldown's "warning" lines), colours removed. */
function buildWarnings(log: string): string[] {
  return (
    log
      // eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => /\[WARN\]|\bwarn(?:ing)?\b[:\s]/i.test(l) && !/\b0 warnings?\b/i.test(l))
  );
}

async function checkLessons(dir: string, what: string, budgetS: number, useMedian: boolean): Promise<void> {
  const runs: Timed[] = [];
  for (let i = 0; i < Math.max(1, checkRuns); i++)
    runs.push(await timed(dir, [process.execPath, 'scripts/check-lessons.ts']));
  const failed = runs.find((r) => r.code !== 0);
  if (failed) {
    console.error(`check:lessons failed on ${what}; the generated lessons must pass it:\n${failed.output}`);
    process.exit(1);
  }
  const wall = runs.map((r) => r.wallS);
  const cpu = runs.map((r) => r.cpuS);
  const judged = useMedian ? median(wall) : Math.max(...wall);
  report(
    `check:lessons on ${what}: median ${f2(median(wall))} s wall (${wall.map(f2).join(', ')}), ${f2(median(cpu))} s CPU; ` +
      `budget ${useMedian ? 'median' : 'every run'} <= ${budgetS} s; ${loadText(runs[0]!)}→${f1(runs.at(-1)!.load[1])}`,
    judged <= budgetS,
  );
}

async function build(dir: string, label: string, run: number): Promise<Timed> {
  const node = profile
    ? [process.execPath, '--cpu-prof', `--cpu-prof-dir=${join(dir, '.profiles', `${label}-${run}`)}`]
    : [process.execPath];
  const t = await timed(dir, [...node, 'node_modules/astro/bin/astro.mjs', 'build']);
  writeFileSync(join(dir, `.bench-build-${label}-${run}.log`), t.output);
  if (t.code !== 0) {
    console.error(`astro build (${label}) failed:\n${t.output.split('\n').slice(-40).join('\n')}`);
    process.exit(1);
  }
  const pages = /(\d+) page\(s\) built/.exec(t.output)?.[1] ?? '?';
  report(
    `astro build, ${label}: ${f1(t.wallS)} s wall, ${f1(t.cpuS)} s CPU (${pages} pages, ${loadText(t)}); budget <= ${BUDGET.buildS} s wall`,
    t.wallS <= BUDGET.buildS,
  );
  const warnings = buildWarnings(t.output);
  report(
    `astro build, ${label}: ${warnings.length} warning line${warnings.length === 1 ? '' : 's'} (a contributor caused none)`,
    warnings.length === 0,
  );
  for (const w of warnings.slice(0, 10)) console.log(`      ${w}`);
  return t;
}

const dir = copyProject();
console.log(`bench:build in ${dir} (${availableParallelism()} cores, load ${loadavg().map(f1).join(' ')})`);
try {
  await checkLessons(dir, `the ${readdirSync(join(dir, 'lessons')).length} real lessons`, BUDGET.checkAllMedianS, true);
  const made = generateLessons(dir, lessons);
  console.log(
    `  lessons: ${made.total} = ${made.real} real + ${made.copies} copies of them + ${made.scaffolds} filled scaffolds`,
  );
  await checkLessons(dir, `${made.total} lessons`, BUDGET.checkManyS, false);
  await build(dir, 'cold', 1);
  for (let i = 1; i <= warmRuns; i++) await build(dir, 'warm', i);
} finally {
  if (keep) console.log(`  kept ${dir} (build logs: .bench-build-*.log${profile ? '; CPU profiles: .profiles/' : ''})`);
  else rmSync(dir, { recursive: true, force: true });
}
const missed = results.filter((r) => !r.ok);
console.log(
  missed.length
    ? `\n${missed.length} of ${results.length} budgets missed (wall times are only comparable at a low load: compare the CPU times).`
    : `\nall ${results.length} budgets met`,
);
if (missed.length) process.exitCode = 1;
