// The only sandbox code that loads with the page: it waits until a sandbox nears the viewport
// (or is used, or the URL replays one of its Runs) and then loads the editor and the runners as a lazy chunk.
import type { Need } from '../../lib/when-needed.ts';
import { mountApp, watchPanel } from '../lazy-app.ts';
import { prepareSandbox } from '../../runtime/worker-spawn.ts';

let app: Promise<typeof import('./sandbox-app.ts')> | null = null;
const loadApp = () => (app ??= import('./sandbox-app.ts'));

class LfSandbox extends HTMLElement {
  #need: Need | null = null;

  connectedCallback() {
    this.#need ??= watchPanel(this, 'sandbox', '800px', () => this.#start());
  }

  #start() {
    this.dataset.loadStart = String(performance.now());
    // The run worker loads and compiles this sandbox while the editor's chunk loads (runs happen
    // in it until the WebContainer engine, if any, has booted).
    prepareSandbox(this.dataset.sandbox!);
    const status = this.querySelector('[data-sandbox-status]');
    if (status && this.dataset.pendingAction) status.textContent = 'Loading the editor and the runner…';
    mountApp(this, () => this.#need, loadApp, { statusSelector: '[data-sandbox-status]', what: 'The editor' });
  }
}

if (!customElements.get('lf-sandbox')) customElements.define('lf-sandbox', LfSandbox);
