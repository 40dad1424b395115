// Times and node colour slots of the scenario log (src/lib/log-format.ts).
import { describe, expect, it } from 'vitest';
import { formatTime, nodeSlots } from '../../src/lib/log-format.ts';

describe('log format', () => {
  it('formats log times in seconds', () => {
    expect(formatTime(0)).toBe('0.000');
    expect(formatTime(13302)).toBe('13.302');
  });
  it('gives each node the sandboxes name the same colour in every log, whatever comes first', () => {
    // fencing-exclusion’s log names the store before B; leader-election’s names B first.
    expect([...nodeSlots([{ node: 'A' }, { node: 'lock' }, { node: 'store' }, { node: 'B' }])]).toEqual([
      ['A', 1],
      ['lock', 2],
      ['store', 4],
      ['B', 3],
    ]);
    expect([...nodeSlots([{ node: 'lock' }, { node: 'B' }, { node: 'A' }])]).toEqual([
      ['lock', 2],
      ['B', 3],
      ['A', 1],
    ]);
  });
  it('gives other nodes the free slots by first appearance, cycling once all six are taken', () => {
    expect([...nodeSlots([{ node: 'A' }, { node: 'etcd' }, { node: 'client' }, { node: 'B' }])]).toEqual([
      ['A', 1],
      ['etcd', 2],
      ['client', 4],
      ['B', 3],
    ]);
    const many = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7'].map((node) => ({ node }));
    expect([...nodeSlots(many).values()]).toEqual([1, 2, 3, 4, 5, 6, 1]);
  });
});
