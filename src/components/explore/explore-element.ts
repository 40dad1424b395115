// The only explore code that loads with the page: it defines <lf-explore> and loads the panel's
// app (a lazy chunk) when the panel nears the viewport, is used, or the URL asks for a replay.
type App = typeof import('./explore-app.ts');
let app: Promise<App> | null = null;
const loadApp = () => (app ??= import('./explore-app.ts'));

class LfExplore extends HTMLElement {
  #io: IntersectionObserver | null = null;
  #started = false;

  connectedCallback() {
    if (this.#started) return;
    // A shared replay link for this sandbox: start now, the reader came for it. (A sandbox's own
    // Run, schedule=default, is replayed by that sandbox when it is on the page.)
    const params = new URLSearchParams(location.search);
    if (params.get('replay') === this.dataset.sandbox && !(params.get('schedule') === 'default' && document.querySelector(`lf-sandbox[data-sandbox="${this.dataset.sandbox}"]`))) return this.#start();
    this.#io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && this.#start(), { rootMargin: '400px 0px' });
    this.#io.observe(this);
    this.addEventListener('click', this.#early);
    this.addEventListener('focusin', () => this.#start(), { once: true });
  }

  disconnectedCallback() {
    this.#io?.disconnect();
  }

  #early = (e: Event) => {
    const action = (e.target as Element | null)?.closest?.<HTMLElement>('[data-action]')?.dataset.action;
    if (action) this.dataset.pendingAction = action;
    this.#start();
  };

  #start() {
    if (this.#started) return;
    this.#started = true;
    this.#io?.disconnect();
    this.removeEventListener('click', this.#early);
    this.dataset.state = 'loading';
    loadApp().then(
      (m) => m.mount(this),
      (err) => {
        this.dataset.state = 'failed';
        const status = this.querySelector('[data-explore-status]');
        if (status) status.textContent = `The explore panel could not load (${String(err?.message ?? err)}). Reload the page to try again.`;
      },
    );
  }
}

if (!customElements.get('lf-explore')) customElements.define('lf-explore', LfExplore);
