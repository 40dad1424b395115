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
  const nodes = [...new Set(rows.map((r) => r.node))];
  const known = (node: string) => (Object.hasOwn(KNOWN_SLOTS, node) ? KNOWN_SLOTS[node] : undefined);
  const taken = new Set(nodes.map(known).filter((slot) => slot !== undefined));
  let others = 0;
  return new Map(
    nodes.map((node) => {
      const own = known(node);
      if (own !== undefined) return [node, own];
      const slot = Array.from({ length: SLOTS }, (_, i) => i + 1).find((n) => !taken.has(n)) ?? (others % SLOTS) + 1;
      taken.add(slot);
      others++;
      return [node, slot];
    }),
  );
}
