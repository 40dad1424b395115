// Formatting helpers for <Log>.

/** 13250 ms → "13.250" (seconds with millisecond precision). */
export function formatTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** A stable colour slot (1–6) per node, by order of first appearance. */
export function nodeSlots(rows: readonly { node: string }[]): Map<string, number> {
  const slots = new Map<string, number>();
  for (const r of rows) if (!slots.has(r.node)) slots.set(r.node, (slots.size % 6) + 1);
  return slots;
}
