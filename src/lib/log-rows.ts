// Trace → log rows for the sandbox output and the lesson's log.
// TEMPORARY formatter until the kit's traceToLog lands; then this only adapts its rows.
import type { TraceEvent } from '../../sandboxes/kit/types.ts';

export interface LogRow {
  /** Virtual milliseconds. */
  t: number;
  node: string;
  message: string;
  seq: number;
  kind: TraceEvent['kind'];
}

function fmtT(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function message(e: TraceEvent): string {
  switch (e.kind) {
    case 'start': return 'starts';
    case 'done': return 'done';
    case 'grant': return `grants ${e.key} to ${e.holder} (token ${e.token}, expires at ${fmtT(e.expiresAt)})`;
    case 'refuse': return `refuses ${e.key} to ${e.holder}: held by ${e.heldBy}`;
    case 'renew': return `renews ${e.key} for ${e.holder} (token ${e.token}) until ${fmtT(e.expiresAt)}`;
    case 'renew-refused': return `refuses to renew ${e.key} for ${e.holder}`;
    case 'expire': return `lease on ${e.key} held by ${e.holder} (token ${e.token}) expires`;
    case 'release': return `${e.holder} releases ${e.key} (token ${e.token})`;
    case 'pause-start': return `pauses until ${fmtT(e.until)}`;
    case 'pause-end': return 'resumes';
    case 'send': return `sends ${e.msg} to ${e.to}`;
    case 'receive': return `receives ${e.msg} from ${e.from}`;
    case 'drop': return `message ${e.msg} to ${e.to} dropped`;
    case 'write-accepted':
    case 'write-rejected':
      return `${e.kind === 'write-accepted' ? 'ACCEPTED' : 'REJECTED'} write of ${e.key} from ${e.writer} (${e.token === undefined ? 'no token' : `token ${e.token}`})${e.reason ? `: ${e.reason}` : ''}`;
    case 'lost': return `lost ${e.key}`;
    case 'log': return e.text;
    case 'error': return `error: ${e.message}`;
  }
}

export function logRows(trace: readonly TraceEvent[]): LogRow[] {
  return trace.map((e) => ({ t: e.t, node: e.node, message: message(e), seq: e.seq, kind: e.kind }));
}
