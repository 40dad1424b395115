// The eager half of a lazy panel (<lf-sandbox>, <lf-explore>): watch the element; when it nears the
// viewport, is used, or the page's replay link is for it, load its app chunk and mount it, saying in
// its status line when the app's code could not load.
import { whenNeeded } from '../lib/when-needed.ts';
import { pageReplayLink } from './replay-link.ts';

export interface LazyPanel {
  /** Which panel a replay link names: a sandbox's Run, or an Explore replay. */
  kind: 'sandbox' | 'explore';
  /** How near the viewport the panel starts loading. */
  rootMargin: string;
  load: () => Promise<{ mount(el: HTMLElement): void }>;
  /** Where a failure to load is said, and what failed to load ("The editor"). */
  statusSelector: string;
  what: string;
  /** Work of the panel's own that starts with the load (the sandbox starts its worker). */
  onStart?: () => void;
}

const watched = new WeakSet<HTMLElement>();

/** Watches `el` once: a panel moved in the page (connected again) keeps its first watch. */
export function lazyPanel(el: HTMLElement, panel: LazyPanel): void {
  if (watched.has(el)) return;
  watched.add(el);
  const need = whenNeeded(el, panel.rootMargin, () => {
    el.dataset.state = 'loading';
    panel.onStart?.();
    panel.load().then(
      (m) => {
        need.mounted(); // the app takes the clicks from here on
        m.mount(el);
      },
      (err: unknown) => {
        el.dataset.state = 'failed';
        const status = el.querySelector(panel.statusSelector);
        if (status)
          status.textContent = `${panel.what} could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to try again.`;
      },
    );
  });
  // A shared link (or its code) is for this panel: start now, the reader came for it. (A broken link's sentence is
  // shown by pageReplayLink() itself.)
  const check = pageReplayLink();
  if (
    (check.kind === 'ok' || check.kind === 'code') &&
    check.place.kind === panel.kind &&
    check.place.sandbox === el.dataset.sandbox
  )
    need.now();
}
