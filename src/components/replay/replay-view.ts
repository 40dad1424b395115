// <lf-replay>: one recorded run, stepped through a log row at a time. Buttons and keys
// (←/→ step, Home/End jump, while focus is inside) move the current row (aria-current="step")
// and the timeline's cursor together, and the position is announced politely. Escape, or its Close
// button, asks the page to close it (a bubbling `replay-close` event; the host hides it). The step
// logic is src/lib/replay.ts; this file only draws. Defined by the explore panel's and the
// sandbox's lazy chunks.
import replayStyles from './replay.css?inline';
import { adoptStyles } from '../lazy-css.ts';
import type { RunResult } from '../../../sandboxes/kit/types.ts';
import type { LogRow } from '../../../sandboxes/kit/log.ts';
import { traceToLog } from '../../../sandboxes/kit/log.ts';
import { formatTime } from '../../lib/log-format.ts';
import { renderTimeline } from '../../lib/timeline.ts';
import { laneNamesWidth } from './timeline-scroll.ts';
import { badgeForVerdict } from '../../lib/verdict-text.ts';
import {
  canStep,
  indexOfSeq,
  initialState,
  keyAction,
  positionText,
  step,
  type ReplayState,
  type StepAction,
} from '../../lib/replay.ts';
import { escapeHtml } from '../../lib/html.ts';
import { ICONS } from '../icons.ts';
import { replayText as text } from '../../lib/ui-strings.ts';

adoptStyles(replayStyles);

export interface ReplayShow {
  sandbox: string;
  /** The sandbox's title in words ('Adding a fencing token'), for the heading; the id when absent. */
  title?: string;
  /** What ran, for the heading: 'ttl-x3', 'your code', 'the starter files'. */
  label: string;
  seed: number;
  result: RunResult;
  /** The shareable address of this run. */
  link: string;
  /** A sentence about the link, shown next to it (e.g. that it replays the opener's own edits). */
  linkNote?: string;
  /** A sentence under the heading: what ran, when it is not what the opened link's words suggest. */
  note?: string;
  /** Show a Close button (Escape closes either way). */
  closable?: boolean;
  /** Repeat the verdict (badge and summary) in the heading; false where it is on show just above. */
  verdict?: boolean;
  /** Draw the timeline's long quiet stretches short (an explored schedule's pauses can last minutes). */
  shortenQuiet?: boolean;
}

/** Dispatched (bubbling) when the reader asks to close the replay: Escape or the Close button. */
export const REPLAY_CLOSE = 'replay-close';

let uid = 0;

export class LfReplay extends HTMLElement {
  /** The run on show, exactly as the worker returned it (tests compare its trace with the CLI's). */
  result: RunResult | null = null;
  #shortenQuiet = false;
  rows: LogRow[] = [];
  state: ReplayState = initialState(0);
  #id = `rp${++uid}`;
  #link = '';

