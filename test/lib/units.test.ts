// Numbers keep their units on the same line (src/lib/units.ts).
import { describe, expect, it } from 'vitest';
import { keepUnits } from '../../src/lib/units.ts';

describe('keepUnits', () => {
  it('joins a number to the unit after it with a no-break space', () => {
    expect(keepUnits('pauses up to 1 h (half under 0.99 ms), drift ±200 ppm, 5 % lost, 10 min and 3 s')).toBe(
      'pauses up to 1\u00A0h (half under 0.99\u00A0ms), drift ±200\u00A0ppm, 5\u00A0% lost, 10\u00A0min and 3\u00A0s',
    );
  });

  it('leaves words that only start like a unit alone', () => {
    expect(keepUnits('after 2 hosts and 3 since then, 4 seconds')).toBe('after 2 hosts and 3 since then, 4 seconds');
  });
});
