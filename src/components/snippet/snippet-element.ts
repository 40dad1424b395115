// <lf-snippet>: a code snippet's language tabs (the choice remembered and shared by every snippet on
// every page) and its copy button. Loaded by Snippet.astro's script.
import { tabKeyTarget } from '../tab-keys.ts';

const KEY = 'lf:code-lang';
const EVENT = 'lf:code-lang';
const root = document.documentElement;

function storedLang(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

class LfSnippet extends HTMLElement {
  private tabs: HTMLButtonElement[] = [];
  private onLang = (e: Event) => this.show((e as CustomEvent<string>).detail);

  connectedCallback() {
    this.tabs = [...this.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    this.tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => this.choose(tab.dataset.lang!));
      tab.addEventListener('keydown', (e) => {
        const next = tabKeyTarget(e.key, i, this.tabs.length);
        if (next === null) return;
        e.preventDefault();
        this.choose(this.tabs[next]!.dataset.lang!);
        this.tabs[next]!.focus();
      });
    });
    const copy = this.querySelector<HTMLButtonElement>('[data-copy]');
    if (copy) {
      copy.hidden = false;
      copy.addEventListener('click', () => void this.copy(copy));
    }
    this.show(root.dataset.codeLang ?? storedLang() ?? 'go');
    document.addEventListener(EVENT, this.onLang);
  }

  disconnectedCallback() {
    document.removeEventListener(EVENT, this.onLang);
  }

  /** A reader's choice: applies to every snippet on the page, keeping this one still on screen. */
  private choose(lang: string) {
    const before = this.getBoundingClientRect().top;
    root.dataset.codeLang = lang;
    try {
      localStorage.setItem(KEY, lang);
    } catch {
      /* storage unavailable: the choice lasts for this page */
    }
    document.dispatchEvent(new CustomEvent(EVENT, { detail: lang }));
    const shift = this.getBoundingClientRect().top - before;
    if (shift) window.scrollBy(0, shift);
  }

  private show(lang: string) {
    const panels = [...this.querySelectorAll<HTMLElement>('.snippet-panel')];
    if (!panels.some((p) => p.dataset.lang === lang)) lang = panels[0]?.dataset.lang ?? lang;
    for (const p of panels) p.toggleAttribute('data-active', p.dataset.lang === lang);
    for (const t of this.tabs) {
      const on = t.dataset.lang === lang;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
    }
  }

  private async copy(button: HTMLButtonElement) {
    const panel =
      this.querySelector<HTMLElement>('.snippet-panel[data-active]') ?? this.querySelector('.snippet-panel');
    const text = panel?.querySelector('code')?.textContent ?? '';
    let ok: boolean;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      // Fallback for non-secure contexts.
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.cssText = 'position:fixed;opacity:0';
      document.body.append(area);
      area.select();
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      area.remove();
    }
    const label = button.querySelector('[data-copy-label]')!;
    const status = this.querySelector('[data-copy-status]')!;
    const lang = panel?.querySelector('.snippet-lang-heading')?.textContent ?? '';
    label.textContent = ok ? 'Copied' : 'Copy failed';
    status.textContent = ok
      ? `${lang} code copied to the clipboard`
      : 'Copying failed; select the code and copy it by hand';
    button.dataset.state = ok ? 'ok' : 'error';
    window.setTimeout(() => {
      label.textContent = 'Copy';
      status.textContent = '';
      delete button.dataset.state;
    }, 2000);
  }
}

if (!customElements.get('lf-snippet')) customElements.define('lf-snippet', LfSnippet);
