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
  }

  disconnectedCallback() {
    this.#io?.disconnect();
  }

  #early = (e: Event) => {
    if ((e.target as Element | null)?.closest?.('[data-action="run"]')) this.dataset.pendingRun = String(performance.now());
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
        const status = this.querySelector('[data-sandbox-status]');
        if (status) status.textContent = `The editor could not load (${String(err?.message ?? err)}). Reload the page to try again.`;
      },
    );
  }
}

if (!customElements.get('lf-sandbox')) customElements.define('lf-sandbox', LfSandbox);
