// The trace in words: one row per event, and a plain-text rendering with aligned columns.
// The lesson's split-brain log is built from this at build time.
import type { EventKind, NodeName, Time, TraceEvent } from './types.ts';

export interface LogRow {
  t: Time;
  node: NodeName;
  message: string;
  seq: number;
  kind: EventKind;
}

export interface LogOptions {
  /** Include every send and receive (drops are always shown). Default false: they are most of a trace. */
  network?: boolean;
}

export function seconds(t: Time): string {
  return `${(t / 1000).toFixed(3)} s`;
}

export function describeEvent(e: TraceEvent): string {
  switch (e.kind) {
    case 'start':
      return `${e.node} starts`;
    case 'done':
      return `${e.node} finished`;
    case 'grant':
      return `lease ${e.key} granted to ${e.holder}, token ${e.token}, expires at ${seconds(e.expiresAt)}`;
    case 'refuse':
      return `lease ${e.key} refused to ${e.holder}: held by ${e.heldBy}`;
    case 'renew':
      return `lease ${e.key} renewed for ${e.holder}, token ${e.token}, expires at ${seconds(e.expiresAt)}`;
    case 'renew-refused':
      return `renewal of ${e.key} refused to ${e.holder}: the lease is gone`;
    case 'expire':
      return `lease ${e.key} of ${e.holder} (token ${e.token}) expired`;
    case 'release':
      return `lease ${e.key} released by ${e.holder} (token ${e.token})`;
    case 'pause-start':
      return `${e.node} paused until ${seconds(e.until)}: it runs nothing`;
    case 'pause-end':
      return `${e.node} resumes`;
    case 'send':
      return `→ ${e.to}: ${e.msg}`;
    case 'receive':
      return `← ${e.from}: ${e.msg}`;
    case 'drop':
      return `✗ lost on the way to ${e.to}: ${e.msg}`;
    case 'write-accepted':
      return `put ${e.key} from ${e.writer} accepted${tokenNote(e.token, e.leaseToken)}${versionNote(e)}`;
    case 'write-rejected':
      return `put ${e.key} from ${e.writer} rejected${e.reason ? `: ${e.reason}` : tokenNote(e.token, e.leaseToken)}`;
    case 'read':
      return `get ${e.key} from ${e.reader}${e.token === undefined ? '' : ` (token ${e.token})`}: version ${e.version}`;
    case 'read-rejected':
      return `get ${e.key} from ${e.reader} refused${e.reason ? `: ${e.reason}` : ''}`;
    case 'register':
      return `token ${e.token} registered for ${e.key} by ${e.holder}`;
    case 'register-rejected':
      return `token ${e.token} for ${e.key} from ${e.holder} refused${e.reason ? `: ${e.reason}` : ''}`;
    case 'lost':
      return e.reason === 'deadline'
        ? `${e.node} gives up lease ${e.key}: no renewal acknowledged for a whole TTL (its keep-alive deadline passed)`
        : `${e.node} hears it lost lease ${e.key}`;
    case 'fault':
      return e.text;
    case 'log':
      return e.text;
    case 'error':
      return `error${e.file ? ` in ${e.file}${e.line ? `:${e.line}` : ''}` : ''}: ${e.message}`;
  }
}

function tokenNote(token: number | undefined, leaseToken: number | null): string {
  if (token === undefined)
    return leaseToken === null ? ' (no token)' : ` (no token; writer’s lease has token ${leaseToken})`;
  return token === leaseToken
    ? ` (token ${token})`
    : ` (token ${token}; writer’s lease has token ${leaseToken ?? 'none'})`;
}

/** Versioned store only: ", version 1 → 2", and which version the writer had read when it differs from the one replaced. */
function versionNote(e: { version?: number; replaced?: number; basedOn?: number | null }): string {
  if (e.version === undefined || e.replaced === undefined) return '';
  const read =
    e.basedOn !== undefined && e.replaced !== (e.basedOn ?? 0)
      ? ` (${e.basedOn === null ? 'it never read the key' : `it had read version ${e.basedOn}`})`
      : '';
  return `, version ${e.replaced} → ${e.version}${read}`;
}

export function traceToLog(trace: readonly TraceEvent[], options: LogOptions = {}): LogRow[] {
  const rows: LogRow[] = [];
  for (const e of trace) {
    if (!options.network && (e.kind === 'send' || e.kind === 'receive')) continue;
    rows.push({ t: e.t, node: e.node, message: describeEvent(e), seq: e.seq, kind: e.kind });
  }
  return rows;
}

/** Rows → text: right-aligned times, node names padded to the widest. */
export function formatLog(rows: readonly LogRow[]): string {
  const times = rows.map((r) => seconds(r.t));
  const timeWidth = Math.max(0, ...times.map((s) => s.length));
  const nodeWidth = Math.max(0, ...rows.map((r) => r.node.length));
  return rows.map((r, i) => `${times[i]!.padStart(timeWidth)}  ${r.node.padEnd(nodeWidth)}  ${r.message}`).join('\n');
}
