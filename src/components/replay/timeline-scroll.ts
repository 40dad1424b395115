// Scrolling a timeline (renderTimeline's markup in a sideways-scrolling box) to what matters. On
// narrow screens the drawing is wider than its box and the lane names stay at the left edge as a
// sticky column (timeline.css), covering that much of the box: "in view" means right of them.

/** The width in CSS pixels of the sticky lane-name column over the box (0 where it is not shown). */
export function laneNamesWidth(box: HTMLElement): number {
  const names = box.querySelector<SVGSVGElement>('.tl-names-svg');
  return names && names.getClientRects().length ? names.getBoundingClientRect().width : 0;
}

/**
 * Scrolls the box sideways so that `el` (a write mark with its label, say) is in view right of the
 * lane names, as far right as it fits so that what led up to it shows too; centred if it is wider
 * than the view. Nothing happens when the timeline fits its box.
 */
export function scrollTimelineTo(box: HTMLElement, el: Element, pad = 12): void {
  const max = box.scrollWidth - box.clientWidth;
  if (max <= 0) return;
  const names = laneNamesWidth(box);
  const origin = box.getBoundingClientRect().left + box.clientLeft - box.scrollLeft;
  const r = el.getBoundingClientRect();
  const x0 = r.left - origin;
  const x1 = r.right - origin;
  const view = box.clientWidth - names;
  const target = x1 - x0 + 2 * pad <= view ? x1 + pad - box.clientWidth : (x0 + x1) / 2 - names - view / 2;
  box.scrollLeft = Math.round(Math.min(max, Math.max(0, target)));
}
