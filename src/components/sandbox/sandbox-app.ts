// The sandbox, once it nears the viewport: editor tabs, persistence, Run / Reset / Show solution,
// output, verdict badge and timeline, and "Step through this run" (the explore panel's <lf-replay>,
// in place of the timeline and log). A shared link to a Run (`schedule=default`) runs here again
// and opens stepped. Type errors in the reader's files, once they edit, checked in a worker
// (typecheck-client.ts) beside the run, never in its way. Loaded lazily by sandbox-element.ts.
import resultStyles from './sandbox-results.css?inline';
import { adoptStyles } from '../lazy-css.ts';
import { addRunMarkup } from './run-markup.ts';
import { EditorView, fileState, loadLint, markErrorLine, showProblems, withProblems, type EditorState } from './editor.ts';
import { sandboxes, sources } from '../../lib/sandbox-registry-browser.ts';
import type { SandboxFile } from '../../lib/sandbox-registry.ts';
import { rebaseImports, type Files } from '../../lib/sandbox-files.ts';
import { createEditsStore, type EditsStore } from '../../lib/sandbox-edits.ts';
import { browserStorage } from '../../lib/progress.ts';
import { formatDuration } from '../../lib/duration.ts';
import { renderTimeline } from '../../lib/timeline.ts';
import { scrollTimelineTo } from '../replay/timeline-scroll.ts';
import { badgeForError, badgeForVerdict, type Badge } from '../../lib/verdict-text.ts';
import { getRunner, currentNotice, onNotice } from './runner-instance.ts';
import { isReaderError, type ConsoleLine, type RunOutcome } from '../../lib/run-outcome.ts';
import type { RunResult } from '../../../sandboxes/kit/types.ts';
import { formatReplayLink, MY_CODE, sandboxReplayHash, type ReplayLink } from '../../lib/replay-url.ts';
import { pageReplayLink } from '../replay-link.ts';
import { linkFiles, OWN_EDITS_NOTE, runLink, SOLUTION, type EditableFile, type RunLink } from '../../lib/sandbox-replay.ts';
import { SandboxStepper } from './stepper.ts';
import { codeInFragment, decodeSharedCode, encodeSharedCode, fragmentWithCode, MAX_PAYLOAD, sharedFilesProblem } from '../../lib/share-code.ts';
import { ask } from '../dialog/confirm.ts';
import { consoleRow, logRows, showBadge } from './sandbox-view.ts';
import { tabKeyTarget } from '../tab-keys.ts';
import { pageTypeChecker } from '../../runtime/typecheck-client.ts';
import type { TypeProblem } from '../../lib/typecheck.ts';
import { showTypeProblems } from './type-problems.ts';

adoptStyles(resultStyles);


const mounted = new WeakSet<HTMLElement>();

/** What one Run runs, when it is not simply the editor's files: a shared link's. */
interface RunSpec {
  /** Editable file name → text. */
  files: Record<string, string>;
  seed: number;
  link: RunLink;
  /** The link's code payload, carried on when the run is shared again. */
  code?: string;
}

/** The last Run that produced a result, for "Step through this run" and its link. */
interface LastRun {
  result: RunResult;
  link: RunLink;
  /** The editable files as they ran, to notice edits made since. */
  files: Record<string, string>;
  /** The edited files as a shared link carries them (share-code.ts), when the run was the reader's own code or a shared link's. */
  code?: string;
  /** The code was too long to carry: the link replays the opener's own edits instead. */
  tooLong?: boolean;
}

