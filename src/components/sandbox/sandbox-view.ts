// What a sandbox run shows, as DOM: the log rows, a console line and the verdict badge. No state:
// sandbox-app.ts decides when; these decide how it looks.
import type { TraceEvent } from '../../../sandboxes/kit/types.ts';
import { traceToLog } from '../../../sandboxes/kit/log.ts';
import { formatTime } from '../../lib/log-format.ts';
import { escapeHtml } from '../../lib/html.ts';
import type { Badge } from '../../lib/verdict-text.ts';
import type { ConsoleLine } from '../../lib/run-outcome.ts';
import { ICONS } from '../icons.ts';

/** One <li> per log line of the trace; the line that decided the verdict is marked data-decisive. */
export function logRows(trace: readonly TraceEvent[], decidedBy: number | undefined): HTMLLIElement[] {
  return traceToLog(trace).map((row) => {
    const li = document.createElement('li');
    li.className = `sbx-row sbx-kind-${row.kind}`;
    li.dataset.kind = row.kind;
    li.dataset.seq = String(row.seq);
    if (row.seq === decidedBy) li.dataset.decisive = '';
    const t = document.createElement('span');
    t.className = 'sbx-t';
    t.textContent = formatTime(row.t);
    const node = document.createElement('span');
    node.className = 'sbx-node';
    node.textContent = row.node;
    const msg = document.createElement('span');
    msg.className = 'sbx-msg';
    msg.textContent = row.message;
    li.append(t, node, msg);
    return li;
  });
}

/** A line the reader's code printed, styled by its level. */
export function consoleRow(line: ConsoleLine): HTMLLIElement {
  const li = document.createElement('li');
  li.className = `sbx-console-line sbx-level-${line.level}`;
  li.textContent = line.text;
  return li;
}

/** Fills the verdict badge: an icon for its tone and the label. */
export function showBadge(el: HTMLElement, badge: Badge): void {
  el.dataset.verdict = badge.kind;
  el.dataset.tone = badge.tone;
  const icon = badge.tone === 'danger' ? ICONS.danger : badge.tone === 'ok' ? ICONS.ok : ICONS.warn;
  el.innerHTML = `${icon(16)}<span>${escapeHtml(badge.label)}</span>`;
}
