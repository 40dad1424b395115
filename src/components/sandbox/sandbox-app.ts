// The sandbox, once it nears the viewport: editor tabs, persistence, Run / Reset / Show solution,
// output, verdict badge and timeline. Loaded lazily by sandbox-element.ts.
import { EditorView, fileState, markErrorLine, type EditorState } from './editor.ts';
import { sources } from './sources.ts';
import { rebaseImports, runFiles, storageKey, type Files } from '../../lib/sandbox-files.ts';
import { renderTimeline } from '../../lib/timeline.ts';
import { badgeForError, badgeForVerdict, type Badge } from '../../lib/verdict-text.ts';
import { logRows } from '../../lib/log-rows.ts';
import { formatTime } from '../../lib/log-format.ts';
import { getRunner, currentNotice, onNotice } from './runner-instance.ts';
import { isReaderError, type ConsoleLine, type RunOutcome } from '../../runtime/runner.ts';

interface FileInfo {
  /** Relative to the sandbox folder: 'job.ts', '../kit/lock.ts'. */
  name: string;
  /** Relative to sandboxes/. */
  path: string;
  editable: boolean;
  /** Relative to sandboxes/, when the solution ships this file. */
  solution?: string;
}

const ICON = {
  accepted: '<svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4M8 11.6v.8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>',
  ok: '<svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m5 8.2 2 2 4-4.4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
  warn: '<svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16"><circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 4.5v4.5M8 11v.8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>',
};

const mounted = new WeakSet<HTMLElement>();

export function mount(root: HTMLElement): void {
  if (mounted.has(root)) return;
  mounted.add(root);
  new SandboxApp(root);
}

class SandboxApp {
  readonly root: HTMLElement;
  readonly id: string;
  readonly entry: string;
  readonly seed: number;
  readonly files: FileInfo[];
  readonly view: EditorView;
  readonly mine = new Map<string, EditorState>();
  readonly solution = new Map<string, EditorState>();
  mode: 'mine' | 'solution' = 'mine';
  active: string;
  runs = 0;
  running = false;
  saveTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(root: HTMLElement) {
    this.root = root;
    this.id = root.dataset.sandbox!;
    this.entry = root.dataset.entry!;
    this.seed = Number(root.dataset.seed);
    this.files = JSON.parse(root.dataset.files ?? '[]') as FileInfo[];
    this.active = this.files[0]!.name;

    for (const f of this.files) this.mine.set(f.name, this.makeState(f, this.readMine(f), !f.editable));

    const host = this.q('[data-sandbox-editor]');
    host.querySelectorAll('[data-sandbox-static]').forEach((el) => el.remove());
    this.view = new EditorView({ state: this.mine.get(this.active)!, parent: host });

    this.root.querySelectorAll<HTMLButtonElement>('[data-sandbox-tab]').forEach((tab) => {
      tab.addEventListener('click', () => this.select(tab.dataset.file!));
      tab.addEventListener('keydown', (e) => this.tabKeys(e));
    });
    this.action('run').addEventListener('click', () => void this.run());
    this.action('reset').addEventListener('click', () => this.askReset());
    this.action('solution').addEventListener('click', () => this.toggleSolution());
    this.q<HTMLDialogElement>('[data-sandbox-dialog]').addEventListener('close', (e) => {
      if ((e.target as HTMLDialogElement).returnValue === 'reset') this.reset();
    });
    addEventListener('pagehide', () => this.flush());
    this.action('solution').hidden = !this.files.some((f) => f.solution && sources[f.solution] !== undefined);

    this.showNotice(currentNotice());
    onNotice((n) => this.showNotice(n));
    this.markEdited();
    getRunner().prewarm?.();
    this.root.dataset.state = 'ready';
    const pending = this.root.dataset.pendingAction;
    const since = Number(this.root.dataset.pendingSince);
    delete this.root.dataset.pendingAction;
    delete this.root.dataset.pendingSince;
    if (pending === 'run') void this.run(since); // the time includes loading the editor and the runner
    else if (pending === 'reset') this.askReset();
    else if (pending === 'solution') this.toggleSolution();
  }

  q<T extends Element = HTMLElement>(sel: string): T {
    const el = this.root.querySelector<T>(sel);
    if (!el) throw new Error(`sandbox ${this.id}: missing ${sel}`);
    return el;
  }
  action(name: string) {
    return this.q<HTMLButtonElement>(`[data-action="${name}"]`);
  }

  starter(f: FileInfo): string {
    return sources[f.path] ?? '';
  }
  readMine(f: FileInfo): string {
    if (!f.editable) return this.starter(f);
    try {
      return localStorage.getItem(storageKey(this.id, f.name)) ?? this.starter(f);
    } catch {
      return this.starter(f);
    }
  }

