// The site's one confirm dialog, for every reset: reset a sandbox to its starter, replace the
// reader's edits with a shared link's code, forget a lesson's quiz answers. A styled <dialog> made
// on first use inside its host ("Keep" focused first; only JavaScript readers can reset anything).
// Resolves true only when the reader picks the confirming button; Escape or "Keep" resolve false.
import styles from './confirm-dialog.css?inline';
import { adoptStyles } from '../lazy-css.ts';

export interface Question {
  title: string;
  body: string;
  /** The confirming button: 'Reset', 'Replace my code'. */
  confirm: string;
  /** The safe button: 'Keep my edits'. */
  cancel: string;
}

let styled = false;

/** The host's dialog, marked with the attribute `hook` (e.g. data-sandbox-dialog); made on first use. */
function dialogIn(host: HTMLElement, hook: string): HTMLDialogElement {
  const found = host.querySelector<HTMLDialogElement>(`dialog[${hook}]`);
  if (found) return found;
  if (!styled) adoptStyles(styles);
  styled = true;
  const id = `${hook.replace(/^data-/, '')}-${Math.random().toString(36).slice(2, 8)}`;
  const dialog = document.createElement('dialog');
  dialog.className = 'confirm-dialog';
  dialog.setAttribute(hook, '');
  dialog.setAttribute('aria-labelledby', `${id}-title`);
  dialog.setAttribute('aria-describedby', `${id}-body`);
  dialog.innerHTML =
    `<form method="dialog"><p id="${id}-title"><strong data-dialog-title></strong></p><p id="${id}-body" data-dialog-body></p>` +
    `<div class="confirm-dialog-actions"><button type="submit" class="btn confirm-dialog-btn" value="cancel" autofocus data-dialog-cancel></button>` +
    `<button type="submit" class="btn confirm-dialog-btn confirm-dialog-danger" value="confirm" data-dialog-confirm></button></div></form>`;
  host.append(dialog);
  return dialog;
}

export function ask(host: HTMLElement, hook: string, q: Question): Promise<boolean> {
  const dialog = dialogIn(host, hook);
  const set = (sel: string, text: string) => {
    dialog.querySelector(sel)!.textContent = text;
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
