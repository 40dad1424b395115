// A fake WebContainer engine backed by real `node` processes on a temp dir: the subset of
// @webcontainer/api the runner uses (boot, mount, spawn with a merged pty-like output stream,
// fs.readFile, on('error'), teardown), with the Node binary of the tester’s choice. Like the real
// engine (stackblitz/webcontainer-core#1121), `kill()` does not stop a process here: only teardown
// does, so a test can prove that the run script stops the reader’s code by itself.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DirectoryTree, WebContainerLike, WebContainerProcessLike } from '../../src/runtime/webcontainer.ts';

/** The Node versions the engine is checked on: its reported default (18.20.3) and Node 20. */
export const ENGINE_NODES = { '18': '18.20.3', '20': '20' } as const;

/**
 * The path of a Node binary of `version` from the npm registry (node-<platform>-<arch>), installed
 * into ~/.cache/lf-engine-node/<major> the first time.
 */
export function engineNode(major: keyof typeof ENGINE_NODES): string {
  const prefix = join(homedir(), '.cache', 'lf-engine-node', major);
  const pkg = `node-${process.platform}-${process.arch}`;
  const bin = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(bin)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `${pkg}@${ENGINE_NODES[major]}`],
      { stdio: 'ignore', timeout: 300_000 },
    );
  }
  return bin;
}

export interface NodeEngine extends WebContainerLike {
  dir: string;
  /** Processes spawned and not yet exited. */
  alive(): number;
  emitError(message: string): void;
  tornDown: boolean;
  /** Removes the temp dir (and stops anything left). */
  dispose(): void;
}

export function nodeEngine(nodeBin: string = process.execPath): NodeEngine {
  const dir = mkdtempSync(join(tmpdir(), 'lf-engine-'));
  const children = new Set<ChildProcess>();
  const errorListeners = new Set<(e: { message: string }) => void>();
  const write = (at: string, tree: DirectoryTree) => {
    mkdirSync(at, { recursive: true });
    for (const [name, node] of Object.entries(tree)) {
      if ('file' in node) writeFileSync(join(at, name), node.file.contents);
      else write(join(at, name), node.directory);
    }
  };
  const engine: NodeEngine = {
    dir,
    tornDown: false,
    mount(tree) {
      if (engine.tornDown) return Promise.reject(new Error('WebContainer already torn down'));
      write(dir, tree);
      return Promise.resolve();
    },
    spawn(command, args): Promise<WebContainerProcessLike> {
      if (engine.tornDown) return Promise.reject(new Error('WebContainer already torn down'));
      const child = spawn(command === 'node' ? nodeBin : command, args, {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const exit = new Promise<number>((ok) =>
        child.on('exit', (code, signal) => {
          children.delete(child);
          ok(code ?? (signal ? 128 : 1));
        }),
      );
      let open = 2;
      const output = new ReadableStream<string>({
        start(c) {
          // One terminal for both streams, with a pty’s line endings.
          for (const stream of [child.stdout, child.stderr]) {
            stream.setEncoding('utf8');
            stream.on('data', (d: string) => c.enqueue(d.replace(/\n/g, '\r\n')));
            stream.on('end', () => {
              if (--open === 0) c.close();
            });
          }
        },
      });
      return Promise.resolve({ output, exit, kill: () => {} });
    },
    fs: {
      readFile: (path) => readFile(join(dir, path), 'utf8'),
    },
    on(_event, listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    teardown() {
      if (engine.tornDown) throw new Error('WebContainer already torn down');
      engine.tornDown = true;
      for (const child of children) child.kill('SIGKILL');
    },
    alive: () => children.size,
    emitError: (message) => errorListeners.forEach((fn) => fn({ message })),
    dispose() {
      for (const child of children) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return engine;
}