  makeState(f: FileInfo, doc: string, readOnly: boolean): EditorState {
    return fileState({
      doc,
      label: f.name,
      readOnly,
      onChange: readOnly ? undefined : (text) => this.scheduleSave(f, text),
    });
  }

  scheduleSave(f: FileInfo, text: string) {
    clearTimeout(this.saveTimers.get(f.name));
    this.saveTimers.set(f.name, setTimeout(() => this.save(f, text), 200));
  }
  save(f: FileInfo, text: string) {
    this.saveTimers.delete(f.name);
    try {
      if (text === this.starter(f)) localStorage.removeItem(storageKey(this.id, f.name));
      else localStorage.setItem(storageKey(this.id, f.name), text);
    } catch {
      /* storage full or blocked: the edit stays in the editor */
    }
    this.markEdited();
  }
  flush() {
    for (const f of this.files) {
      if (!this.saveTimers.has(f.name)) continue;
      clearTimeout(this.saveTimers.get(f.name));
      this.save(f, this.current(f));
    }
  }
  /** The reader's current text of a file (whatever the mode). */
  current(f: FileInfo): string {
    if (this.active === f.name && this.mode === 'mine') return this.view.state.doc.toString();
    return this.mine.get(f.name)!.doc.toString();
  }
  markEdited() {
    for (const f of this.files) {
      const tab = this.root.querySelector<HTMLElement>(`[data-sandbox-tab][data-file="${CSS.escape(f.name)}"]`);
      if (tab && f.editable) tab.toggleAttribute('data-edited', this.current(f) !== this.starter(f));
    }
  }

  stash() {
    (this.mode === 'mine' ? this.mine : this.solution).set(this.active, this.view.state);
  }

