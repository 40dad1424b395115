// <lf-replay-elsewhere>: on a page with no sandbox, a replay link (or a link carrying code) says
// which lesson holds its sandbox and links to the same link there. Its styles come with it, applied
// only when it has something to say: lesson pages, which never show it, carry none of its CSS.
import css from './replay-elsewhere.css?inline';
import { adoptStyles } from '../lazy-css.ts';
import { linkWithoutPlace, type SandboxHomes } from '../../lib/replay-url.ts';
import { sayLinkProblem, startHere } from './say-link-problem.ts';

class LfReplayElsewhere extends HTMLElement {
  connectedCallback() {
    let homes: SandboxHomes = {};
    try {
      homes = JSON.parse(this.dataset.sandboxHomes ?? '{}') as SandboxHomes;
    } catch {
      // no map: the sentence still says what the link names
    }
    const found = linkWithoutPlace(location.search, location.hash, homes);
    const box = this.querySelector<HTMLElement>('.replay-elsewhere');
    if (!found || !box) return;
    adoptStyles(css);
    sayLinkProblem(box, found.problem, found.elsewhere);
    box.hidden = false;
    startHere(box);
  }
}

if (!customElements.get('lf-replay-elsewhere')) customElements.define('lf-replay-elsewhere', LfReplayElsewhere);
