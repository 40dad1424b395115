// The page's replay link, checked once against what this page can replay (its sandboxes and explore
// panels, read from their markup): the sandbox and explore elements start their apps only for a good
// link, and a broken one gets its sentence at the replay's place (the sandbox's or the panel's), in
// view where the fragment would have taken the reader. Loaded with both elements (it is tiny).
import {
  checkCodeLink,
  checkReplayLink,
  codeInFragment,
  MY_CODE,
  type LinkCheck,
  type ReplayPlace,
  type SandboxHomes,
} from '../lib/replay-url.ts';
import { sayLinkProblem, startHere } from './replay/say-link-problem.ts';

let checked: LinkCheck | null = null;

// A link pasted into an open tab that differs from its address only after the '#' does not load the
// page again: when the code the fragment carries changes, load it afresh, so that code is checked,
// offered or run as it would be in a new tab.
// (A fragment without code, such as a heading's anchor, is only a move within the page.)
const openedWith = codeInFragment(location.hash);
addEventListener('hashchange', () => {
  const code = codeInFragment(location.hash);
  if (code !== null && code !== openedWith) location.reload();
});

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

/**
 * The address's replay link checked against this page (once: the address only changes by our own
 * replaceState); without one, code the fragment carries for a sandbox (its run's part lost).
 */
export function pageReplayLink(): LinkCheck {
  if (!checked) {
    const places = replayPlaces();
    // The map of other lessons' sandboxes is read only for an address that carries a link.
    const linked = new URLSearchParams(location.search).has('replay') || openedWith !== null;
    const homes = linked
      ? (safeJson<SandboxHomes>(document.querySelector<HTMLElement>('[data-sandbox-homes]')?.dataset.sandboxHomes) ??
        {})
      : {};
    checked = checkReplayLink(location.search, places, homes);
    if (checked.kind === 'none') checked = checkCodeLink(location.search, location.hash, places, homes);
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
  sayLinkProblem(box.querySelector('[data-sandbox-shared-text]') ?? box, check.problem, check.elsewhere);
  box.dataset.tone = 'problem';
  box.hidden = false;
  box.dataset.linkProblem = '';
  // The fragment took the reader to the replay's place (or nowhere, for a sandbox not on the page):
  // make sure the sentence is what they see there.
  requestAnimationFrame(() => {
    const r = box.getBoundingClientRect();
    if (r.top < 0 || r.bottom > innerHeight)
      box.scrollIntoView({ block: 'center', behavior: 'instant' as ScrollBehavior });
    startHere(box);
  });
}

function safeJson<T>(text: string | undefined): T | null {
  try {
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}
