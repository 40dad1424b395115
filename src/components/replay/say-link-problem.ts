// A link's problem said in a box (the sentence, and when the link's sandbox is in another lesson, a
// link to this same address on that lesson's page), and focus moved to a box about a link. Shared by
// lesson pages (replay-link.ts, the sandbox's shared-code box) and pages with no sandbox (replay-elsewhere.ts).
import { OPEN_ELSEWHERE } from '../../lib/replay-url.ts';

export function sayLinkProblem(box: Element, problem: string, elsewhere: string | undefined): void {
  box.textContent = problem;
  if (!elsewhere) return;
  const there = document.createElement('a');
  there.href = `${elsewhere}${location.search}${location.hash}`;
  there.textContent = OPEN_ELSEWHERE;
  box.append(' ', there);
}

/**
 * Focus on the box the link was about, so that a keyboard's next Tab starts there (the link that
 * took it in is scrolled to, not followed, so nothing else moves that starting point) and a screen
 * reader reads it. Not scrolled: the caller has put it in view.
 */
export function startHere(box: HTMLElement): void {
  box.tabIndex = -1;
  box.focus({ preventScroll: true });
}
