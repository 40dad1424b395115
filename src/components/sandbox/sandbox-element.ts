// The only sandbox code that loads with the page: it waits until a sandbox nears the viewport
// (or is used) and then loads the editor and the runners as a lazy chunk.
type App = typeof import('./sandbox-app.ts');
let app: Promise<App> | null = null;
const loadApp = () => (app ??= import('./sandbox-app.ts'));

class LfSandbox extends HTMLElement {
  #io: IntersectionObserver | null = null;
  #started = false;

  connectedCallback() {
    if (this.#started) return;
    this.#io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && this.#start(), { rootMargin: '800px 0px' });
    this.#io.observe(this);
    // Used before it was seen (e.g. a click right after a jump): remember a Run and start now.
    this.addEventListener('click', this.#early);
    this.addEventListener('focusin', () => this.#start(), { once: true });
    // A shared link to a Run of this sandbox: start now, the reader came for it.
    const params = new URLSearchParams(location.search);
    if (params.get('replay') === this.dataset.sandbox && params.get('schedule') === 'default') this.#start();
  }

  disconnectedCallback() {
    this.#io?.disconnect();
  }

  #early = (e: Event) => {
    // A button pressed before the editor arrived: remember it (and when), the app replays it.
    const action = (e.target as Element | null)?.closest?.<HTMLElement>('[data-action]')?.dataset.action;
    if (action) {
      this.dataset.pendingAction = action;
      this.dataset.pendingSince = String(performance.now());
    }
    this.#start();
  };

  #start() {
    if (this.#started) return;
    this.#started = true;
    this.#io?.disconnect();
    this.dataset.state = 'loading';
    this.dataset.loadStart = String(performance.now());
    const status = this.querySelector('[data-sandbox-status]');
    if (status && this.dataset.pendingAction) status.textContent = 'Loading the editor and the runner…';
    loadApp().then(
      (m) => {
        this.removeEventListener('click', this.#early);
        m.mount(this);
      },
      (err) => {
        this.dataset.state = 'failed';
        const status = this.querySelector('[data-sandbox-status]');
        if (status) status.textContent = `The editor could not load (${String(err?.message ?? err)}). Reload the page to try again.`;
      },
    );
  }
}

if (!customElements.get('lf-sandbox')) customElements.define('lf-sandbox', LfSandbox);

export {}; // a module, not a global script: its names stay its own
