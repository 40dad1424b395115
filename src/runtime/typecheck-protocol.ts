// Messages between the page and the type-check worker (typecheck-worker.ts).
import type { Files } from '../lib/sandbox-files.ts';
import type { TypeProblem } from '../lib/typecheck.ts';

/** Check `check` (paths relative to sandboxes/) among `files`, the files of one run. */
export interface TypeCheckRequest {
  id: number;
  files: Files;
  check: string[];
}

export type TypeCheckReply =
  { id: number; ok: true; problems: TypeProblem[] } | { id: number; ok: false; message: string };
