// The page's replay link, checked once against what this page can replay (its sandboxes and explore
// panels, read from their markup): the sandbox and explore elements start their apps only for a good
// link, and a broken one gets its sentence at the replay's place (the sandbox's or the panel's), in
// view where the fragment would have taken the reader. Loaded with both elements (it is tiny).
import { checkReplayLink, MY_CODE, type LinkCheck, type ReplayPlace } from '../lib/replay-url.ts';

let checked: LinkCheck | null = null;

/** What this page can replay, from its markup. */
export function replayPlaces(): ReplayPlace[] {
  const places: ReplayPlace[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('lf-sandbox[data-sandbox], lf-explore[data-sandbox]')) {
    const sandbox = el.dataset.sandbox!;
    if (el.localName === 'lf-sandbox') {
      places.push({
        sandbox,
        kind: 'sandbox',
        versions: [MY_CODE, ...(el.hasAttribute('data-has-solution') ? ['solution'] : [])],
      });
    } else {
      const versions = safeJson<{ name: string }[]>(el.dataset.versions) ?? [];
      places.push({ sandbox, kind: 'explore', versions: [MY_CODE, ...versions.map((v) => v.name)] });
    }
  }
  return places;
}

/** The address's replay link checked against this page (once: the address only changes by our own replaceState). */
export function pageReplayLink(): LinkCheck {
  if (!checked) {
    checked = checkReplayLink(location.search, replayPlaces());
    if (checked.kind === 'broken') showProblem(checked);
  }
  return checked;
}

function showProblem(check: Extract<LinkCheck, { kind: 'broken' }>) {
  const place = check.place;
  if (!place) return;
  const host = document.querySelector<HTMLElement>(`lf-${place.kind}[data-sandbox="${CSS.escape(place.sandbox)}"]`);
  const box = host?.querySelector<HTMLElement>(
    place.kind === 'sandbox' ? '[data-sandbox-shared]' : '[data-replay-problem]',
  );
  if (!host || !box) return;
  (box.querySelector('[data-sandbox-shared-text]') ?? box).textContent = check.problem;
  box.dataset.tone = 'problem';
  box.hidden = false;
  box.dataset.linkProblem = '';
  // The fragment took the reader to the replay's place (or nowhere, for a sandbox not on the page):
  // make sure the sentence is what they see there.
  requestAnimationFrame(() => {
    const r = box.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight)
      box.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
  });
}

function safeJson<T>(text: string | undefined): T | null {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}
