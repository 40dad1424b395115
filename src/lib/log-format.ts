// Formatting helpers for <Log>.

/** 13250 ms → "13.250" (seconds with millisecond precision). */
export function formatTime(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** The nodes the sandboxes' logs name, each with its own colour slot, so it keeps its colour from log to log. */
const KNOWN_SLOTS: Readonly<Record<string, number>> = { A: 1, lock: 2, B: 3, store: 4, C: 5 };
const SLOTS = 6;

/**
 * A colour slot (1–6) per node: a known node's own; any other node, by order of first appearance, the
 * lowest slot no node of this log has yet (cycling once all six are taken).
 */
export function nodeSlots(rows: readonly { node: string }[]): Map<string, number> {
  const slots = new Map<string, number>();
  const nodes = [...new Set(rows.map((r) => r.node))];
  for (const node of nodes) if (Object.hasOwn(KNOWN_SLOTS, node)) slots.set(node, KNOWN_SLOTS[node]!);
  let others = 0;
  for (const node of nodes) {
    if (slots.has(node)) continue;
    const taken = new Set(slots.values());
    const free = Array.from({ length: SLOTS }, (_, i) => i + 1).find((n) => !taken.has(n));
    slots.set(node, free ?? (others % SLOTS) + 1);
    others++;
  }
  return new Map(nodes.map((n) => [n, slots.get(n)!]));
}
