// The sandbox once it nears the viewport: wires the editor and its tabs (editor-tabs.ts), the
// reader's saved edits (lib/sandbox-edits.ts), Runs and type checks (run-controller.ts), what the
// page shows (sandbox-view.ts) and "Step through this run" (stepper.ts) to the buttons, and answers
// Reset, Show solution and a shared link to a Run (`schedule=default`), which runs here again and
// opens stepped. Loaded lazily by sandbox-element.ts.
import resultStyles from './sandbox-results.css?inline';
import { adoptStyles } from '../lazy-css.ts';
import { addRunMarkup } from './run-markup.ts';
import { loadLint } from './editor.ts';
import { EditorTabs, type EditorMode } from './editor-tabs.ts';
import { RunController, type LastRun, type RunPlan, type TypeCheckReport } from './run-controller.ts';
import { SandboxView } from './sandbox-view.ts';
import { SandboxStepper } from './stepper.ts';
import { showTypeProblems } from './type-problems.ts';
import { getRunner, currentNotice, onNotice } from './runner-instance.ts';
import { sandboxes, sources } from '../../lib/sandbox-registry-browser.ts';
import type { SandboxFile } from '../../lib/sandbox-registry.ts';
import { createEditsStore, type EditsStore } from '../../lib/sandbox-edits.ts';
import { browserStorage } from '../../lib/progress.ts';
import { formatReplayLink, MY_CODE, sandboxReplayHash, type ReplayLink } from '../../lib/replay-url.ts';
import { linkFiles, runLink, SOLUTION, type EditableFile } from '../../lib/sandbox-replay.ts';
import { confirmText, ownEditsNote, runLabel, sandboxText, shareText } from '../../lib/ui-strings.ts';
import {
  codeInFragment,
  decodeSharedCode,
  fragmentWithCode,
  MAX_PAYLOAD,
  sharedFilesProblem,
} from '../../lib/share-code.ts';
import { isReaderError, type RunOutcome } from '../../lib/run-outcome.ts';
import { diffSummary, fileDiff } from '../../lib/diff-html.ts';
import type { TypeProblem } from '../../lib/typecheck.ts';
import { pageTypeChecker } from '../../runtime/typecheck-client.ts';
import { pageReplayLink } from '../replay-link.ts';
import { ask } from '../dialog/confirm.ts';

adoptStyles(resultStyles);

const mounted = new WeakSet<HTMLElement>();

export function mount(root: HTMLElement): void {
  if (mounted.has(root)) return;
  mounted.add(root);
  new SandboxApp(root);
}

class SandboxApp {
  readonly root: HTMLElement;
  readonly id: string;
  readonly seed: number;
  readonly files: readonly SandboxFile[];
  readonly edits: EditsStore;
  readonly editor: EditorTabs;
  readonly view: SandboxView;
  readonly runs: RunController;
  readonly stepper: SandboxStepper;
  last: LastRun | null = null;
  /** The files of a shared link's code on offer, until the reader loads them; with what they change. */
  shared: Record<string, string> | null = null;
  sharedDiff: { summary: string; html: string } | undefined;
  /** What ran for the link the page was opened with, when its words suggest otherwise; until the reader's own Run. */
  openedNote: string | null = null;

