// The only sandbox code that loads with the page: it waits until a sandbox nears the viewport
// (or is used, or the URL replays one of its Runs) and then loads the editor and the runners as a lazy chunk.
import { lazyPanel } from '../lazy-app.ts';
import { prepareSandbox } from '../../runtime/worker-spawn.ts';

class LfSandbox extends HTMLElement {
  connectedCallback() {
    lazyPanel(this, {
      kind: 'sandbox',
      rootMargin: '800px',
      load: () => import('./sandbox-app.ts'),
      statusSelector: '[data-sandbox-status]',
      what: 'The editor',
      onStart: () => {
        this.dataset.loadStart = String(performance.now());
        // The run worker loads and compiles this sandbox while the editor's chunk loads (runs happen
        // in it until the WebContainer engine, if any, has booted).
        prepareSandbox(this.dataset.sandbox!);
        const status = this.querySelector('[data-sandbox-status]');
        if (status && this.dataset.pendingAction) status.textContent = 'Loading the editor and the runner…';
      },
    });
  }
}

if (!customElements.get('lf-sandbox')) customElements.define('lf-sandbox', LfSandbox);
