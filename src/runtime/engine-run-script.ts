// The run script the WebContainer engine executes: `node lf-run/run.cjs <entry> <seed> <limitMs> <resultFile>`.
//
// The scenario runs in a `worker_threads` Worker, like the page's module worker: the main thread
// starts the time limit when the worker starts, terminates the worker when the limit passes (a
// `kill()` of the process does not stop a hot loop inside the engine: stackblitz/webcontainer-core#1121),
// writes the outcome to a result file the runner reads with `fs.readFile`, and exits even when the
// reader's code left timers running. Console lines travel as tagged lines on stdout, with the page's
// formatting and levels; the result never does.
//
// Both scripts are plain CommonJS for any Node the engine ships (checked on Node 18 and 20).

export const ENGINE_DIR = 'lf-run';
/** Prefix of a console line on the run's output: CONSOLE_MARK + JSON {level, text}. */
export const CONSOLE_MARK = '@@lf-console ';
/** Printed once the result file is written. */
export const DONE_MARK = '@@lf-done';

/** What the result file holds (JSON). */
export type EngineOutcome =
  | { result: unknown }
  /** A reader error already in the page's words (a syntax error, a missing export of run()). */
  | {
      reader: {
        kind: 'syntax' | 'runtime' | 'timeout';
        message: string;
        file?: string;
        line?: number;
        column?: number;
      };
    }
  /** A thrown value: `text` is the page's "Name: message" (or `Uncaught …`), `stack` node's stack. */
  | { thrown: { text: string; name?: string; stack: string } }
  | { timeout: number }
  | { crashed: string };

export const RUN_SCRIPT = String.raw`'use strict';
// Runs one scenario in a worker thread under a time limit; see src/runtime/engine-run-script.ts.
const { Worker } = require('node:worker_threads');
const { writeFileSync, renameSync } = require('node:fs');
const { resolve } = require('node:path');
const [entry, seedText, limitText, resultFile] = process.argv.slice(2);
const CONSOLE_MARK = __CONSOLE_MARK__;
const DONE_MARK = __DONE_MARK__;
const limit = Number(limitText);
const print = (level, text) => process.stdout.write(CONSOLE_MARK + JSON.stringify({ level, text }) + '\n');
const worker = new Worker(resolve(__dirname, 'worker.cjs'), {
  workerData: { entry: resolve(entry), entryName: entry.replace(/^sandboxes\//, '').replace(/\.js$/, '.ts'), seed: Number(seedText) },
  stdout: true,
  stderr: true,
});
// Raw writes to the worker's stdout/stderr (not through console) still reach the reader, as lines.
for (const [stream, level] of [[worker.stdout, 'log'], [worker.stderr, 'error']]) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) print(level, line);
  });
  stream.on('end', () => { if (rest) print(level, rest); });
}
let finished = false;
let timer;
const finish = (outcome) => {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  writeFileSync(resultFile + '.part', JSON.stringify(outcome));
  renameSync(resultFile + '.part', resultFile);
  // Timers the reader left running would keep node alive: once the output is flushed, stop the
  // worker and exit; and exit regardless after a second, should either never report back.
  const exit = () => process.exit(0);
  process.stdout.write(DONE_MARK + '\n', () => worker.terminate().then(exit, exit));
  setTimeout(exit, 1000);
};
worker.on('message', (m) => {
  if (m.type === 'started') timer = setTimeout(() => finish({ timeout: limit }), limit);
  else if (m.type === 'console') print(m.level, m.text);
  else if (m.type === 'done') finish(m.outcome);
});
// An exception thrown outside the run (e.g. in a timer callback) stops the worker, as in the page.
worker.on('error', (err) => finish({ crashed: 'Uncaught ' + (err && err.name ? err.name + ': ' + err.message : String(err)) }));
worker.on('exit', (code) => finish({ crashed: 'the worker exited with code ' + code }));
`
  .replace('__CONSOLE_MARK__', JSON.stringify(CONSOLE_MARK))
  .replace('__DONE_MARK__', JSON.stringify(DONE_MARK));

export const WORKER_SCRIPT = String.raw`'use strict';
// Evaluates one scenario like the page's module worker (src/runtime/sandbox-worker.ts, evaluate.ts).
const { parentPort, workerData } = require('node:worker_threads');
const post = (m) => parentPort.postMessage(m);
// The page's console: the same methods, levels and formatting.
const formatArg = (value) => {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.name + ': ' + value.message;
  try {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
};
const emit = (level) => (...args) => post({ type: 'console', level, text: args.map(formatArg).join(' ') });
// Stack frames name the reader's .ts files, as the page's do (the mounted .js are line for line the
// same): the kit locates an error on the reader's line by them.
const toTs = (text) => text.replace(/(\/sandboxes\/[^\s:()]+)\.js(?=:\d)/g, '$1.ts');
Error.prepareStackTrace = (err, frames) => {
  let head;
  try { head = String(err); } catch { head = 'Error'; }
  return head + frames.map((f) => '\n    at ' + toTs(String(f))).join('');
};
// A specifier the page refuses: thrown from the importing line, as the page's require throws it.
globalThis.__lf_missing = (specifier, from) => { throw new Error("Cannot find module '" + specifier + "' imported from " + from); };
globalThis.console = { log: emit('log'), info: emit('info'), warn: emit('warn'), error: emit('error'), debug: emit('debug'), trace: emit('debug') };
process.on('unhandledRejection', (reason) => post({ type: 'console', level: 'error', text: 'Unhandled rejection: ' + String(reason) }));
const describe = (err) => {
  if (err && typeof err === 'object' && err.lfReader) return { reader: err.lfReader };
  const isError = typeof err === 'object' && err !== null && 'message' in err;
  const text = isError ? (err.name ?? 'Error') + ': ' + err.message : 'Uncaught ' + (typeof err === 'string' ? JSON.stringify(err) : String(err));
  return { thrown: { text, name: isError ? String(err.name) : undefined, stack: isError ? String(err.stack ?? '') : '' } };
};
(async () => {
  const { entry, entryName, seed } = workerData;
  post({ type: 'started' });
  let outcome;
  try {
    const scenario = require(entry);
    if (typeof scenario.run !== 'function') {
      outcome = { reader: { kind: 'runtime', message: entryName + ' does not export a run() function.', file: entryName } };
    } else {
      const result = await scenario.run({ seed, onEvent: () => {} });
      outcome = !result || typeof result !== 'object' || !('verdict' in result)
        ? { reader: { kind: 'runtime', message: entryName + ': run() did not return a RunResult.', file: entryName } }
        : { result: JSON.parse(JSON.stringify(result)) };
    }
  } catch (err) {
    outcome = describe(err);
  }
  post({ type: 'done', outcome });
})();
`;
