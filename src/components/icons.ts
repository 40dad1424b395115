// The site's inline SVG icons, in one place: decorative (aria-hidden), drawn in currentColor on a
// 16-unit grid, sized by the caller. Icon.astro renders them in components; scripts that build
// markup as strings call them directly.

const svg =
  (body: string, attrs = '', viewBox = '0 0 16 16') =>
  (size: number, className = '') =>
    `<svg${className ? ` class="${className}"` : ''} aria-hidden="true" viewBox="${viewBox}" width="${size}" height="${size}"${attrs}>${body}</svg>`;
const filled = (body: string) => svg(body, ' fill="currentColor"');
const stroked = (body: string, width = 1.5) =>
  svg(
    body,
    ` fill="none" stroke="currentColor" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"`,
  );

export const ICONS = {
  /** Run: a play triangle. */
  play: svg('<path d="M4 2.5v11l9-5.5z" fill="currentColor" />'),
  /** Step through a run: play then bars. */
  step: svg(
    '<path d="M2.5 3 8 8l-5.5 5z" /><rect x="9.5" y="3" width="2" height="10" rx="0.5" /><rect x="12.5" y="3" width="2" height="10" rx="0.5" opacity="0.45" />',
    ' fill="currentColor"',
  ),
  /** A read-only file: a padlock. */
  lock: svg(
    '<rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" /><path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" fill="none" stroke="currentColor" stroke-width="1.6" />',
  ),
  /** A verdict that accepted a wrong write: a warning triangle. */
  danger: svg(
    '<path d="M8 1.5 15 14H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4M8 11.6v.8" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>',
  ),
  /** A safe verdict: a ticked circle. */
  ok: svg(
    '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="m5 8.2 2 2 4-4.4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>',
  ),
  /** Anything else (an error, a run that did not finish): a circled exclamation mark. */
  warn: svg(
    '<circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" stroke-width="1.6"/><path d="M8 4.5v4.5M8 11v.8" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/>',
  ),
  /** Replay: to the first event. */
  first: filled('<rect x="2.5" y="3" width="2" height="10" rx="0.5" /><path d="M13.5 3 6 8l7.5 5z" />'),
  /** Replay: one event back. */
  prev: filled('<path d="M11 3 4 8l7 5z" />'),
  /** Replay: one event forward. */
  next: filled('<path d="M5 3l7 5-7 5z" />'),
  /** Replay: to the last event. */
  last: filled('<rect x="11.5" y="3" width="2" height="10" rx="0.5" /><path d="M2.5 3 10 8l-7.5 5z" />'),
  /** Close: a cross. */
  close: stroked('<path d="m4 4 8 8M12 4l-8 8" />', 1.8),
  /** A link (copy link, a heading's anchor). */
  link: stroked(
    '<path d="M6.5 9.5a3 3 0 0 0 4.2 0l2-2a3 3 0 0 0-4.2-4.2l-.8.8M9.5 6.5a3 3 0 0 0-4.2 0l-2 2a3 3 0 0 0 4.2 4.2l.8-.8" />',
    1.6,
  ),
  /** Search: a magnifier. */
  search: stroked('<circle cx="6.8" cy="6.8" r="4.4" /><path d="m10.4 10.4 3.6 3.6" />', 1.6),
  /** Copy: two sheets. */
  copy: stroked(
    '<rect x="5.5" y="5.5" width="8" height="8" rx="1.5" /><path d="M10.5 5.5v-2a1 1 0 0 0-1-1h-6a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h2" />',
  ),
  /** Dark theme: a crescent moon. */
  moon: filled('<path d="M13.2 10.1A5.6 5.6 0 0 1 5.9 2.8a5.6 5.6 0 1 0 7.3 7.3Z" />'),
  /** Reading time: a clock. */
  clock: stroked('<circle cx="8" cy="8" r="6.25" /><path d="M8 4.5V8l2.5 1.5" />'),
  /** Edit this lesson: a pencil. */
  edit: stroked('<path d="M10.5 2.5l3 3L6 13H3v-3z" />'),
  /** Progress through a lesson's quizzes: steps up. */
  climb: stroked('<path d="M2 13h3V9h3V6h3V3h3" />'),
  /** A quiz answered right: a filled check. */
  'check-filled': svg(
    '<circle cx="10" cy="10" r="9" fill="currentColor"/><path d="m6 10.3 2.6 2.6L14.2 7" fill="none" stroke="var(--surface)" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>',
    '',
    '0 0 20 20',
  ),
  /** A quiz answered wrong: a filled warning triangle. */
  'warn-filled': svg(
    '<path d="M10 1.8 19 18H1z" fill="currentColor"/><path d="M10 7.5v4.6" stroke="var(--surface)" stroke-width="2" stroke-linecap="round"/><circle cx="10" cy="15" r="1.2" fill="var(--surface)"/>',
    '',
    '0 0 20 20',
  ),
  /** The site's mark: a fence on the accent colour. */
  logo: svg(
    '<rect width="32" height="32" rx="7" fill="var(--accent)"/><path d="M9 7v18M16 7v18M23 7v18M6 12h20M6 20h20" stroke="var(--accent-fg)" stroke-width="2.4" stroke-linecap="round"/>',
    '',
    '0 0 32 32',
  ),
};

export type IconName = keyof typeof ICONS;
