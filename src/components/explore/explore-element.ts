// The only explore code that loads with the page: it defines <lf-explore> and loads the panel's
// app (a lazy chunk) when the panel nears the viewport, is used, or the URL asks for a replay.
import { whenNeeded, type Need } from '../../lib/when-needed.ts';
import { pageReplayLink } from '../replay-link.ts';

type App = typeof import('./explore-app.ts');
let app: Promise<App> | null = null;
const loadApp = () => (app ??= import('./explore-app.ts'));

class LfExplore extends HTMLElement {
  #need: Need | null = null;

  connectedCallback() {
    if (this.#need) return;
    this.#need = whenNeeded(this, '400px', () => this.#start());
    // A shared replay link for this sandbox: start now, the reader came for it. (A sandbox's own
    // Run, schedule=default, is replayed by that sandbox when it is on the page.)
    const check = pageReplayLink();
    if (check.kind === 'ok' && check.place.kind === 'explore' && check.place.sandbox === this.dataset.sandbox)
      this.#need.now();
  }

  #start() {
    this.dataset.state = 'loading';
    loadApp().then(
      (m) => {
        this.#need?.mounted();
        m.mount(this);
      },
      (err: unknown) => {
        this.dataset.state = 'failed';
        const status = this.querySelector('[data-explore-status]');
        if (status)
          status.textContent = `The explore panel could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to try again.`;
      },
    );
  }
}

if (!customElements.get('lf-explore')) customElements.define('lf-explore', LfExplore);
