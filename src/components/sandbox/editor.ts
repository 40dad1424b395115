// CodeMirror 6 set-up for the sandbox: TypeScript, colours from the site's design tokens,
// Tab moves on until the reader types, then indents (tab-guard.ts), an error-line marker, and the
// type checker's findings as lint markers (@codemirror/lint, fed by editor-tabs.ts).
import { EditorState, RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  ViewPlugin,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { tabGuard } from './tab-guard.ts';
import { javascript } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting, indentOnInput, bracketMatching } from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { tags as t } from '@lezer/highlight';
import type { Diagnostic } from '@codemirror/lint';
import { sandboxText } from '../../lib/ui-strings.ts';

export { EditorView, EditorState };

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--code-bg)', color: 'var(--fg)', fontSize: '0.875rem' },
  '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--fg)', padding: '0.5rem 0' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55' },
  '.cm-gutters': { backgroundColor: 'var(--surface-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  // The current line only while the editor has focus: unfocused, no line looks selected.
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent' },
  '&.cm-focused .cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 55%, transparent)' },
  '&.cm-focused .cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)', color: 'var(--fg)' },
  // Drawn inside the editor's box: its container clips overflow, which hid an outside ring.
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '-3px' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent) !important',
  },
  '.cm-matchingBracket': { backgroundColor: 'var(--highlight)', outline: '1px solid var(--border)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-panels': { backgroundColor: 'var(--surface-2)', color: 'var(--fg)' },
  '.cm-lf-error-line': { backgroundColor: 'var(--danger-soft)', boxShadow: 'inset 3px 0 0 var(--danger)' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: 'underline wavy var(--danger)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cm-diagnostic': { fontFamily: 'var(--font-sans)', maxWidth: '40rem', whiteSpace: 'pre-wrap' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--danger)' },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--surface-2)',
    color: 'var(--muted)',
    border: '1px solid var(--border)',
  },
});

const highlight = HighlightStyle.define([
  {
    tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword, t.modifier],
    color: 'var(--accent)',
  },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--ok)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--muted)', fontStyle: 'italic' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--warn)' },
  { tag: [t.typeName, t.className, t.namespace], color: 'var(--danger)' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], fontWeight: '600' },
  { tag: t.invalid, color: 'var(--danger)', textDecoration: 'underline wavy' },
]);

const setErrorLine = StateEffect.define<number | null>();
const errorLineField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    if (tr.docChanged) deco = Decoration.none;
    for (const e of tr.effects) {
      if (!e.is(setErrorLine)) continue;
      const n = e.value;
      deco =
        n && n >= 1 && n <= tr.state.doc.lines
          ? Decoration.set([Decoration.line({ class: 'cm-lf-error-line' }).range(tr.state.doc.line(n).from)])
          : Decoration.none;
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface FileStateOptions {
  doc: string;
  label: string;
  readOnly: boolean;
  onChange?: (doc: string) => void;
}

/**
 * Wrapped lines continue under a hanging indent, 2ch past the line's own indentation: at column 0 a
 * wrapped `console }: Proc)` read as a new top-level line. (Visible lines only, as CodeMirror draws them.)
 */
const hangingIndent = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = hang(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged || u.viewportChanged) this.decorations = hang(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);
const hangs = new Map<number, Decoration>();
function hang(view: EditorView): DecorationSet {
  const out = new RangeSetBuilder<Decoration>();
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = view.state.doc.lineAt(pos);
      const n = /^[ \t]*/.exec(line.text)![0].replace(/\t/g, '  ').length + 2;
      let deco = hangs.get(n);
      if (!deco) {
        // .cm-line's own left padding is 6px: the first row starts there, the rows it wraps into n ch further.
        deco = Decoration.line({ attributes: { style: `padding-left: calc(6px + ${n}ch); text-indent: -${n}ch` } });
        hangs.set(n, deco);
      }
      out.add(line.from, line.from, deco);
      pos = line.to + 1;
    }
  }
  return out.finish();
}

export function fileState({ doc, label, readOnly, onChange }: FileStateOptions): EditorState {
  const extensions: Extension[] = [
    // A small setup: no completion pop-ups (they fight typing), no folding, no search panel.
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    EditorView.lineWrapping,
    hangingIndent,
    tabGuard(),
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap]),
    javascript({ typescript: true }),
    theme,
    syntaxHighlighting(highlight),
    errorLineField,
    EditorState.readOnly.of(readOnly),
    EditorView.contentAttributes.of({ tabindex: '0', 'aria-label': sandboxText.editorLabel(label, readOnly) }),
  ];
  if (onChange) extensions.push(EditorView.updateListener.of((u) => u.docChanged && onChange(u.state.doc.toString())));
  return EditorState.create({ doc, extensions });
}

/** Marks a line (1-based) as the error's line and scrolls to it; null clears. */
export function markErrorLine(view: EditorView, line: number | null): void {
  const effects: StateEffect<unknown>[] = [setErrorLine.of(line)];
  if (line && line <= view.state.doc.lines) {
    const pos = view.state.doc.line(line).from;
    effects.push(EditorView.scrollIntoView(pos, { y: 'center' }));
  }
  view.dispatch({ effects });
}

/** A type problem as the editor marks it: characters `from`–`to` of the file, with its message. */
export interface EditorProblem {
  from: number;
  to: number;
  message: string;
}

function diagnostics(state: EditorState, problems: readonly EditorProblem[]): Diagnostic[] {
  const end = state.doc.length;
  return problems.map((p) => {
    const from = Math.min(p.from, end);
    // An empty range (a missing token at the end of a line) still gets a visible mark: one character.
    const to = Math.min(Math.max(p.to, from + 1), end);
    return { from, to: Math.max(to, from), severity: 'error', source: 'TypeScript', message: p.message };
  });
}

export type Lint = typeof import('@codemirror/lint');
let lint: Promise<Lint> | null = null;
/** @codemirror/lint, loaded with the first type check rather than with the editor (most readers never need it). */
export const loadLint = (): Promise<Lint> => (lint ??= import('@codemirror/lint'));

/** The state with these problems marked (replacing earlier ones): for a file not on show. */
export function withProblems(
  { setDiagnostics }: Lint,
  state: EditorState,
  problems: readonly EditorProblem[],
): EditorState {
  return state.update(setDiagnostics(state, diagnostics(state, problems))).state;
}

/** Marks these problems in the file on show (replacing earlier ones). */
export function showProblems({ setDiagnostics }: Lint, view: EditorView, problems: readonly EditorProblem[]): void {
  view.dispatch(setDiagnostics(view.state, diagnostics(view.state, problems)));
}
