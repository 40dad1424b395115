// Trace → log rows: the kit's own formatter, so the lesson, the sandbox output and the CLI read alike.
export { traceToLog as logRows } from '../../sandboxes/kit/index.ts';
export type { LogRow } from '../../sandboxes/kit/index.ts';
