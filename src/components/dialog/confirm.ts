// Opens the site's confirm dialog (ConfirmDialog.astro), worded per question: reset a sandbox to its
// starter, replace the reader's edits with a shared link's code, forget a lesson's quiz answers.
// Resolves true only when the reader picks the confirming button; Escape or "Keep" resolve false.

export interface Question {
  title: string;
  body: string;
  /** The confirming button: 'Reset', 'Replace my code'. */
  confirm: string;
  /** The safe button: 'Keep my edits'. */
  cancel: string;
}

/** Asks `q`, or without it the question the dialog's markup already words. */
export function ask(dialog: HTMLDialogElement, q?: Question): Promise<boolean> {
  const slot = (sel: string) => dialog.querySelector(sel);
  if (q) {
    const set = (sel: string, text: string) => {
      const el = slot(sel);
      if (el) el.textContent = text;
    };
    set('[data-dialog-title]', q.title);
    set('[data-dialog-body]', q.body);
    set('[data-dialog-confirm]', q.confirm);
    set('[data-dialog-cancel]', q.cancel);
  }
  dialog.returnValue = '';
  if (typeof dialog.showModal !== 'function') return Promise.resolve(confirm(`${slot('[data-dialog-title]')?.textContent ?? ''}\n${slot('[data-dialog-body]')?.textContent ?? ''}`));
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
  });
}
