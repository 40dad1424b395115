/// <reference lib="webworker" />
// The type-check module worker: the TypeScript compiler and the ES2022 library's .d.ts files, off
// the page's thread and out of its bundles. The page starts it only once the reader has edited a
// sandbox (typecheck-client.ts); a check never touches a run.
import ts from 'typescript';
import { createChecker, libClosure } from '../lib/typecheck.ts';
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
const check = createChecker(
  ts,
  libClosure((name) => byName.get(name)),
);

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.addEventListener('message', (e: MessageEvent<TypeCheckRequest>) => {
  const { id, files, check: paths } = e.data;
  let reply: TypeCheckReply;
  try {
    reply = { id, ok: true, problems: check(files, paths) };
  } catch (err) {
    reply = { id, ok: false, message: String((err as Error)?.message ?? err) };
  }
  scope.postMessage(reply);
});
