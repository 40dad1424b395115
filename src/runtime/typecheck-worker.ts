/// <reference lib="webworker" />
// The type-check module worker: the TypeScript compiler and the ES2022 library's .d.ts files, off
// the page's thread and out of its bundles. The page starts it only once the reader has edited a
// sandbox (typecheck-client.ts); a check never touches a run.
//
// The compiler is typescript.js as npm ships it, copied verbatim as an asset (`?url`) and run here
// as the CommonJS bundle it is: bundled and minified through Vite (1.03 MB gzip instead of 1.64 MB)
// it took the build's client step from 3 s to 18 s; copied, it costs the build nothing.
import type * as TS from 'typescript';
import typescriptUrl from 'typescript/lib/typescript.js?url';
import { createChecker, libClosure, type Checker } from '../lib/typecheck.ts';
import type { TypeCheckReply, TypeCheckRequest } from './typecheck-protocol.ts';

// ES5 to ES2022 and the decorator typings they reference: no DOM, no later ES years.
const libTexts = import.meta.glob<string>(
  [
    '/node_modules/typescript/lib/lib.es5.d.ts',
    '/node_modules/typescript/lib/lib.es20{15,16,17,18,19,20,21,22}*.d.ts',
    '/node_modules/typescript/lib/lib.decorators*.d.ts',
    '!**/*.full.d.ts',
  ],
  { query: '?raw', import: 'default', eager: true },
);
const byName = new Map(Object.entries(libTexts).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]));

/** Fetches typescript.js and runs it with a `module` to fill, as Node's `require` would. */
async function loadCompiler(): Promise<typeof TS> {
  const response = await fetch(typescriptUrl);
  if (!response.ok) throw new Error(`the TypeScript compiler did not download (HTTP ${response.status})`);
  const source = await response.text();
  const module = { exports: {} as unknown };
  // A worker is not under the page's Content-Security-Policy (it gets its own, from its script's
  // response, and the site sends none for scripts): the sandbox worker's module loader (modules.ts)
  // evaluates code the same way.
  const run = (0, eval)(`(function (module, exports) {${source}\n})`) as (
    module: { exports: unknown },
    exports: unknown,
  ) => void;
  run(module, module.exports);
  return module.exports as typeof TS;
}

const checker: Promise<Checker> = loadCompiler().then((ts) =>
  createChecker(
    ts,
    libClosure((name) => byName.get(name)),
  ),
);

const scope = self as unknown as DedicatedWorkerGlobalScope;
let queue = Promise.resolve();
scope.addEventListener('message', (e: MessageEvent<TypeCheckRequest>) => {
  const { id, files, check: paths } = e.data;
  queue = queue.then(async () => {
    let reply: TypeCheckReply;
    try {
      reply = { id, ok: true, problems: (await checker)(files, paths) };
    } catch (err) {
      reply = { id, ok: false, message: String((err as Error)?.message ?? err) };
    }
    scope.postMessage(reply);
  });
});
