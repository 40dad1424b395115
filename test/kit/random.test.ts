import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSeed, mulberry32 } from '../../sandboxes/kit/random.ts';

describe('mulberry32', () => {
  it('gives the same sequence for the same seed, and a different one for another seed', () => {
    const take = (seed: number) => {
      const rng = mulberry32(seed);
      return Array.from({ length: 8 }, () => rng());
    };
    expect(take(42)).toEqual(take(42));
    expect(take(42)).not.toEqual(take(43));
  });

  it('is pinned: every engine must produce exactly these numbers for seed 1', () => {
    const rng = mulberry32(1);
    expect([rng(), rng(), rng()].map((x) => x * 2 ** 32)).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('stays in [0, 1) for any uint32 seed', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (seed) => {
        const rng = mulberry32(seed);
        for (let i = 0; i < 20; i++) {
          const x = rng();
          if (!(x >= 0 && x < 1)) return false;
        }
        return true;
      }),
    );
  });
});

describe('deriveSeed', () => {
  it('depends only on (base, index), is a uint32, and spreads neighbouring indices', () => {
    expect(deriveSeed(7, 3)).toBe(deriveSeed(7, 3));
    const seeds = new Set(Array.from({ length: 10_000 }, (_, i) => deriveSeed(7, i)));
    expect(seeds.size).toBe(10_000);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    expect(deriveSeed(7, 0)).not.toBe(deriveSeed(8, 0));
  });
});
