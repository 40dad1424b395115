// The type checker's findings under a sandbox's Run button, as DOM: "Type errors (the run does not
// wait for them):" and one line per problem, whose "job.ts line 12" button takes the reader there.
// No state: sandbox-app.ts decides when to check and what to show.
import { problemLine, type TypeProblem } from '../../lib/typecheck.ts';
import { typeCheckText } from '../../lib/ui-strings.ts';

export type TypeCheckView =
  | { kind: 'problems'; problems: TypeProblem[]; names: Map<string, string> }
  | { kind: 'failed'; message: string }
  | { kind: 'none' };

/** Fills the box; `go` is called with a problem when its place button is pressed. */
export function showTypeProblems(box: HTMLElement, view: TypeCheckView, go: (p: TypeProblem) => void): void {
  const head = box.querySelector<HTMLElement>('[data-sandbox-types-head]')!;
  const list = box.querySelector<HTMLElement>('[data-sandbox-types-list]')!;
  box.dataset.count = view.kind === 'problems' ? String(view.problems.length) : '0';
  if (view.kind === 'none' || (view.kind === 'problems' && !view.problems.length)) {
    box.hidden = true;
    list.replaceChildren();
    return;
  }
  box.hidden = false;
  if (view.kind === 'failed') {
    box.dataset.tone = 'quiet';
    head.textContent = typeCheckText.failed(view.message);
    list.replaceChildren();
    return;
  }
  delete box.dataset.tone;
  const n = view.problems.length;
  head.textContent = typeCheckText.count(n);
  list.replaceChildren(
    ...view.problems.map((p) => {
      const name = view.names.get(p.path) ?? p.path;
      const li = document.createElement('li');
      li.dataset.file = name;
      li.dataset.line = String(p.line);
      li.title = problemLine(p, name);
      const at = document.createElement('button');
      at.type = 'button';
      at.className = 'sbx-type-at';
      at.textContent = typeCheckText.place(name, p.line);
      at.setAttribute('aria-label', typeCheckText.goTo(name, p.line));
      at.addEventListener('click', () => go(p));
      const msg = document.createElement('span');
      msg.className = 'sbx-type-msg';
      msg.textContent = p.message;
      li.append(at, msg);
      return li;
    }),
  );
}
