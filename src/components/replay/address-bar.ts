// The address bar follows the replay on show: its shareable link while it is open (so copying the
// address works too), the page's own address once it closes. replaceState only: no history entries,
// so Back still leaves the page. Used by the explore panel and the sandbox (both lazy chunks).
import { withoutReplayLink } from '../../lib/replay-url.ts';

export function showInAddressBar(link: string): void {
  try {
    history.replaceState(history.state, '', link);
  } catch {
    /* a sandboxed frame may refuse: the link is on the page anyway */
  }
}

/** Takes a replay's link out of the address bar, if it is still there (another replay may have replaced it). */
export function clearFromAddressBar(link: string): void {
  if (location.href !== new URL(link, location.href).href) return;
  try {
    history.replaceState(history.state, '', withoutReplayLink(location.href));
  } catch {
    /* as above */
  }
}
