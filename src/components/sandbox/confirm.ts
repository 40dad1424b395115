// The sandbox's one confirm dialog (a styled <dialog>, "Keep" focused first), worded per question:
// reset to the starter, replace the reader's edits with a shared link's code. Resolves true only
// when the reader picks the confirming button; Escape or "Keep" resolve false.

export interface Question {
  title: string;
  body: string;
  /** The confirming button: 'Reset', 'Replace my code'. */
  confirm: string;
  /** The safe button: 'Keep my edits'. */
  cancel: string;
}

export function ask(dialog: HTMLDialogElement, q: Question): Promise<boolean> {
  const set = (sel: string, text: string) => {
    const el = dialog.querySelector(sel);
    if (el) el.textContent = text;
  };
  set('[data-dialog-title]', q.title);
  set('[data-dialog-body]', q.body);
  set('[data-dialog-confirm]', q.confirm);
  set('[data-dialog-cancel]', q.cancel);
  dialog.returnValue = '';
  if (typeof dialog.showModal !== 'function') return Promise.resolve(confirm(`${q.title}\n${q.body}`));
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
  });
}