  constructor(root: HTMLElement) {
    this.root = root;
    this.id = root.dataset.sandbox!;
    const sandbox = sandboxes.get(this.id);
    addRunMarkup(root, sandbox.files);
    this.seed = Number(root.dataset.seed);
    this.files = sandbox.files;
    const editable = this.files.filter((f) => f.editable);
    const starters = Object.fromEntries(editable.map((f) => [f.name, sources[f.path] ?? '']));
    this.edits = createEditsStore({
      sandbox: this.id,
      starters,
      storage: browserStorage(),
      onSave: () => this.editor.markEdited(),
    });
    this.view = new SandboxView(root, () => this.last !== null);
    this.stepper = new SandboxStepper(this.view);
    this.editor = new EditorTabs({
      root,
      files: this.files,
      sources,
      edits: this.edits,
      onEdit: (f, text) => {
        this.edits.schedule(f.name, text);
        this.runs.scheduleTypeCheck();
      },
    });
    this.runs = new RunController({
      sandbox: this.id,
      entry: root.dataset.entry!,
      runner: getRunner,
      runFiles: (overrides) => sandbox.runFiles(overrides),
      starters,
      editablePaths: editable.map((f) => f.path),
      checker: pageTypeChecker,
      texts: () => Object.fromEntries(editable.map((f) => [f.name, this.editor.current(f)])),
      onTypes: (report) => void this.showTypes(report),
    });

    this.view.action('run').addEventListener('click', () => void this.run());
    this.view.action('reset').addEventListener('click', () => void this.askReset());
    this.view.action('solution').addEventListener('click', () => this.toggleSolution());
    this.view
      .action('step')
      .addEventListener('click', () => (this.stepper.isOpen() ? this.stepper.close() : this.openStepper(true)));
    this.view.action('load-shared').addEventListener('click', () => void this.loadShared());
    addEventListener('pagehide', () => this.edits.flush());
    this.view.action('solution').hidden = !this.files.some((f) => this.editor.hasSolution(f));

    // The runner's notice (which engine runs the code, and why) is news about a run: shown from the
    // first Run on, it never pushes the editor or the page down while the reader is only reading.
    onNotice((n) => this.runs.runs > 0 && this.view.showNotice(n));
    this.editor.markEdited();
    getRunner().prewarm?.();
    // Edits kept from an earlier visit are checked once the page is idle: the reader edited them.
    if (editable.some((f) => this.editor.current(f) !== this.editor.starter(f))) {
      const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 2000));
      idle(() => this.runs.scheduleTypeCheck(0));
    }
    this.root.dataset.state = 'ready';
    const pending = this.root.dataset.pendingAction;
    const since = Number(this.root.dataset.pendingSince);
    delete this.root.dataset.pendingAction;
    delete this.root.dataset.pendingSince;
    const check = pageReplayLink();
    if (check.kind === 'ok' && check.place.kind === 'sandbox' && check.link.sandbox === this.id)
      void this.replayLink(check.link);
    if (check.kind === 'code' && check.place.sandbox === this.id) void this.offerSharedCode(check.payload);
    else if (pending === 'run')
      void this.run(since); // the time includes loading the editor and the runner
    else if (pending === 'reset') void this.askReset();
    else if (pending === 'solution') this.toggleSolution();
  }

  get mode(): EditorMode {
    return this.editor.mode;
  }

  editableFiles(): EditableFile[] {
    return this.editor.editableFiles();
  }

  toggleSolution() {
    this.editor.stash();
    const mode = this.mode === 'mine' ? 'solution' : 'mine';
    this.view.showMode(mode);
    this.clearResult(mode === 'solution' ? sandboxText.solutionShown : sandboxText.mineShown);
    this.editor.setMode(mode);
  }

  async askReset() {
    const title = this.view.q('.sbx-title').textContent ?? this.id;
    const yes = await ask(this.view.q('section'), 'data-sandbox-dialog', confirmText.reset(title));
    if (yes) this.reset();
  }

  reset() {
    if (this.mode === 'solution') this.toggleSolution();
    this.edits.clear();
    this.editor.replaceMine(this.runs.options.starters);
    if (this.runs.typesStarted) this.runs.scheduleTypeCheck(0);
    this.view.status(sandboxText.resetDone);
  }

  /** Takes away the last run's result: it belongs to code no longer on show. */
  clearResult(status: string) {
    if (!this.view.hasResult()) return;
    this.stepper.close();
    this.last = null;
    this.view.clearResult();
    this.editor.clearErrorLine();
    this.view.status(status);
  }

  /** Runs the editor's files (the reader's or the solution's), or a shared link's when `plan` says so. */
  async run(startedAt = performance.now(), plan?: RunPlan) {
    if (this.runs.running) return;
    this.editor.stash();
    this.edits.flush();
    if (!plan) {
      this.openedNote = null;
      // The box above still offers the shared code, but the run below is no longer it.
      if (this.shared)
        this.view.showShared(
          shareText.ownRunSince(this.mode === 'solution' ? runLabel.solution : 'your own code'),
          'info',
          this.sharedDiff,
        );
      const files = Object.fromEntries(
        this.editableFiles().map((f) => [f.name, this.mode === 'solution' ? (f.solution ?? f.mine) : f.mine]),
      );
      plan = {
        files,
        seed: this.seed,
        link: runLink(this.id, this.seed, this.mode, this.editableFiles()),
        source: this.mode,
      };
    }
    this.view.showRunning(this.runs.startStatus(plan));
    this.editor.clearErrorLine();
    const report = await this.runs.run(
      plan,
      {
        onConsole: (line) => this.view.appendConsole(line),
        onRunner: (info) => {
          this.root.dataset.runner = info.runner;
          this.view.showNotice(info.notice ?? currentNotice());
        },
      },
      startedAt,
    );
    if (!report) return;
    // For tests and the curious: the last outcome, exactly as the runner returned it.
    (this.root as HTMLElement & { lastOutcome?: RunOutcome }).lastOutcome = report.outcome;
    this.last = report.last;
    this.view.render(report.outcome, report.badge, report.number);
    const at = isReaderError(report.outcome) ? report.outcome : report.outcome.verdict.error;
    if (at?.file && at.line) this.editor.showErrorLine(at.file, at.line);
    // An open step-through follows the latest run (or closes when there is nothing to step through).
    if (this.stepper.isOpen()) {
      if (this.last) this.openStepper(false);
      else this.stepper.close();
    }
    this.root.dataset.runMs = report.ms.toFixed(1);
    // The first run, counted from whichever came first, the click or starting to load the editor,
    // runner, sources: what a reader waits for on a fresh page.
    if (report.number === 1)
      this.root.dataset.firstRunMs = (
        performance.now() - Math.min(startedAt, Number(this.root.dataset.loadStart ?? startedAt))
      ).toFixed(1);
    this.root.dataset.runs = String(report.number);
    this.view.showDone(report.status);
  }

  /** Opens (or refreshes) the step-through of the last run, in place of the static timeline and log. */
  openStepper(focus: boolean) {
    const last = this.last;
    if (!last) return;
    const anchor = sandboxReplayHash(this.id);
    const href = formatReplayLink(
      last.link.link,
      location.href,
      last.code ? fragmentWithCode(anchor, last.code) : anchor,
    );
    this.stepper.open(
      {
        label: last.link.label,
        result: last.result,
        href,
        linkNote: this.linkNote(last),
        note: this.openedNote ?? undefined,
      },
      focus,
    );
  }

  /** What to say next to the link: that it replays the opener's own edits, and whether those changed since. */
  linkNote(last: LastRun): string | undefined {
    if (last.code) return last.link.label === runLabel.shared ? shareText.carriesShared : shareText.carriesMine;
    if (last.tooLong) return shareText.tooLong(MAX_PAYLOAD);
    if (!last.link.usesOwnEdits) return undefined;
    // The reader's own files in that run: all of them, or under the solution those it does not ship.
    const own = (f: EditableFile) => last.link.link.variant !== SOLUTION || f.solution === undefined;
    const changed = this.editableFiles().some((f) => own(f) && f.mine !== last.files[f.name]);
    return changed ? shareText.editedSince : ownEditsNote;
  }

  /** A shared link to a Run of this sandbox: run those files with that seed, then step through it. */
  async replayLink(link: ReplayLink) {
    const payload = codeInFragment(location.hash);
    if (link.variant === MY_CODE && payload !== null) return this.replaySharedCode(link, payload);
    const chosen = linkFiles(link.variant, this.editableFiles());
    if (!chosen) {
      this.view.status(sandboxText.unknownVersion(this.id, link.variant ?? ''));
      return;
    }
    const { files, ...about } = chosen;
    // "Your code" opened where nothing is edited ran the starter files: its link (shared on) says so too,
    // rather than carry an empty payload as if it were someone's code.
    const ran = link.variant === MY_CODE && !about.usesOwnEdits ? { ...link, variant: undefined } : link;
    // Say what ran when it is not what the link's words suggest: someone else's code is not in it. (In the
    // step-through's heading, where the reader lands; beside Run when the run ends with no trace to step through.)
    this.openedNote =
      link.variant === MY_CODE ? shareText.noCode : payload !== null ? shareText.codeNotAsked(about.label) : null;
    await this.run(performance.now(), { files, seed: link.seed, link: { link: ran, ...about }, source: 'shared' });
    if (this.last) this.openStepper(true);
    else if (this.openedNote) this.view.showShared(this.openedNote, 'note');
  }

  /** A link that carries code: decode it, refuse it with a sentence if it is broken, else run exactly it. */
  async replaySharedCode(link: ReplayLink, payload: string) {
    const files = await this.readSharedCode(payload, shareText.sharedRun);
    if (!files) return;
    await this.run(performance.now(), {
      files,
      seed: link.seed,
      link: { link, label: runLabel.shared, usesOwnEdits: false },
      source: 'shared',
      code: payload,
    });
    if (this.last) this.openStepper(true);
  }

  /** Code from a link that lost its run (`#replay-<id>&code=…` without `?replay=`): offered, not run. */
  async offerSharedCode(payload: string) {
    if (await this.readSharedCode(payload, shareText.codeWithoutRun)) this.showSharedBox();
  }

  /** The sandbox in view from its top, and Tab's next stop in the box about the link's code. */
  showSharedBox() {
    this.root.scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
    this.view.focusShared();
  }

  /**
   * Decodes a link's code and puts it on offer (what it changes, and a button to load it), saying
   * `say(edited files)` above it; or refuses it with a sentence. The files, or null when refused.
   */
  async readSharedCode(payload: string, say: (edited: string[]) => string): Promise<Record<string, string> | null> {
    const starters = this.runs.options.starters;
    const decoded = await decodeSharedCode(payload, starters);
    const problem = decoded.ok ? sharedFilesProblem(decoded.files, Object.keys(starters), this.id) : decoded.problem;
    if (problem || !decoded.ok) {
      this.view.showShared(problem ?? '', 'problem');
      this.view.status(shareText.notRun);
      this.showSharedBox();
      return null;
    }
    this.shared = decoded.files;
    const edited = Object.keys(decoded.files).filter((name) => decoded.files[name] !== starters[name]);
    // The code itself, compared with the starter, to read without loading it over the reader's own.
    const diffs = edited.map((name) => fileDiff(name, starters[name] ?? '', decoded.files[name]!));
    this.sharedDiff = diffs.length
      ? { summary: diffSummary(diffs), html: diffs.map((d) => d.html).join('') }
      : undefined;
    this.view.showShared(say(edited), 'info', this.sharedDiff);
    return decoded.files;
  }

  /** Puts the shared code in the reader's editor; asks first when that would replace edits of their own. */
  async loadShared() {
    const shared = this.shared;
    if (!shared) return;
    if (this.mode === 'solution') this.toggleSolution();
    this.editor.stash();
    const lost = this.editableFiles().filter((f) => f.mine !== f.starter && f.mine !== shared[f.name]);
    if (lost.length) {
      const replace = confirmText.replaceWithShared(lost.map((f) => f.name));
      if (!(await ask(this.view.q('section'), 'data-sandbox-dialog', replace)))
        return void this.view.status(shareText.keptMine);
    }
    this.editor.replaceMine(shared);
    for (const f of this.files)
      if (f.editable && shared[f.name] !== undefined) this.edits.save(f.name, shared[f.name]!);
    this.runs.scheduleTypeCheck(0);
    this.shared = null;
    this.view.showShared(shareText.loadedBox, 'note');
    this.view.status(shareText.loaded);
  }

  /** A type check started or ended: the box under Run, the marks in the editor, and data-typecheck. */
  async showTypes(report: TypeCheckReport) {
    // The lint module loads beside the first check rather than with the editor (most readers never need it).
    const lint = loadLint().catch(() => null);
    if (report.kind === 'checking') {
      this.root.dataset.typecheck = 'checking';
      return;
    }
    const { result, texts } = report;
    const box = this.view.q('[data-sandbox-types]');
    if (!result.ok) {
      this.root.dataset.typecheck = 'failed';
      showTypeProblems(box, { kind: 'failed', message: result.message }, () => {});
      return;
    }
    // Marks go only where the text is still what was checked; otherwise the next check will mark it.
    // (Without the lint module, say offline, the list below still shows them.)
    const loaded = await lint;
    if (loaded) this.editor.markProblems(loaded, result.problems, texts);
    const names = new Map(this.files.filter((f) => f.editable).map((f) => [f.path, f.name]));
    showTypeProblems(box, { kind: 'problems', problems: result.problems, names }, (p) => this.goToProblem(p));
    this.root.dataset.typeProblems = String(result.problems.length);
    this.root.dataset.typecheck = 'done';
  }

  /** "job.ts line 12" pressed: the reader's file, the cursor on the problem, focus in the editor. */
  goToProblem(p: TypeProblem) {
    if (!this.files.some((x) => x.path === p.path)) return;
    if (this.mode === 'solution') this.toggleSolution();
    this.editor.goTo(p);
  }
}
