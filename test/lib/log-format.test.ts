// Times and node colour slots of the scenario log (src/lib/log-format.ts).
import { describe, expect, it } from 'vitest';
import { formatTime, nodeSlots } from '../../src/lib/log-format.ts';

describe('log format', () => {
  it('formats log times in seconds', () => {
    expect(formatTime(0)).toBe('0.000');
    expect(formatTime(13302)).toBe('13.302');
  });
  it('gives nodes colour slots by first appearance', () => {
    expect([...nodeSlots([{ node: 'A' }, { node: 'lock' }, { node: 'A' }, { node: 'B' }])]).toEqual([
      ['A', 1],
      ['lock', 2],
      ['B', 3],
    ]);
  });
});
