// Tab in the editor, per CodeMirror's accessibility guidance: a keyboard user walking the page with
// Tab must pass through the editor without changing code. So Tab moves focus on until the reader has
// engaged the editor (typed, pressed Enter, or clicked into it); from then on Tab indents, and Escape
// then Tab (CodeMirror's own escape hatch) moves on. Leaving the editor disengages it again. The
// state lives on the view's DOM (data-engaged), so it survives switching files (setState).
import { EditorView, keymap } from '@codemirror/view';
import { Prec, type Extension } from '@codemirror/state';
import { indentLess, indentMore } from '@codemirror/commands';

const engaged = (view: EditorView) => view.dom.hasAttribute('data-engaged');
function engage(view: EditorView) {
  if (!engaged(view)) view.dom.setAttribute('data-engaged', '');
}

export function tabGuard(): Extension {
  return [
    Prec.high(
      keymap.of([
        {
          key: 'Tab',
          run: (view) => engaged(view) && indentMore(view),
          shift: (view) => engaged(view) && indentLess(view),
        },
      ]),
    ),
    EditorView.domEventHandlers({
      keydown(e, view) {
        if (e.key === 'Enter') engage(view);
        return false;
      },
      mousedown(_e, view) {
        engage(view);
        return false;
      },
      blur(_e, view) {
        view.dom.removeAttribute('data-engaged');
        return false;
      },
    }),
    EditorView.updateListener.of((u) => {
      if (u.transactions.some((tr) => tr.isUserEvent('input') || tr.isUserEvent('delete') || tr.isUserEvent('paste')))
        engage(u.view);
    }),
  ];
}