/** What ran, when it came from a shared link's code. */
const SHARED_LABEL = 'code from a shared link';

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
  readonly files: readonly SandboxFile[];
  readonly view: EditorView;
  readonly mine = new Map<string, EditorState>();
  readonly solution = new Map<string, EditorState>();
  mode: 'mine' | 'solution' = 'mine';
  active: string;
  runs = 0;
  running = false;
  readonly edits: EditsStore;
  last: LastRun | null = null;
  readonly stepper = new SandboxStepper(this);
  /** The files of a shared link's code on show, until the reader loads them or runs their own. */
  shared: Record<string, string> | null = null;
  /** The debounce of the next type check; `typesStarted` once the reader's edits have asked for one. */
  typeTimer: ReturnType<typeof setTimeout> | undefined;
  typesStarted = false;

  /** How long typing must pause before the reader's code is type-checked again. */
  static readonly TYPE_CHECK_DEBOUNCE_MS = 500;

  constructor(root: HTMLElement) {
    this.root = root;
    addRunMarkup(root, sandboxes.get(root.dataset.sandbox!).files);
    this.id = root.dataset.sandbox!;
    this.entry = root.dataset.entry!;
    this.seed = Number(root.dataset.seed);
    this.files = sandboxes.get(this.id).files;
    this.active = this.files[0]!.name;
    this.edits = createEditsStore({
      sandbox: this.id,
      starters: this.starters(),
      storage: browserStorage(),
      onSave: () => this.markEdited(),
    });

    // A read-only file's editor state is made when its tab is first opened: each state parses its
    // file, and the kit's files are long (a first Run would wait for them).
    for (const f of this.files) if (f.editable || f.name === this.active) this.mine.set(f.name, this.makeState(f, this.readMine(f), !f.editable));

    const host = this.q('[data-sandbox-editor]');
    host.querySelectorAll('[data-sandbox-static]').forEach((el) => el.remove());
    this.view = new EditorView({ state: this.mine.get(this.active)!, parent: host });

    this.root.querySelectorAll<HTMLButtonElement>('[data-sandbox-tab]').forEach((tab) => {
      tab.addEventListener('click', () => this.select(tab.dataset.file!));
      tab.addEventListener('keydown', (e) => this.tabKeys(e));
    });
    this.action('run').addEventListener('click', () => void this.run());
    this.action('reset').addEventListener('click', () => void this.askReset());
    this.action('solution').addEventListener('click', () => this.toggleSolution());
    this.action('step').addEventListener('click', () => (this.stepOpen() ? this.closeStepper() : this.openStepper(true)));
    this.action('load-shared').addEventListener('click', () => void this.loadShared());
    addEventListener('pagehide', () => this.edits.flush());
    this.action('solution').hidden = !this.files.some((f) => f.solution && sources[f.solution] !== undefined);

    // The runner's notice (which engine runs the code, and why) is news about a run: shown from the
    // first Run on, it never pushes the editor or the page down while the reader is only reading.
    onNotice((n) => this.runs > 0 && this.showNotice(n));
    this.markEdited();
    getRunner().prewarm?.();
    // Edits kept from an earlier visit are checked once the page is idle: the reader edited them.
    if (this.files.some((f) => f.editable && this.current(f) !== this.starter(f))) {
      const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 2000));
      idle(() => this.scheduleTypeCheck(0));
    }
    this.root.dataset.state = 'ready';
    const pending = this.root.dataset.pendingAction;
    const since = Number(this.root.dataset.pendingSince);
    delete this.root.dataset.pendingAction;
    delete this.root.dataset.pendingSince;
    const check = pageReplayLink();
    if (check.kind === 'ok' && check.place.kind === 'sandbox' && check.link.sandbox === this.id) void this.replayLink(check.link);
    else if (pending === 'run') void this.run(since); // the time includes loading the editor and the runner
    else if (pending === 'reset') void this.askReset();
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

  starter(f: SandboxFile): string {
    return sources[f.path] ?? '';
  }
  readMine(f: SandboxFile): string {
    return f.editable ? this.edits.read(f.name) : this.starter(f);
  }

  makeState(f: SandboxFile, doc: string, readOnly: boolean): EditorState {
    return fileState({
      doc,
      label: f.name,
      readOnly,
      onChange: readOnly
        ? undefined
        : (text) => {
            this.edits.schedule(f.name, text);
            this.scheduleTypeCheck();
          },
    });
  }

  /** The reader's current text of a file (whatever the mode). */
  current(f: SandboxFile): string {
    if (this.active === f.name && this.mode === 'mine') return this.view.state.doc.toString();
    return this.mine.get(f.name)!.doc.toString();
  }
  markEdited() {
    for (const f of this.files) {
      const tab = this.root.querySelector<HTMLElement>(`[data-sandbox-tab][data-file="${CSS.escape(f.name)}"]`);
      if (tab && f.editable) tab.toggleAttribute('data-edited', this.edits.edited(f.name, this.current(f)));
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
    let mine = this.mine.get(name);
    if (!mine) this.mine.set(name, (mine = this.makeState(f, this.readMine(f), !f.editable)));
    return mine;
  }

  tabKeys(e: KeyboardEvent) {
    const names = this.files.map((f) => f.name);
    const i = names.indexOf(this.active);
    const next = tabKeyTarget(e.key, i, names.length);
    if (next === null) return;
    e.preventDefault();
    this.select(names[next]!, true);
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
    this.clearResult(on ? 'Showing the solution: Run runs it.' : 'Back to your code: Run runs it.');
    // Show an edited-by-the-solution file first.
    const changed = this.files.find((f) => f.solution && sources[f.solution] !== undefined);
    if (on && changed && !this.files.find((f) => f.name === this.active)?.solution) this.active = changed.name;
    this.view.setState(this.stateFor(this.active));
    this.select(this.active);
  }

  async askReset() {
    const title = this.q('.sbx-title').textContent ?? this.id;
    const yes = await ask(this.q('section'), 'data-sandbox-dialog', {
      title: `Reset “${title}”?`,
      body: 'Every file goes back to its starter code. Your edits to this sandbox will be lost.',
      confirm: 'Reset',
      cancel: 'Keep my edits',
    });
    if (yes) this.reset();
  }

  reset() {
    if (this.mode === 'solution') this.toggleSolution();
    this.edits.clear();
    for (const f of this.files) {
      if (f.editable) this.mine.set(f.name, this.makeState(f, this.starter(f), false));
    }
    this.view.setState(this.mine.get(this.active)!);
    this.markEdited();
    if (this.typesStarted) this.scheduleTypeCheck(0);
    this.status('Reset to the starter code.');
  }

  /** Takes away the last run's result: it belongs to code no longer on show. */
  clearResult(status: string) {
    if (this.q('[data-sandbox-result]').hidden) return;
    this.closeStepper();
    this.last = null;
    this.q('[data-sandbox-result]').hidden = true;
    this.q('[data-sandbox-step-bar]').hidden = true;
    this.q('[data-sandbox-verdict]').replaceChildren();
    this.q('[data-sandbox-detail]').textContent = '';
    delete this.root.dataset.verdict;
    markErrorLine(this.view, null);
    this.status(status);
  }

  status(text: string) {
    this.q('[data-sandbox-status]').textContent = text;
  }

  showNotice(text: string | null) {
    const el = this.q('[data-sandbox-notice]');
    el.hidden = !text;
    el.textContent = text ?? '';
  }

  /** The solution's text of a file, its imports rebased to the file's own place; undefined when it ships none. */
  solutionText(f: SandboxFile): string | undefined {
    return f.solution && sources[f.solution] !== undefined ? rebaseImports(sources[f.solution]!, f.solution, f.path) : undefined;
  }

  /** The editable files: starter, the reader's current text, the solution's. */
  editableFiles(): EditableFile[] {
    return this.files.filter((f) => f.editable).map((f) => ({ name: f.name, starter: this.starter(f), mine: this.current(f), solution: this.solutionText(f) }));
  }

  async run(startedAt = performance.now(), spec?: RunSpec) {
    if (this.running) return;
    this.running = true;
    this.stash();
    this.edits.flush();
    let overrides: Files = {};
    if (spec) overrides = spec.files;
    else {
      for (const f of this.files) {
        if (!f.editable) continue;
        overrides[f.name] = this.mode === 'solution' ? (this.solutionText(f) ?? this.current(f)) : this.current(f);
      }
    }
    const seed = spec?.seed ?? this.seed;
    const link = spec?.link ?? runLink(this.id, seed, this.mode, this.editableFiles());
    const files = sandboxes.get(this.id).runFiles(overrides);
    const button = this.action('run');
    button.setAttribute('aria-busy', 'true');
    this.root.dataset.state = 'running';
    this.status(spec ? `Running the shared run: ${link.label}, seed ${seed}…` : this.mode === 'solution' ? 'Running the solution…' : 'Running…');
    const consoleList = this.q('[data-sandbox-console]');
    consoleList.replaceChildren();
    this.q('[data-sandbox-console-wrap]').hidden = true;
    markErrorLine(this.view, null);

    const consoleLines: ConsoleLine[] = [];
    let outcome: RunOutcome;
    try {
      outcome = await getRunner().run(
        { sandbox: this.id, files, entry: this.entry, seed },
        {
          onConsole: (line) => {
            consoleLines.push(line);
            this.appendConsole(line);
          },
          onRunner: (info) => {
            this.root.dataset.runner = info.runner;
            this.showNotice(info.notice ?? currentNotice());
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
    this.last = isReaderError(outcome) ? null : { result: outcome, link, files: overrides, ...(await this.carried(link, overrides, spec)) };
    this.render(outcome);
    this.root.dataset.runMs = ms.toFixed(1);
    // The first run, counted from whichever came first, the click or starting to load the editor,
    // runner, sources: what a reader waits for on a fresh page.
    if (this.runs === 1) this.root.dataset.firstRunMs = (performance.now() - Math.min(startedAt, Number(this.root.dataset.loadStart ?? startedAt))).toFixed(1);
    this.root.dataset.runs = String(this.runs);
    this.root.dataset.state = 'done';
    button.removeAttribute('aria-busy');
    const label = this.q('[data-sandbox-verdict]').textContent ?? '';
    // The run's number, so a second Run with the same result visibly ran again.
    this.status(`Run ${this.runs}: ${spec ? `ran the shared run (${link.label})` : this.mode === 'solution' ? 'the solution ran' : 'ran'} with seed ${seed} in ${formatDuration(ms)}${this.root.dataset.runner === 'webcontainer' ? ' (WebContainer)' : ''}: ${label}.`);
    this.running = false;
  }

  /** The code a run's link carries: the reader's edits (or the shared code that ran), encoded once. */
  async carried(link: RunLink, files: Record<string, string>, spec?: RunSpec): Promise<Pick<LastRun, 'code' | 'tooLong'>> {
    if (spec?.code) return { code: spec.code };
    if (link.link.variant !== MY_CODE) return {};
    try {
      const code = await encodeSharedCode(files, this.starters());
      return code.length > MAX_PAYLOAD ? { tooLong: true } : { code };
    } catch {
      return {}; // no CompressionStream: the link replays the opener's own edits, and says so
    }
  }

  /** Editable file name → starter text. */
  starters(): Record<string, string> {
    return Object.fromEntries(this.files.filter((f) => f.editable).map((f) => [f.name, this.starter(f)]));
  }

  appendConsole(line: ConsoleLine) {
    this.q('[data-sandbox-console-wrap]').hidden = false;
    this.q('[data-sandbox-console]').append(consoleRow(line));
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
      log.replaceChildren(...logRows(outcome.trace, outcome.verdict.decidedBy));
      timeline.innerHTML = renderTimeline(outcome.trace, {
        idPrefix: `${this.id}-tl-${this.runs}`,
        title: `Timeline of this run of ${this.id} (seed ${outcome.seed})`,
        decidedBy: outcome.verdict.decidedBy,
      });
      this.revealDecisive();
    }
    showBadge(this.q('[data-sandbox-verdict]'), badge);
    this.q('[data-sandbox-detail]').textContent = badge.detail;
    this.root.dataset.verdict = badge.kind;
    this.q('[data-sandbox-step-bar]').hidden = !this.last;
    // An open step-through follows the latest run (or closes when there is nothing to step through).
    if (this.stepOpen()) {
      if (this.last) this.openStepper(false);
      else this.closeStepper();
    }
  }

  /**
   * On narrow screens the timeline scrolls sideways and the write that decided the verdict is far to
   * the right: bring it into view (the lane names stay put, so the marks keep their meaning).
   */
  revealDecisive() {
    const timeline = this.q('[data-sandbox-timeline]');
    const mark = timeline.querySelector('svg.tl .tl-decisive');
    if (timeline.hidden) return;
    if (mark) scrollTimelineTo(timeline, mark);
    else timeline.scrollLeft = 0;
  }

  hasRun(): boolean {
    return this.last !== null;
  }

  stepOpen(): boolean {
    return this.stepper.isOpen();
  }

  /** Opens (or refreshes) the step-through of the last run, in place of the static timeline and log. */
  openStepper(focus: boolean) {
    const last = this.last;
    if (!last) return;
    const anchor = sandboxReplayHash(this.id);
    const href = formatReplayLink(last.link.link, location.href, last.code ? fragmentWithCode(anchor, last.code) : anchor);
    this.stepper.open({ label: last.link.label, result: last.result, href, linkNote: this.linkNote(last) }, focus);
  }

  /** What to say next to the link: that it replays the opener's own edits, and whether those changed since. */
  linkNote(last: LastRun): string | undefined {
    if (last.code) return last.link.label === SHARED_LABEL ? 'This link carries the shared code: whoever opens it runs this exact code.' : 'This link carries your code as it ran: whoever opens it runs this exact code.';
    if (last.tooLong) return `Your code is too long to carry in a link (more than ${MAX_PAYLOAD.toLocaleString('en')} characters once packed). ${OWN_EDITS_NOTE}`;
    if (!last.link.usesOwnEdits) return undefined;
    // The reader's own files in that run: all of them, or under the solution those it does not ship.
    const own = (f: EditableFile) => last.link.link.variant !== SOLUTION || f.solution === undefined;
    const changed = this.editableFiles().some((f) => own(f) && f.mine !== last.files[f.name]);
    return changed ? `You have edited the code since this run: the link replays it as it is now. ${OWN_EDITS_NOTE}` : OWN_EDITS_NOTE;
  }

  closeStepper() {
    this.stepper.close();
  }

  /** A shared link to a Run of this sandbox: run those files with that seed, then step through it. */
  async replayLink(link: ReplayLink) {
    const payload = link.variant === MY_CODE ? codeInFragment(location.hash) : null;
    if (payload !== null) return this.replaySharedCode(link, payload);
    const chosen = linkFiles(link.variant, this.editableFiles());
    if (!chosen) {
      this.status(`This link asks for a version of ${this.id} named “${link.variant}”, which this sandbox cannot run.`);
      return;
    }
    const { files, ...about } = chosen;
    await this.run(performance.now(), { files, seed: link.seed, link: { link, ...about } });
    if (this.last) this.openStepper(true);
  }

  /** A link that carries code: decode it, refuse it with a sentence if it is broken, else run exactly it. */
  async replaySharedCode(link: ReplayLink, payload: string) {
    const decoded = await decodeSharedCode(payload, this.starters());
    const problem = decoded.ok ? sharedFilesProblem(decoded.files, Object.keys(this.starters()), this.id) : decoded.problem;
    if (problem || !decoded.ok) {
      this.showShared(problem ?? '', 'problem');
      this.status('The shared link’s code was not run.');
      this.root.scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
      return;
    }
    this.shared = decoded.files;
    const edited = Object.keys(decoded.files).filter((name) => decoded.files[name] !== this.starters()[name]);
    this.showShared(`The run below is code from a shared link${edited.length ? ` (its ${edited.join(' and ')})` : ''}, not your own. Your editor still holds your code.`, 'info');
    await this.run(performance.now(), { files: decoded.files, seed: link.seed, link: { link, label: SHARED_LABEL, usesOwnEdits: false }, code: payload });
    if (this.last) this.openStepper(true);
  }

  showShared(text: string, tone: 'info' | 'problem' | 'done') {
    const box = this.q('[data-sandbox-shared]');
    box.hidden = false;
    box.dataset.tone = tone;
    this.q('[data-sandbox-shared-text]').textContent = text;
    this.q('[data-sandbox-shared-actions]').hidden = tone !== 'info';
  }

  /** Puts the shared code in the reader's editor; asks first when that would replace edits of their own. */
  async loadShared() {
    const shared = this.shared;
    if (!shared) return;
    if (this.mode === 'solution') this.toggleSolution();
    this.stash();
    const lost = this.files.filter((f) => f.editable && this.current(f) !== this.starter(f) && this.current(f) !== shared[f.name]);
    if (lost.length) {
      const yes = await ask(this.q('section'), 'data-sandbox-dialog', {
        title: 'Replace your code with the shared code?',
        body: `Your edits to ${lost.map((f) => f.name).join(' and ')} will be replaced by the shared link’s code and lost.`,
        confirm: 'Replace my code',
        cancel: 'Keep my edits',
      });
      if (!yes) return void this.status('Kept your code; the shared code was not loaded.');
    }
    for (const f of this.files) {
      if (!f.editable || shared[f.name] === undefined) continue;
      this.mine.set(f.name, this.makeState(f, shared[f.name]!, false));
      this.edits.save(f.name, shared[f.name]!);
    }
    this.view.setState(this.mine.get(this.active)!);
    this.markEdited();
    this.scheduleTypeCheck(0);
    this.shared = null;
    this.showShared('The shared code is now in your editor: Run runs it, and your edits to it are saved in this browser.', 'done');
    this.status('Loaded the shared code into your editor.');
  }

  /** Checks the reader's files once typing pauses; a later keystroke restarts the wait. */
  scheduleTypeCheck(delay = SandboxApp.TYPE_CHECK_DEBOUNCE_MS) {
    this.typesStarted = true;
    clearTimeout(this.typeTimer);
    this.typeTimer = setTimeout(() => void this.typeCheck(), delay);
  }

  /** Type-checks the reader's own editable files (whatever is on show) and marks what it finds. */
  async typeCheck() {
    const editable = this.files.filter((f) => f.editable);
    const texts = Object.fromEntries(editable.map((f) => [f.name, this.current(f)]));
    this.root.dataset.typecheck = 'checking';
    const [result, lint] = await Promise.all([pageTypeChecker().check(this.id, sandboxes.get(this.id).runFiles(texts), editable.map((f) => f.path)), loadLint().catch(() => null)]);
    if (!result) return; // a newer check is on its way
    const box = this.q('[data-sandbox-types]');
    if (!result.ok) {
      this.root.dataset.typecheck = 'failed';
      showTypeProblems(box, { kind: 'failed', message: result.message }, () => {});
      return;
    }
    // Marks go only where the text is still what was checked; otherwise the next check will mark it.
    // (Without the lint module, say offline, the list below still shows them.)
    if (lint) {
      for (const f of editable) {
        if (this.current(f) !== texts[f.name]) continue;
        const problems = result.problems.filter((p) => p.path === f.path);
        if (this.mode === 'mine' && this.active === f.name) showProblems(lint, this.view, problems);
        else this.mine.set(f.name, withProblems(lint, this.mine.get(f.name)!, problems));
      }
    }
    const names = new Map(editable.map((f) => [f.path, f.name]));
    showTypeProblems(box, { kind: 'problems', problems: result.problems, names }, (p) => this.goToProblem(p));
    this.root.dataset.typeProblems = String(result.problems.length);
    this.root.dataset.typecheck = 'done';
  }

  /** "job.ts line 12" pressed: the reader's file, the cursor on the problem, focus in the editor. */
  goToProblem(p: TypeProblem) {
    const f = this.files.find((x) => x.path === p.path);
    if (!f) return;
    if (this.mode === 'solution') this.toggleSolution();
    this.select(f.name);
    const at = Math.min(p.from, this.view.state.doc.length);
    this.view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    this.view.focus();
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

