// What a sandbox shows around its editor, as DOM: the status line, the runner notice, the result
// of a Run (verdict badge, console, log and timeline), the shared-code box, and the buttons'
// busy and pressed states. No decisions: sandbox-app.ts says when, run-controller.ts what a Run
// came to; these say how it looks. The stepper (stepper.ts) uses it as its host.
import type { TraceEvent } from '../../../sandboxes/kit/types.ts';
import { traceToLog } from '../../../sandboxes/kit/log.ts';
import { formatTime } from '../../lib/log-format.ts';
import { escapeHtml } from '../../lib/html.ts';
import { renderTimeline } from '../../lib/timeline.ts';
import type { Badge } from '../../lib/verdict-text.ts';
import { isReaderError, type ConsoleLine, type RunOutcome } from '../../lib/run-outcome.ts';
import { scrollTimelineTo } from '../replay/timeline-scroll.ts';
import { startHere } from '../replay/say-link-problem.ts';
import { ICONS } from '../icons.ts';
import type { StepperHost } from './stepper.ts';
import { sandboxText, shareText } from '../../lib/ui-strings.ts';

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

export class SandboxView implements StepperHost {
  readonly root: HTMLElement;
  readonly id: string;
  readonly hasRun: () => boolean;

  /** `hasRun`: whether the last Run has a result to step through (a reader error has none). */
  constructor(root: HTMLElement, hasRun: () => boolean) {
    this.root = root;
    this.id = root.dataset.sandbox!;
    this.hasRun = hasRun;
  }

  q<T extends Element = HTMLElement>(sel: string): T {
    const el = this.root.querySelector<T>(sel);
    if (!el) throw new Error(`sandbox ${this.id}: missing ${sel}`);
    return el;
  }
  action(name: string): HTMLButtonElement {
    return this.q<HTMLButtonElement>(`[data-action="${name}"]`);
  }

  status(text: string): void {
    this.q('[data-sandbox-status]').textContent = text;
  }

  showNotice(text: string | null): void {
    const el = this.q('[data-sandbox-notice]');
    el.hidden = !text;
    el.textContent = text ?? '';
  }

  /** The solution button, its banner and the mode the page's CSS reads. */
  showMode(mode: 'mine' | 'solution'): void {
    const on = mode === 'solution';
    const button = this.action('solution');
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? sandboxText.backToMine : sandboxText.showSolution;
    this.q('[data-sandbox-solution-banner]').hidden = !on;
    this.root.dataset.mode = mode;
  }

  /** A Run started: Run is busy, the console of the last one is gone. */
  showRunning(status: string): void {
    this.action('run').setAttribute('aria-busy', 'true');
    this.root.dataset.state = 'running';
    this.status(status);
    this.q('[data-sandbox-console]').replaceChildren();
    this.q('[data-sandbox-console-wrap]').hidden = true;
  }

  /** The Run is over (its result is shown already). */
  showDone(status: string): void {
    this.root.dataset.state = 'done';
    this.action('run').removeAttribute('aria-busy');
    this.status(status);
  }

  appendConsole(line: ConsoleLine): void {
    this.q('[data-sandbox-console-wrap]').hidden = false;
    this.q('[data-sandbox-console]').append(consoleRow(line));
  }

  hasResult(): boolean {
    return !this.q('[data-sandbox-result]').hidden;
  }

  /** Takes away the last Run's result (the caller closes the step-through first). */
  clearResult(): void {
    this.q('[data-sandbox-result]').hidden = true;
    this.q('[data-sandbox-step-bar]').hidden = true;
    this.q('[data-sandbox-verdict]').replaceChildren();
    this.q('[data-sandbox-detail]').textContent = '';
    delete this.root.dataset.verdict;
  }

  /** Shows a Run's result; `run` is its number on the page (the timeline's ids are unique per Run). */
  render(outcome: RunOutcome, badge: Badge, run: number): void {
    const result = this.q('[data-sandbox-result]');
    result.hidden = false;
    const log = this.q('[data-sandbox-log]');
    const timeline = this.q('[data-sandbox-timeline]');
    delete result.dataset.errorFile;
    delete result.dataset.errorLine;
    if (isReaderError(outcome)) {
      log.replaceChildren();
      timeline.replaceChildren();
      this.q('[data-sandbox-log-wrap]').hidden = true;
      this.markError(outcome.file, outcome.line);
    } else {
      if (outcome.verdict.error) this.markError(outcome.verdict.error.file, outcome.verdict.error.line);
      this.q('[data-sandbox-log-wrap]').hidden = false;
      log.replaceChildren(...logRows(outcome.trace, outcome.verdict.decidedBy));
      timeline.innerHTML = renderTimeline(outcome.trace, {
        idPrefix: `${this.id}-tl-${run}`,
        title: sandboxText.timelineTitle(this.id, outcome.seed),
        decidedBy: outcome.verdict.decidedBy,
      });
      this.revealDecisive();
    }
    showBadge(this.q('[data-sandbox-verdict]'), badge);
    this.q('[data-sandbox-detail]').textContent = badge.detail;
    this.root.dataset.verdict = badge.kind;
    this.q('[data-sandbox-step-bar]').hidden = !this.hasRun();
  }

  /** Where the reader's code failed, for tests and the curious (the editor marks the line). */
  markError(file: string | undefined, line: number | undefined): void {
    const result = this.q('[data-sandbox-result]');
    if (file) result.dataset.errorFile = file;
    if (line) result.dataset.errorLine = String(line);
  }

  /**
   * On narrow screens the timeline scrolls sideways and the write that decided the verdict is far to
   * the right: bring it into view (the lane names stay put, so the marks keep their meaning).
   */
  revealDecisive(): void {
    const timeline = this.q('[data-sandbox-timeline]');
    const mark = timeline.querySelector('svg.tl .tl-decisive');
    if (timeline.hidden) return;
    if (mark) scrollTimelineTo(timeline, mark);
    else timeline.scrollLeft = 0;
  }

  /**
   * The box about a shared link's code (what it is, a problem with it, or that it was loaded): 'info'
   * offers to load it; 'note' only says something.
   * `diff`: what the shared code changes, as lib/diff-html.ts writes it (summary and markup).
   */
  showShared(text: string, tone: 'info' | 'problem' | 'note', diff?: { summary: string; html: string }): void {
    const box = this.q('[data-sandbox-shared]');
    box.hidden = false;
    box.dataset.tone = tone;
    this.q('[data-sandbox-shared-text]').textContent = text;
    const changes = this.q<HTMLDetailsElement>('[data-sandbox-shared-diff]');
    changes.hidden = !diff;
    if (diff) {
      changes.open = false;
      changes.innerHTML = `<summary>${escapeHtml(shareText.changes(diff.summary))}</summary>${diff.html}`;
    }
    this.q('[data-sandbox-shared-actions]').hidden = tone !== 'info';
  }

  focusShared(): void {
    startHere(this.q('[data-sandbox-shared]'));
  }
}
