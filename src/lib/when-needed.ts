// Lazy custom elements: start an element's heavy part once, when it nears the viewport or when the
// reader gets there first (a click or focus inside it). Until the element says its app is mounted,
// a click on a [data-action] button is remembered in data-pending-action (and data-pending-since)
// for the app to replay, so nothing the reader pressed while it loaded is lost.
export interface Need {
  /** Start now (idempotent). */
  now(): void;
  /** The app has mounted and handles clicks itself: stop listening. */
  mounted(): void;
}

export function whenNeeded(el: HTMLElement, rootMargin: string, start: () => void): Need {
  let started = false;
  const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && now(), {
    rootMargin: `${rootMargin} 0px`,
  });
  const onClick = (e: Event) => {
    const action = (e.target as Element | null)?.closest?.<HTMLElement>('[data-action]')?.dataset.action;
    if (action) {
      el.dataset.pendingAction = action;
      el.dataset.pendingSince = String(performance.now());
    }
    now();
  };
  function now() {
    if (started) return;
    started = true;
    io.disconnect();
    el.removeEventListener('focusin', now);
    start();
  }
  io.observe(el);
  el.addEventListener('click', onClick);
  el.addEventListener('focusin', now);
  return {
    now,
    mounted() {
      io.disconnect();
      el.removeEventListener('click', onClick);
    },
  };
}
