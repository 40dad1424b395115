// The sandbox's editor and its file tabs: which file is on show, the reader's text of each file or
// the solution's (read-only), arrow keys between the tabs, the "edited" mark on a tab, and the type
// checker's problems and a run's error line marked in the text. Each file's text lives in a
// CodeMirror state, made when its tab is first opened; what the reader typed is saved by the edits
// store (lib/sandbox-edits.ts), read here once per file. editor.ts is the CodeMirror set-up.
import {
  EditorView,
  fileState,
  markErrorLine,
  showProblems,
  withProblems,
  type EditorState,
  type Lint,
} from './editor.ts';
import { rebaseImports } from '../../lib/sandbox-files.ts';
import type { SandboxFile } from '../../lib/sandbox-registry.ts';
import type { EditsStore } from '../../lib/sandbox-edits.ts';
import type { EditableFile } from '../../lib/sandbox-replay.ts';
import type { TypeProblem } from '../../lib/typecheck.ts';
import { tabKeyTarget } from '../tab-keys.ts';

export type EditorMode = 'mine' | 'solution';

export interface EditorTabsOptions {
  root: HTMLElement;
  files: readonly SandboxFile[];
  /** Every sandbox source, keyed relative to sandboxes/. */
  sources: Record<string, string>;
  edits: EditsStore;
  /** The reader changed an editable file's text. */
  onEdit: (file: SandboxFile, text: string) => void;
}

export class EditorTabs {
  readonly root: HTMLElement;
  readonly files: readonly SandboxFile[];
  readonly sources: Record<string, string>;
  readonly edits: EditsStore;
  readonly onEdit: (file: SandboxFile, text: string) => void;
  readonly view: EditorView;
  readonly mine = new Map<string, EditorState>();
  readonly solution = new Map<string, EditorState>();
  mode: EditorMode = 'mine';
  active: string;

  constructor({ root, files, sources, edits, onEdit }: EditorTabsOptions) {
    this.root = root;
    this.files = files;
    this.sources = sources;
    this.edits = edits;
    this.onEdit = onEdit;
    this.active = files[0]!.name;
    // A read-only file's editor state is made when its tab is first opened: each state parses its
    // file, and the kit's files are long (a first Run would wait for them).
    for (const f of files)
      if (f.editable || f.name === this.active) this.mine.set(f.name, this.makeState(f, this.readMine(f), !f.editable));

    const host = this.editorHost();
    // A reader who tabbed onto the static code while this loaded keeps their place: in the editor.
    const hadFocus = host.contains(document.activeElement);
    host.querySelectorAll('[data-sandbox-static]').forEach((el) => el.remove());
    this.view = new EditorView({ state: this.mine.get(this.active)!, parent: host });
    if (hadFocus) this.view.contentDOM.focus({ preventScroll: true });
    root.querySelectorAll<HTMLButtonElement>('[data-sandbox-tab]').forEach((tab) => {
      tab.addEventListener('click', () => this.select(tab.dataset.file!));
      tab.addEventListener('keydown', (e) => this.tabKeys(e));
    });
  }

  editorHost(): HTMLElement {
    return this.root.querySelector<HTMLElement>('[data-sandbox-editor]')!;
  }

  starter(f: SandboxFile): string {
    return this.sources[f.path] ?? '';
  }
  readMine(f: SandboxFile): string {
    return f.editable ? this.edits.read(f.name) : this.starter(f);
  }
  /** Whether the sandbox ships a solution of this file. */
  hasSolution(f: SandboxFile): boolean {
    return !!f.solution && this.sources[f.solution] !== undefined;
  }
  /** The solution's text of a file, its imports rebased to the file's own place; undefined when it ships none. */
  solutionText(f: SandboxFile): string | undefined {
    return f.solution && this.sources[f.solution] !== undefined
      ? rebaseImports(this.sources[f.solution]!, f.solution, f.path)
      : undefined;
  }

  makeState(f: SandboxFile, doc: string, readOnly: boolean): EditorState {
    return fileState({ doc, label: f.name, readOnly, onChange: readOnly ? undefined : (text) => this.onEdit(f, text) });
  }

  /** The reader's current text of a file (whatever the mode). */
  current(f: SandboxFile): string {
    if (this.active === f.name && this.mode === 'mine') return this.view.state.doc.toString();
    return this.mine.get(f.name)!.doc.toString();
  }

