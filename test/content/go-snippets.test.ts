// Every Go snippet of the etcd lesson compiles against the real etcd client (3.4, Debian's
// golang-etcd-server-dev, GOPATH mode) and passes `go vet`. Each snippet is a function; the test
// adds the package clause, the imports it may use, and the two stand-ins the lesson names as
// illustrative (ObjectStore, buildReport). Skipped, with the reason printed, where Go or the etcd
// sources are not installed (.ci/run installs golang-go and golang-etcd-server-dev).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LESSON = 'lessons/tokens-from-etcd/index.mdx';
const GOCODE = '/usr/share/gocode';
const ETCD = join(GOCODE, 'src/go.etcd.io/etcd/clientv3/concurrency');

/** The ```go blocks of the lesson, in order. */
export function goSnippets(mdx: string): string[] {
  return [...mdx.matchAll(/```go\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** A compilable file around one snippet: unused imports are referenced so vet sees only the snippet's own problems. */
function wrap(snippet: string): string {
  return `package snippet

import (
	"context"
	"errors"

	"go.etcd.io/etcd/clientv3"
	"go.etcd.io/etcd/clientv3/concurrency"
)

var (
	_ = context.Background
	_ = errors.New
	_ = clientv3.OpPut
	_ = concurrency.NewSession
)

// ObjectStore and buildReport are the lesson's stand-ins for your own storage and work.
type ObjectStore interface {
	Put(ctx context.Context, key, value string, token int64) error
}

func buildReport() string { return "report" }

${snippet}`;
}

function missing(): string | null {
  if (spawnSync('go', ['version']).status !== 0) return 'the go command is not installed (apt-get install golang-go)';
  if (!existsSync(ETCD)) return `the etcd client sources are not at ${ETCD} (apt-get install golang-etcd-server-dev)`;
  return null;
}

const reason = missing();
if (reason) console.log(`go-snippets.test.ts: skipped: ${reason}`);

describe.skipIf(reason !== null)('Go snippets of the etcd lesson', () => {
  const snippets = goSnippets(readFileSync(LESSON, 'utf8'));

  it('finds the lesson’s three Go snippets', () => {
    expect(snippets).toHaveLength(3);
  });

  it.each(snippets.map((s, i) => [i + 1, s] as const))('snippet %i compiles against etcd 3.4’s clientv3 and passes go vet', (_n, snippet) => {
    const gopath = mkdtempSync(join(tmpdir(), 'lesson-go-'));
    const dir = join(gopath, 'src/snippet');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'snippet.go'), wrap(snippet));
    const env = { ...process.env, GO111MODULE: 'off', GOPATH: `${gopath}:${GOCODE}`, GOFLAGS: '' };
    try {
      execFileSync('go', ['vet', './'], { cwd: dir, env, stdio: 'pipe' });
    } catch (err) {
      const e = err as { stderr?: Buffer; stdout?: Buffer };
      throw new Error(`go vet failed for snippet ${_n}:\n${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`);
    }
  }, 600_000);
});
