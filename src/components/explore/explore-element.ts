// The only explore code that loads with the page: it defines <lf-explore> and loads the panel's
// app (a lazy chunk) when the panel nears the viewport, is used, or the URL asks for a replay.
// (A sandbox's own Run, schedule=default, is replayed by that sandbox when it is on the page.)
import { lazyPanel } from '../lazy-app.ts';

class LfExplore extends HTMLElement {
  connectedCallback() {
    lazyPanel(this, {
      kind: 'explore',
      rootMargin: '400px',
      load: () => import('./explore-app.ts'),
      statusSelector: '[data-explore-status]',
      what: 'The explore panel',
    });
  }
}

if (!customElements.get('lf-explore')) customElements.define('lf-explore', LfExplore);