  /** The editable files: starter, the reader's current text, the solution's. */
  editableFiles(): EditableFile[] {
    return this.files
      .filter((f) => f.editable)
      .map((f) => ({ name: f.name, starter: this.starter(f), mine: this.current(f), solution: this.solutionText(f) }));
  }

  /** Marks the tabs of the editable files whose text differs from the starter. */
  markEdited(): void {
    for (const f of this.files) {
      const tab = this.root.querySelector<HTMLElement>(`[data-sandbox-tab][data-file="${CSS.escape(f.name)}"]`);
      if (tab && f.editable) tab.toggleAttribute('data-edited', this.edits.edited(f.name, this.current(f)));
    }
  }

  /** Keeps the state on show (cursor, history) for when its tab comes back. */
  stash(): void {
    (this.mode === 'mine' ? this.mine : this.solution).set(this.active, this.view.state);
  }

  select(name: string, focus = false): void {
    if (name !== this.active) {
      this.stash();
      this.active = name;
      this.view.setState(this.stateFor(name));
    }
    this.root.querySelectorAll<HTMLButtonElement>('[data-sandbox-tab]').forEach((tab) => {
      const on = tab.dataset.file === name;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (on && focus) {
        // Focus alone leaves a half-shown tab where it is: scroll it fully into the row, clear of the row's
        // faded edges (the row's scroll-padding).
        tab.focus({ preventScroll: true });
        tab.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      }
      if (on) this.editorHost().setAttribute('aria-labelledby', tab.id);
    });
  }

  stateFor(name: string): EditorState {
    const f = this.files.find((x) => x.name === name)!;
    if (this.mode === 'solution' && this.hasSolution(f)) {
      let s = this.solution.get(name);
      if (!s) this.solution.set(name, (s = this.makeState(f, this.sources[f.solution!]!, true)));
      return s;
    }
    let mine = this.mine.get(name);
    if (!mine) this.mine.set(name, (mine = this.makeState(f, this.readMine(f), !f.editable)));
    return mine;
  }

  tabKeys(e: KeyboardEvent): void {
    const names = this.files.map((f) => f.name);
    const next = tabKeyTarget(e.key, names.indexOf(this.active), names.length);
    if (next === null) return;
    e.preventDefault();
    this.select(names[next]!, true);
  }

  /**
   * Shows the reader's files or the solution's; under the solution, a file it changes first. Call
   * stash() before anything else touches the state on show (as a cleared error line).
   */
  setMode(mode: EditorMode): void {
    this.mode = mode;
    const changed = this.files.find((f) => this.hasSolution(f));
    if (mode === 'solution' && changed && !this.files.find((f) => f.name === this.active)?.solution)
      this.active = changed.name;
    this.view.setState(this.stateFor(this.active));
    this.select(this.active);
  }

  /** Puts these texts (editable file name → text) in the reader's editor: Reset, a loaded shared link. */
  replaceMine(texts: Record<string, string>): void {
    for (const f of this.files) {
      if (f.editable && texts[f.name] !== undefined) this.mine.set(f.name, this.makeState(f, texts[f.name]!, false));
    }
    this.view.setState(this.mine.get(this.active)!);
    this.markEdited();
  }

  /** Marks a run's error line (1-based) in the file at `path` (relative to sandboxes/) and shows it. */
  showErrorLine(path: string, line: number): void {
    const f = this.files.find((x) => x.path === path);
    if (!f) return;
    if (this.mode === 'solution' && f.editable) return;
    this.select(f.name);
    markErrorLine(this.view, line);
  }

  clearErrorLine(): void {
    markErrorLine(this.view, null);
  }

  /** Marks the type problems in each editable file whose text is still `texts` (what was checked). */
  markProblems(lint: Lint, problems: readonly TypeProblem[], texts: Record<string, string>): void {
    for (const f of this.files.filter((x) => x.editable)) {
      if (this.current(f) !== texts[f.name]) continue;
      const own = problems.filter((p) => p.path === f.path);
      if (this.mode === 'mine' && this.active === f.name) showProblems(lint, this.view, own);
      else this.mine.set(f.name, withProblems(lint, this.mine.get(f.name)!, own));
    }
  }

  /** The cursor on a type problem in the reader's file, focus in the editor (the caller leaves the solution first). */
  goTo(p: TypeProblem): void {
    const f = this.files.find((x) => x.path === p.path);
    if (!f) return;
    this.select(f.name);
    const at = Math.min(p.from, this.view.state.doc.length);
    this.view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
    this.view.focus();
  }
}
