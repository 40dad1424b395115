// The only sandbox code that loads with the page: it waits until a sandbox nears the viewport
// (or is used) and then loads the editor and the runners as a lazy chunk.
import { whenNeeded, type Need } from '../../lib/when-needed.ts';
import { pageReplayLink } from '../replay-link.ts';
import { prepareSandbox } from '../../runtime/worker-spawn.ts';

type App = typeof import('./sandbox-app.ts');
let app: Promise<App> | null = null;
const loadApp = () => (app ??= import('./sandbox-app.ts'));

class LfSandbox extends HTMLElement {
  #need: Need | null = null;

  connectedCallback() {
    if (this.#need) return;
    this.#need = whenNeeded(this, '800px', () => this.#start());
    // A shared link to a Run of this sandbox: start now, the reader came for it. (A broken link's
    // sentence is shown by pageReplayLink() itself.)
    const check = pageReplayLink();
    if (check.kind === 'ok' && check.place.kind === 'sandbox' && check.place.sandbox === this.dataset.sandbox)
      this.#need.now();
  }

  #start() {
    this.dataset.state = 'loading';
    this.dataset.loadStart = String(performance.now());
    // The run worker loads and compiles this sandbox while the editor's chunk loads (runs happen
    // in it until the WebContainer engine, if any, has booted).
    prepareSandbox(this.dataset.sandbox!);
    const status = this.querySelector('[data-sandbox-status]');
    if (status && this.dataset.pendingAction) status.textContent = 'Loading the editor and the runner…';
    loadApp().then(
      (m) => {
        this.#need?.mounted();
        m.mount(this);
      },
      (err: unknown) => {
        this.dataset.state = 'failed';
        if (status)
          status.textContent = `The editor could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to try again.`;
      },
    );
  }
}

if (!customElements.get('lf-sandbox')) customElements.define('lf-sandbox', LfSandbox);
