// The page's side of type checking: one worker for the page, started on the first request (never
// on load), asked about the latest code only. A check is advice beside the editor: it never delays
// or blocks a run, and a checker that fails to load just says so.
import type { Files } from '../lib/sandbox-files.ts';
import type { TypeProblem } from '../lib/typecheck.ts';
import type { TypeCheckReply, TypeCheckRequest } from './typecheck-protocol.ts';

export interface TypeCheckWorkerLike {
  postMessage(message: TypeCheckRequest): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<TypeCheckReply>) => void): void;
  addEventListener(type: 'error', fn: (e: ErrorEvent) => void): void;
}

function defaultWorker(): TypeCheckWorkerLike {
  return new Worker(new URL('./typecheck-worker.ts', import.meta.url), { type: 'module', name: 'typecheck' });
}

export type TypeCheckResult = { ok: true; problems: TypeProblem[] } | { ok: false; message: string };

/** A checker over one worker; `check` resolves null when a newer check for the same key replaced it. */
export function createTypeChecker(create: () => TypeCheckWorkerLike = defaultWorker) {
  let worker: TypeCheckWorkerLike | null = null;
  let nextId = 1;
  const waiting = new Map<number, (r: TypeCheckResult) => void>();
  const latest = new Map<string, number>();

  const start = (): TypeCheckWorkerLike => {
    const w = create();
    w.addEventListener('message', (e) => {
      const done = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      done?.(e.data.ok ? { ok: true, problems: e.data.problems } : { ok: false, message: e.data.message });
    });
    w.addEventListener('error', (e) => {
      for (const done of waiting.values()) done({ ok: false, message: e.message || 'the type checker could not load' });
      waiting.clear();
      worker = null;
    });
    return w;
  };

  return {
    /** Checks `paths` among `files`; `key` (a sandbox id) lets a newer check make an older one moot. */
    async check(key: string, files: Files, paths: string[]): Promise<TypeCheckResult | null> {
      const id = nextId++;
      latest.set(key, id);
      worker ??= start();
      const result = await new Promise<TypeCheckResult>((resolve) => {
        waiting.set(id, resolve);
        worker!.postMessage({ id, files, check: paths });
      });
      return latest.get(key) === id ? result : null;
    },
  };
}

let shared: ReturnType<typeof createTypeChecker> | null = null;
/** The page's one checker, made on first use. */
export function pageTypeChecker() {
  return (shared ??= createTypeChecker());
}
