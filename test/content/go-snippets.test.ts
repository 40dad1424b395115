// The Go snippets of a lesson compile: each ```go fence is wrapped in a package (imports added for the
// packages it names, illustrative types stubbed only where the snippet uses and does not declare them)
// and checked with `go vet` in GOPATH mode against Debian’s Go sources (golang-etcd-server-dev gives
// go.etcd.io/etcd/clientv3). Without `go` or those sources the checks are skipped, saying why.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** Lessons whose Go snippets are checked here (lesson 1’s use types it never declares; it is not listed yet). */
const LESSONS = ['fencing-exclusion', 'tokens-from-etcd'];
const GOPATH_SYSTEM = '/usr/share/gocode';
const ETCD_CLIENT = join(GOPATH_SYSTEM, 'src/go.etcd.io/etcd/clientv3');

/** Package selector in a snippet → import path. */
const IMPORTS: Record<string, string> = {
  bytes: 'bytes',
  context: 'context',
  errors: 'errors',
  fmt: 'fmt',
  http: 'net/http',
  sql: 'database/sql',
  strings: 'strings',
  sync: 'sync',
  time: 'time',
  clientv3: 'go.etcd.io/etcd/clientv3',
  concurrency: 'go.etcd.io/etcd/clientv3/concurrency',
};

/** Illustrative names a snippet may use without declaring them: the lesson says so in a comment. */
const STUBS: Record<string, { imports?: string[]; code: string }> = {
  LockService: {
    imports: ['time'],
    code: `type LockService struct{}

func (*LockService) Acquire(key string, ttl time.Duration) (int64, error) { return 0, nil }
func (*LockService) Release(key string) error                        { return nil }`,
  },
  Store: {
    code: `type Store struct{}

func (*Store) Get(key string) (Versioned, error)           { return Versioned{}, nil }
func (*Store) Put(key, value string, token int64) error { return nil }`,
  },
  Versioned: { code: 'type Versioned struct {\n\tValue   string\n\tVersion int64\n}' },
  // Lesson 3’s stand-ins for your own storage and work.
  ObjectStore: {
    imports: ['context'],
    code: 'type ObjectStore interface {\n\tPut(ctx context.Context, key, value string, token int64) error\n}',
  },
  buildReport: { code: 'func buildReport() string { return "report" }' },
  computeEntry: { code: 'func computeEntry() string { return "" }' },
  appendLine: { code: 'func appendLine(ledger, entry string) string { return ledger + "\\n" + entry }' },
};

function goFences(mdx: string): string[] {
  return [...mdx.matchAll(/^```go\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

const declares = (src: string, name: string) => new RegExp(`^(type|func) (\\([^)]*\\) )?${name}\\b`, 'm').test(src);
const uses = (src: string, name: string) => new RegExp(`\\b${name}\\b`).test(src);

/** The snippet as a package: its own file with the imports it needs, and a file of the stubs it uses. */
function wrap(snippet: string): { main: string; stubs: string } {
  const wanted = new Set<string>();
  for (const [sel, path] of Object.entries(IMPORTS)) if (new RegExp(`\\b${sel}\\.`).test(snippet)) wanted.add(path);
  const main = `package snippet\n\nimport (\n${[...wanted].map((p) => `\t"${p}"`).join('\n')}\n)\n\n${snippet}`;
  // Stubs the snippet needs, and the stubs those need (Store’s methods return Versioned).
  const chosen: string[] = [];
  const pending = Object.keys(STUBS).filter((n) => uses(snippet, n) && !declares(snippet, n));
  while (pending.length) {
    const name = pending.shift()!;
    if (chosen.includes(name)) continue;
    chosen.push(name);
    for (const other of Object.keys(STUBS))
      if (other !== name && uses(STUBS[name]!.code, other) && !declares(snippet, other)) pending.push(other);
  }
  const stubImports = [...new Set(chosen.flatMap((n) => STUBS[n]!.imports ?? []))];
  const stubs = `package snippet\n\n${stubImports.length ? `import (\n${stubImports.map((p) => `\t"${p}"`).join('\n')}\n)\n\n` : ''}${chosen.map((n) => STUBS[n]!.code).join('\n\n')}\n`;
  return { main: main.replace('import (\n\n)\n\n', ''), stubs };
}

const hasGo = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
const hasEtcd = existsSync(ETCD_CLIENT);
const skipReason = !hasGo
  ? 'go is not installed (apt-get install golang-go): the Go snippets were not compiled'
  : !hasEtcd
    ? `${ETCD_CLIENT} is missing (apt-get install golang-etcd-server-dev): the Go snippets were not compiled`
    : '';
if (skipReason) console.log(`go-snippets: skipped: ${skipReason}`);

const root = mkdtempSync(join(tmpdir(), 'go-snippets-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let packages = 0;

/** `go vet` on the wrapped snippet; returns vet’s complaints ('' when it compiles cleanly). */
function vet(snippet: string): string {
  const name = `snippet${++packages}`;
  const dir = join(root, 'src', name);
  mkdirSync(dir, { recursive: true });
  const { main, stubs } = wrap(snippet);
  writeFileSync(join(dir, 'snippet.go'), main);
  writeFileSync(join(dir, 'stubs.go'), stubs);
  const env = { ...process.env, GO111MODULE: 'off', GOPATH: `${root}:${GOPATH_SYSTEM}`, GOFLAGS: '' };
  const out = spawnSync('go', ['vet', name], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
  return out.status === 0
    ? ''
    : `${out.stderr}${out.stdout}${out.error ? String(out.error) : ''}`.trim() || `go vet exited ${out.status}`;
}

describe.each(LESSONS)('lessons/%s: Go snippets', (slug) => {
  const fences = goFences(readFileSync(new URL(`../../lessons/${slug}/index.mdx`, import.meta.url), 'utf8'));

  it('has Go snippets to check', () => {
    expect(fences.length).toBeGreaterThan(0);
  });

  it.skipIf(!!skipReason).each(
    fences.map(
      (src, i) =>
        [
          i + 1,
          src
            .split('\n')
            .find((l) => l.startsWith('func '))
            ?.replace(/\{$/, '')
            .trim() ?? src.split('\n')[0],
          src,
        ] as const,
    ),
  )(
    'snippet %i (%s) passes go vet',
    (_n, _title, src) => {
      expect(vet(src)).toBe('');
    },
    600_000,
  );
});

describe('the check can fail', () => {
  it.skipIf(!!skipReason)(
    'a snippet calling an etcd function that does not exist fails go vet, naming it',
    () => {
      const broken = 'func f(cli *clientv3.Client) { cli.NoSuchMethod() }';
      expect(vet(broken)).toMatch(/NoSuchMethod/);
    },
    600_000,
  );

  it('wraps a snippet with the imports it names and only the stubs it needs', () => {
    const { main, stubs } = wrap('func f(s *Store) { _, _ = s.Get("k"); _ = time.Second }');
    expect(main).toContain('\t"time"');
    expect(stubs).toContain('type Store struct{}');
    expect(stubs).toContain('type Versioned struct');
    expect(stubs).not.toContain('LockService');
    expect(wrap('type Store struct{}\nfunc (s *Store) Get() {}').stubs).not.toContain('type Store');
  });
});
