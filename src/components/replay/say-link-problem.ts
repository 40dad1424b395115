// A link's problem said in a box: the sentence, and when the link's sandbox is in another lesson, a
// link to this same address on that lesson's page. Shared by lesson pages (replay-link.ts) and pages
// with no sandbox (replay-elsewhere.ts).
import { OPEN_ELSEWHERE } from '../../lib/replay-url.ts';

export function sayLinkProblem(box: Element, problem: string, elsewhere: string | undefined): void {
  box.textContent = problem;
  if (!elsewhere) return;
  const there = document.createElement('a');
  there.href = `${elsewhere}${location.search}${location.hash}`;
  there.textContent = OPEN_ELSEWHERE;
  box.append(' ', there);
}
