// The site's inline SVG icons, in one place: decorative (aria-hidden), drawn in currentColor on a
// 16-unit grid, sized by the caller. Icon.astro renders them in components; scripts that build
// markup as strings call them directly.

const svg = (body: string, attrs = '') => (size: number) =>
  `<svg aria-hidden="true" viewBox="0 0 16 16" width="${size}" height="${size}"${attrs}>${body}</svg>`;

export const ICONS = {
  /** Run: a play triangle. */
  play: svg('<path d="M4 2.5v11l9-5.5z" fill="currentColor" />'),
  /** Step through a run: play then bars. */
  step: svg('<path d="M2.5 3 8 8l-5.5 5z" /><rect x="9.5" y="3" width="2" height="10" rx="0.5" /><rect x="12.5" y="3" width="2" height="10" rx="0.5" opacity="0.45" />', ' fill="currentColor"'),
  /** A read-only file: a padlock. */
  lock: svg('<rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" /><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />'),
  /** A verdict that accepted a wrong write: a warning triangle. */
  danger: svg('<path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4M8 11.6v.8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>'),
  /** A safe verdict: a ticked circle. */
  ok: svg('<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m5 8.2 2 2 4-4.4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>'),
  /** Anything else (an error, a run that did not finish): a circled exclamation mark. */
  warn: svg('<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 4.5v4.5M8 11v.8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>'),
};

export type IconName = keyof typeof ICONS;