  select(name: string, focus = false) {
    if (name !== this.active) {
      this.stash();
      this.active = name;
      this.view.setState(this.stateFor(name));
    }
    this.root.querySelectorAll<HTMLButtonElement>('[data-sandbox-tab]').forEach((tab) => {
      const on = tab.dataset.file === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) tab.focus();
      if (on) this.q('[data-sandbox-editor]').setAttribute('aria-labelledby', tab.id);
    });
  }

  stateFor(name: string): EditorState {
    const f = this.files.find((x) => x.name === name)!;
    if (this.mode === 'solution' && f.solution && sources[f.solution] !== undefined) {
      let s = this.solution.get(name);
      if (!s) this.solution.set(name, (s = this.makeState(f, sources[f.solution]!, true)));
      return s;
    }
    return this.mine.get(name)!;
  }

  tabKeys(e: KeyboardEvent) {
    const names = this.files.map((f) => f.name);
    const i = names.indexOf(this.active);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? names.length - 1 : null;
    if (next === null) return;
    e.preventDefault();
    this.select(names[(next + names.length) % names.length]!, true);
  }

  toggleSolution() {
    this.stash();
    this.mode = this.mode === 'mine' ? 'solution' : 'mine';
    const on = this.mode === 'solution';
    const button = this.action('solution');
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? 'Back to my code' : 'Show solution';
    this.q('[data-sandbox-solution-banner]').hidden = !on;
    this.root.dataset.mode = this.mode;
    // Show an edited-by-the-solution file first.
    const changed = this.files.find((f) => f.solution && sources[f.solution] !== undefined);
    if (on && changed && !this.files.find((f) => f.name === this.active)?.solution) this.active = changed.name;
    this.view.setState(this.stateFor(this.active));
    this.select(this.active);
  }

  askReset() {
    const dialog = this.q<HTMLDialogElement>('[data-sandbox-dialog]');
    dialog.returnValue = '';
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else if (confirm('Reset every file of this sandbox to the starter code? Your edits will be lost.')) this.reset();
  }

  reset() {
    if (this.mode === 'solution') this.toggleSolution();
    for (const f of this.files) {
      if (!f.editable) continue;
      clearTimeout(this.saveTimers.get(f.name));
      this.saveTimers.delete(f.name);
      try {
        localStorage.removeItem(storageKey(this.id, f.name));
      } catch {
        /* ignore */
      }
      this.mine.set(f.name, this.makeState(f, this.starter(f), false));
    }
    this.view.setState(this.mine.get(this.active)!);
    this.markEdited();
    this.status('Reset to the starter code.');
  }

  status(text: string) {
    this.q('[data-sandbox-status]').textContent = text;
  }

  showNotice(text: string | null) {
    const el = this.q('[data-sandbox-notice]');
    el.hidden = !text;
    el.textContent = text ?? '';
  }

  async run(startedAt = performance.now()) {
    if (this.running) return;
    this.running = true;
    this.stash();
    this.flush();
    const overrides: Files = {};
    for (const f of this.files) {
      if (!f.editable) continue;
      overrides[f.name] = this.mode === 'solution' && f.solution && sources[f.solution] !== undefined ? rebaseImports(sources[f.solution]!, f.solution, f.path) : this.current(f);
    }
    const files = runFiles(sources, this.id, overrides);
    const button = this.action('run');
    button.setAttribute('aria-busy', 'true');
    this.root.dataset.state = 'running';
    this.status(this.mode === 'solution' ? 'Running the solution…' : 'Running…');
    const consoleList = this.q('[data-sandbox-console]');
    consoleList.replaceChildren();
    this.q('[data-sandbox-console-wrap]').hidden = true;
    markErrorLine(this.view, null);

    const consoleLines: ConsoleLine[] = [];
    let outcome: RunOutcome;
    try {
      outcome = await getRunner().run(
        { sandbox: this.id, files, entry: this.entry, seed: this.seed },
        {
          onConsole: (line) => {
            consoleLines.push(line);
            this.appendConsole(line);
          },
          onRunner: (info) => {
            this.root.dataset.runner = info.runner;
            if (info.notice) this.showNotice(info.notice);
          },
        },
      );
    } catch (err) {
      outcome = { kind: 'runtime', message: `The runner failed: ${String((err as Error)?.message ?? err)}` };
    }
    const ms = performance.now() - startedAt;
    this.runs += 1;
    // For tests and the curious: the last outcome, exactly as the runner returned it.
    (this.root as HTMLElement & { lastOutcome?: RunOutcome }).lastOutcome = outcome;
    this.render(outcome);
    this.root.dataset.runMs = ms.toFixed(1);
    // The first run, counted from whichever came first, the click or starting to load the editor,
    // runner, sources: what a reader waits for on a fresh page.
    if (this.runs === 1) this.root.dataset.firstRunMs = (performance.now() - Math.min(startedAt, Number(this.root.dataset.loadStart ?? startedAt))).toFixed(1);
    this.root.dataset.runs = String(this.runs);
    this.root.dataset.state = 'done';
    button.removeAttribute('aria-busy');
    const label = this.q('[data-sandbox-verdict]').textContent ?? '';
    this.status(`${this.mode === 'solution' ? 'Solution ran' : 'Ran'} with seed ${this.seed} in ${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`}${this.root.dataset.runner === 'webcontainer' ? ' (WebContainer)' : ''}: ${label}.`);
    this.running = false;
  }

  appendConsole(line: ConsoleLine) {
    this.q('[data-sandbox-console-wrap]').hidden = false;
    const li = document.createElement('li');
    li.className = `sbx-console-line sbx-level-${line.level}`;
    li.textContent = line.text;
    this.q('[data-sandbox-console]').append(li);
  }

  render(outcome: RunOutcome) {
    const result = this.q('[data-sandbox-result]');
    result.hidden = false;
    const log = this.q('[data-sandbox-log]');
    const timeline = this.q('[data-sandbox-timeline]');
    let badge: Badge;
    delete result.dataset.errorFile;
    delete result.dataset.errorLine;
    if (isReaderError(outcome)) {
      badge = badgeForError(outcome);
      log.replaceChildren();
      timeline.replaceChildren();
      this.q('[data-sandbox-log-wrap]').hidden = true;
      this.showError(outcome.file, outcome.line);
    } else {
      badge = badgeForVerdict(outcome.verdict);
      if (outcome.verdict.error) this.showError(outcome.verdict.error.file, outcome.verdict.error.line);
      this.q('[data-sandbox-log-wrap]').hidden = false;
      log.replaceChildren(
        ...logRows(outcome.trace).map((row) => {
          const li = document.createElement('li');
          li.className = `sbx-row sbx-kind-${row.kind}`;
          li.dataset.kind = row.kind;
          li.dataset.seq = String(row.seq);
          if (row.seq === outcome.verdict.decidedBy) li.dataset.decisive = '';
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
        }),
      );
      timeline.innerHTML = renderTimeline(outcome.trace, {
        idPrefix: `${this.id}-tl-${this.runs}`,
        title: `Timeline of this run of ${this.id} (seed ${outcome.seed})`,
        decidedBy: outcome.verdict.decidedBy,
      });
    }
    const el = this.q('[data-sandbox-verdict]');
    el.dataset.verdict = badge.kind;
    el.dataset.tone = badge.tone;
    el.innerHTML = `${badge.tone === 'danger' ? ICON.accepted : badge.tone === 'ok' ? ICON.ok : ICON.warn}<span>${escapeHtml(badge.label)}</span>`;
    this.q('[data-sandbox-detail]').textContent = badge.detail;
    this.root.dataset.verdict = badge.kind;
  }

  showError(file: string | undefined, line: number | undefined) {
    const result = this.q('[data-sandbox-result]');
    if (file) result.dataset.errorFile = file;
    if (line) result.dataset.errorLine = String(line);
    const f = file ? this.files.find((x) => x.path === file) : undefined;
    if (!f || !line) return;
    if (this.mode === 'solution' && f.editable) return;
    this.select(f.name);
    markErrorLine(this.view, line);
  }
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