  connectedCallback() {
    this.addEventListener('keydown', this.#onKey);
    this.addEventListener('click', this.#onClick);
  }

  show(run: ReplayShow) {
    this.result = run.result;
    this.#shortenQuiet = run.shortenQuiet ?? false;
    this.rows = traceToLog(run.result.trace);
    this.state = initialState(this.rows.length);
    this.#link = run.link;
    const badge = badgeForVerdict(run.result.verdict);
    const id = this.#id;
    this.dataset.seed = String(run.seed);
    this.dataset.verdict = run.result.verdict.kind;
    this.setAttribute('role', 'group');
    this.setAttribute('aria-labelledby', `${id}-title`);
    this.tabIndex = -1;
    const decided = run.result.verdict.decidedBy;
    // Which run, in the names of its regions too: a page can show two replays (explore and a sandbox).
    const which = `${run.title || run.sandbox}, ${run.label}, seed ${run.seed}`;
    this.innerHTML = `
      <div class="xp-rp-head">
        ${run.closable ? `<button type="button" class="btn xp-btn xp-rp-close" data-replay-close aria-describedby="${id}-title">${ICONS.close(14)}<span>${text.close}</span></button>` : ''}
        <p class="xp-rp-title" id="${id}-title">${escapeHtml(which)}</p>
        ${run.note ? `<p class="xp-rp-note" data-replay-note>${escapeHtml(run.note)}</p>` : ''}
        ${
          run.verdict === false
            ? ''
            : `<p class="xp-badge" data-tone="${badge.tone}">${escapeHtml(badge.label)}</p>
        <p class="xp-rp-summary">${escapeHtml(run.result.verdict.summary)}</p>`
        }
      </div>
      <div class="xp-rp-controls" role="group" aria-label="${text.controls}">
        <button type="button" class="btn xp-btn" data-replay-step="first">${ICONS.first(14)}<span>${text.first}</span></button>
        <button type="button" class="btn xp-btn" data-replay-step="prev">${ICONS.prev(14)}<span>${text.back}</span></button>
        <button type="button" class="btn xp-btn" data-replay-step="next">${ICONS.next(14)}<span>${text.forward}</span></button>
        <button type="button" class="btn xp-btn" data-replay-step="last">${ICONS.last(14)}<span>${text.last}</span></button>
        ${decided !== undefined ? `<button type="button" class="btn xp-btn" data-replay-step="decisive" data-seq="${decided}">${text.toDecisive}</button>` : ''}
      </div>
      <p class="xp-hint" id="${id}-hint">With focus in the replay: <kbd>←</kbd> and <kbd>→</kbd> step back and forward, <kbd>Home</kbd> and <kbd>End</kbd> go to the first and last event, <kbd>Esc</kbd> closes it.</p>
      <p class="xp-rp-position" aria-live="polite" aria-atomic="true" data-replay-position></p>
      <div class="xp-rp-timeline" data-replay-timeline tabindex="0" role="region" aria-label="${escapeHtml(text.timelineRegion(which))}"></div>
      <ol class="xp-rp-log" data-replay-log tabindex="0" aria-label="${escapeHtml(text.logRegion(which))}" aria-describedby="${id}-hint">${this.rows
        .map(
          (r, i) =>
            `<li class="xp-rp-row" data-index="${i}" data-seq="${r.seq}" data-kind="${escapeHtml(r.kind)}"${r.seq === decided ? ' data-decisive' : ''}><span class="xp-rp-t">${formatTime(r.t)}</span><span class="xp-rp-node">${escapeHtml(r.node)}</span><span class="xp-rp-msg">${escapeHtml(r.message)}</span></li>`,
        )
        .join('')}</ol>
      <div class="xp-rp-share">
        <button type="button" class="btn xp-btn" data-replay-copy>${ICONS.link(14)}<span>${text.copyLink}</span></button>
        <a class="xp-rp-link" href="${escapeHtml(run.link)}" data-replay-link>${escapeHtml(run.link)}</a>
        <span class="xp-rp-copied" role="status" data-replay-copied></span>
      </div>
      ${run.linkNote ? `<p class="xp-rp-link-note" data-replay-link-note>${escapeHtml(run.linkNote)}</p>` : ''}`;
    this.hidden = false;
    this.#render();
  }

  go(action: StepAction) {
    const next = step(this.state, action);
    if (next.index === this.state.index) return;
    this.state = next;
    this.#render();
  }

  #render() {
    const { index } = this.state;
    const row = this.rows[index];
    this.dataset.index = String(index);
    this.dataset.length = String(this.rows.length);
    const log = this.querySelector<HTMLOListElement>('[data-replay-log]')!;
    log.querySelector('[aria-current]')?.removeAttribute('aria-current');
    const li = log.children[index] as HTMLElement | undefined;
    if (li) {
      li.setAttribute('aria-current', 'step');
      // Keep the row in view inside the log, without scrolling the page.
      const top = li.offsetTop; // the log is the row's offsetParent (position: relative)
      if (top < log.scrollTop) log.scrollTop = Math.max(0, top - 8);
      else if (top + li.offsetHeight > log.scrollTop + log.clientHeight)
        log.scrollTop = top + li.offsetHeight - log.clientHeight + 8;
    }
    if (this.result) {
      this.querySelector('[data-replay-timeline]')!.innerHTML = renderTimeline(this.result.trace, {
        idPrefix: `${this.#id}-tl`,
        title: text.timelineTitle(this.result.seed, index + 1),
        decidedBy: this.result.verdict.decidedBy,
        highlightSeq: row?.seq,
        shortenQuiet: this.#shortenQuiet,
      });
    }
    this.#followCursor();
    const can = canStep(this.state);
    for (const b of this.querySelectorAll<HTMLButtonElement>('[data-replay-step]')) {
      const name = b.dataset.replayStep as keyof typeof can;
      // aria-disabled, not disabled: a button that just took the reader to the end keeps focus.
      if (name in can) b.setAttribute('aria-disabled', String(!can[name]));
    }
    // A polite live region: each step is announced, after whatever the reader is hearing.
    this.querySelector('[data-replay-position]')!.textContent = positionText(this.rows, this.state);
  }

  /** On narrow screens the timeline scrolls sideways: keep the cursor in view, right of the sticky lane names. */
  #followCursor() {
    const box = this.querySelector<HTMLElement>('[data-replay-timeline]');
    const svgEl = box?.querySelector<SVGSVGElement>('svg.tl');
    const line = svgEl?.querySelector('[data-cursor] line');
    if (!box || !svgEl || !line || box.scrollWidth <= box.clientWidth) return;
    const x = (Number(line.getAttribute('x1')) / svgEl.viewBox.baseVal.width) * svgEl.clientWidth;
    const names = laneNamesWidth(box);
    if (x < box.scrollLeft + names + 24 || x > box.scrollLeft + box.clientWidth - 24)
      box.scrollLeft = Math.max(0, x - names - (box.clientWidth - names) / 2);
  }

  #onKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const t = e.target as HTMLElement;
    if (t.closest('input, textarea, select, [contenteditable="true"]')) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      this.#close();
      return;
    }
    const action = keyAction(e.key);
    if (!action) return;
    e.preventDefault();
    this.go(action);
  };

  #onClick = (e: MouseEvent) => {
    const t = e.target as HTMLElement;
    const b = t.closest<HTMLButtonElement>('[data-replay-step]');
    if (b) {
      if (b.getAttribute('aria-disabled') === 'true') return;
      const name = b.dataset.replayStep!;
      if (name === 'decisive') this.go({ to: indexOfSeq(this.rows, Number(b.dataset.seq)) });
      else this.go(name as StepAction);
      return;
    }
    if (t.closest('[data-replay-copy]')) return void this.#copy();
    if (t.closest('[data-replay-close]')) return this.#close();
    const li = t.closest<HTMLElement>('.xp-rp-row');
    if (li) this.go({ to: Number(li.dataset.index) });
  };

  #close() {
    this.dispatchEvent(new CustomEvent(REPLAY_CLOSE, { bubbles: true }));
  }

  async #copy() {
    const note = this.querySelector('[data-replay-copied]')!;
    try {
      await navigator.clipboard.writeText(this.#link);
      note.textContent = text.copied;
    } catch {
      const a = this.querySelector('[data-replay-link]');
      if (a) getSelection()?.selectAllChildren(a);
      note.textContent = text.selectToCopy;
    }
    this.dataset.copied = this.#link;
  }
}

if (!customElements.get('lf-replay')) customElements.define('lf-replay', LfReplay);
