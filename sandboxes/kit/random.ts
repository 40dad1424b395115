// Seeded randomness. mulberry32 is tiny, fast and gives the same numbers in every JS engine,
// so a seed replays a run exactly in Node, a worker and a WebContainer.

/** A source of floats in [0, 1). */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uint32 seed that depends only on (base, i): exploring a range in parts gives the same seeds. */
export function deriveSeed(base: number, i: number): number {
  // murmur3's finaliser over base mixed with a golden-ratio multiple of i.
  let h = (base ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A float in [min, max). */
export function between(rng: Random, min: number, max: number): number {
  return min + rng() * (max - min);
}
