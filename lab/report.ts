// What a lab run leaves behind: a standalone HTML page with the site's own timeline drawing
// (src/lib/timeline.ts, the site's colours) and the committed recording the lesson renders.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatLog, traceToLog } from '../sandboxes/kit/log.ts';
import type { TraceEvent, Verdict } from '../sandboxes/kit/types.ts';
import { renderTimeline } from '../src/lib/timeline.ts';
import type { Pause } from './run.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RECORDINGS = join(ROOT, 'lab', 'recordings');

/** A recorded real run, as committed under lab/recordings/ and drawn by the lesson. */
export interface Recording {
  sandbox: string;
  files: 'starter' | 'solution';
  command: string;
  recordedAt: string;
  etcdVersion: string;
  /** Members of the etcd cluster (absent in older recordings: one). */
  etcdMembers?: number;
  postgresVersion: string;
  /** Lesson ms per real ms. */
  scale: number;
  pause: Pause | null;
  verdict: Verdict;
  simulatorVerdict: Verdict;
  trace: TraceEvent[];
}

export const recordingPath = (sandbox: string, files: Recording['files']) =>
  join(RECORDINGS, `${sandbox}-${files}.json`);

export function writeRecording(recording: Recording): string {
  const path = recordingPath(recording.sandbox, recording.files);
  writeFileSync(path, `${JSON.stringify(recording, null, 1)}\n`);
  return path;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function htmlPage(
  title: string,
  caption: string,
  verdict: Verdict,
  trace: readonly TraceEvent[],
  scale: number,
): string {
  const tokens =
    /:root\s*\{[\s\S]*?\n\}/.exec(readFileSync(join(ROOT, 'src', 'styles', 'global.css'), 'utf8'))?.[0] ?? '';
  const timelineCss = readFileSync(join(ROOT, 'src', 'components', 'sandbox', 'timeline.css'), 'utf8');
  const svg = renderTimeline(trace, {
    title,
    decidedBy: verdict.decidedBy,
    idPrefix: 'lab',
    timeAxis: `lesson time (real run, ${scale}x faster)`,
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${tokens}
body { font: 15px/1.5 var(--font-sans); background: var(--bg); color: var(--fg); max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
pre { background: var(--code-bg); padding: 0.75rem; overflow-x: auto; font: 13px/1.45 var(--font-mono); }
${timelineCss}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(caption)}</p>
<p><strong>${esc(verdict.kind)}</strong>: ${esc(verdict.summary)}</p>
<div class="sbx-timeline">${svg}</div>
<h2>Log</h2><pre>${esc(formatLog(traceToLog(trace)))}</pre>
</body></html>
`;
}
