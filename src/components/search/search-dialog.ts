// The search dialog's behaviour, loaded on first open: queries Pagefind (its JS and index load
// from <base>pagefind/ on demand), lists the hits, moves through them with the arrow keys, and gives
// focus back to where it was when it closes.
import dialogStyles from './search-dialog.css?inline';
import { adoptStyles } from '../lazy-css.ts';
import { resultsSummary, toHit, type PagefindData, type SearchHit } from '../../lib/search-results.ts';
import { searchText } from '../../lib/ui-strings.ts';

adoptStyles(dialogStyles);

interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  debouncedSearch(
    q: string,
    o?: unknown,
    ms?: number,
  ): Promise<{ results: { data(): Promise<PagefindData> }[] } | null>;
}

const MAX_RESULTS = 8;
let pagefind: Promise<Pagefind> | null = null;

function loadPagefind(): Promise<Pagefind> {
  // A URL Vite must not bundle: the index is written into dist/ after the build.
  // Under the site's base (a GitHub Pages project site serves it at /<repository>/pagefind/).
  const url = `${import.meta.env.BASE_URL}pagefind/pagefind.js`;
  pagefind ??= (import(/* @vite-ignore */ url) as Promise<Pagefind>).then(async (pf) => {
    // Its results' URLs get the base Pagefind reads from its own address (<base>pagefind/pagefind.js).
    await pf.options({ excerptLength: 24 });
    return pf;
  });
  pagefind.catch(() => (pagefind = null)); // let a later open try again
  return pagefind;
}

function render(list: HTMLOListElement, hits: SearchHit[]): void {
  list.replaceChildren(
    ...hits.map((hit) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.className = 'search-hit';
      a.href = hit.url;
      const title = document.createElement('span');
      title.className = 'search-hit-title';
      title.textContent = hit.title;
      const excerpt = document.createElement('span');
      excerpt.className = 'search-hit-excerpt';
      excerpt.innerHTML = hit.excerpt; // escaped text and <mark> only (safeExcerpt)
      a.append(title, excerpt);
      li.append(a);
      if (hit.sections.length) {
        const ul = document.createElement('ul');
        ul.className = 'search-hit-sections';
        for (const s of hit.sections) {
          const sli = document.createElement('li');
          const sa = document.createElement('a');
          sa.href = s.url;
          sa.textContent = s.title;
          sli.append(sa);
          ul.append(sli);
        }
        li.append(ul);
      }
      return li;
    }),
  );
}

const wired = new WeakSet<HTMLElement>();

export function openSearch(root: HTMLElement): void {
  const dialog = root.querySelector('dialog')!;
  const input = root.querySelector<HTMLInputElement>('[data-search-input]')!;
  const status = root.querySelector<HTMLElement>('[data-search-status]')!;
  const list = root.querySelector<HTMLOListElement>('[data-search-results]')!;
  if (!wired.has(root)) {
    wired.add(root);
    let latest = 0;
    const search = async () => {
      const query = input.value;
      const ticket = ++latest;
      if (!query.trim()) {
        list.replaceChildren();
        status.textContent = resultsSummary('', 0);
        return;
      }
      try {
        const pf = await loadPagefind();
        const found = await pf.debouncedSearch(query, {}, 150);
        if (!found || ticket !== latest) return; // a newer query superseded this one
        const hits = (await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()))).map(toHit);
        if (ticket !== latest) return;
        render(list, hits);
        status.textContent = resultsSummary(query, found.results.length);
      } catch {
        status.textContent = searchText.unavailable;
      }
    };
    input.addEventListener('input', () => void search());
    // Arrow keys move between the box and the hits; Enter follows the focused link.
    dialog.addEventListener('keydown', (e) => {
      // Escape in a filled search box would only clear it: close, as everywhere else in the dialog.
      if (e.key === 'Escape') {
        e.preventDefault();
        dialog.close();
        return;
      }
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      const links = [input, ...list.querySelectorAll<HTMLElement>('a')];
      const at = links.indexOf(document.activeElement as HTMLElement);
      const next = links[Math.min(links.length - 1, Math.max(0, at + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) {
        e.preventDefault();
        next.focus();
      }
    });
    // A click on the backdrop (outside the form) closes, as Esc does.
    dialog.addEventListener('click', (e) => e.target === dialog && dialog.close());
    list.addEventListener('click', (e) => (e.target as Element).closest('a') && dialog.close());
  }
  if (!dialog.open) {
    const before = document.activeElement as HTMLElement | null;
    dialog.addEventListener('close', () => before?.isConnected && before.focus({ preventScroll: true }), {
      once: true,
    });
    dialog.showModal();
  }
  input.focus();
  input.select();
  void loadPagefind().catch(() => undefined); // warm the index while the reader types
}
