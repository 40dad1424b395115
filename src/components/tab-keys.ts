// Arrow-key movement across a row of tabs (WAI-ARIA tabs pattern): Left/Right wrap around,
// Home/End go to the ends. Shared by the sandbox's file tabs and Snippet's language tabs.

/** The tab index a key moves to from `current` among `count` tabs, or null when the key is not one of them. */
export function tabKeyTarget(key: string, current: number, count: number): number | null {
  const last = count - 1;
  if (key === 'ArrowRight') return current >= last ? 0 : current + 1;
  if (key === 'ArrowLeft') return current <= 0 ? last : current - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  return null;
}
