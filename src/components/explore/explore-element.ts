// The only explore code that loads with the page: it defines <lf-explore> and loads the panel's
// app (a lazy chunk) when the panel nears the viewport, is used, or the URL asks for a replay.
// (A sandbox's own Run, schedule=default, is replayed by that sandbox when it is on the page.)
import type { Need } from '../../lib/when-needed.ts';
import { mountApp, watchPanel } from '../lazy-app.ts';

let app: Promise<typeof import('./explore-app.ts')> | null = null;
const loadApp = () => (app ??= import('./explore-app.ts'));

class LfExplore extends HTMLElement {
  #need: Need | null = null;

  connectedCallback() {
    this.#need ??= watchPanel(this, 'explore', '400px', () =>
      mountApp(this, () => this.#need, loadApp, { statusSelector: '[data-explore-status]', what: 'The explore panel' }),
    );
  }
}

if (!customElements.get('lf-explore')) customElements.define('lf-explore', LfExplore);
