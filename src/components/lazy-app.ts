// The eager half of a lazy panel (<lf-sandbox>, <lf-explore>): watch the element, start it when it
// nears the viewport, is used, or the page's replay link is for it, then load and mount its app,
// saying in its status line when the app's code could not load.
import { whenNeeded, type Need } from '../lib/when-needed.ts';
import { pageReplayLink } from './replay-link.ts';

/** Starts `el` through `start` when needed; at once when the URL's replay link is for this `kind` of panel of its sandbox. */
export function watchPanel(el: HTMLElement, kind: 'sandbox' | 'explore', rootMargin: string, start: () => void): Need {
  const need = whenNeeded(el, rootMargin, start);
  // A shared link is for this panel: start now, the reader came for it. (A broken link's sentence is
  // shown by pageReplayLink() itself.)
  const check = pageReplayLink();
  if (check.kind === 'ok' && check.place.kind === kind && check.place.sandbox === el.dataset.sandbox) need.now();
  return need;
}

/**
 * Loads the app and mounts it on `el`, first telling the element's `need()` that the app takes its clicks
 * from now on (read then: a replay link starts the panel before watchPanel() has returned its Need).
 * If the app's code cannot load, says so in `statusSelector`, naming `what`.
 */
export function mountApp(
  el: HTMLElement,
  need: () => Need | null,
  load: () => Promise<{ mount(el: HTMLElement): void }>,
  failure: { statusSelector: string; what: string },
): void {
  el.dataset.state = 'loading';
  load().then(
    (m) => {
      need()?.mounted();
      m.mount(el);
    },
    (err: unknown) => {
      el.dataset.state = 'failed';
      const status = el.querySelector(failure.statusSelector);
      if (status)
        status.textContent = `${failure.what} could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to try again.`;
    },
  );
}
