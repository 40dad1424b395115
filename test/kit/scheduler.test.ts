import { describe, expect, it } from 'vitest';
import { Scheduler, type Owner } from '../../sandboxes/kit/scheduler.ts';

function drain(s: Scheduler, until = Infinity): string[] {
  const out: string[] = [];
  for (let task = s.next(until); task; task = s.next(until)) task.fn();
  return out;
}

describe('Scheduler', () => {
  it('runs tasks by time, then by insertion order', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(20, null, () => log.push('c@20'));
    s.at(10, null, () => log.push('a@10'));
    s.at(10, null, () => log.push('b@10'));
    s.at(5, null, () => log.push('first@5'));
    drain(s);
    expect(log).toEqual(['first@5', 'a@10', 'b@10', 'c@20']);
    expect(s.now).toBe(20);
  });

  it('keeps insertion order for many same-time tasks (heap stability)', () => {
    const s = new Scheduler();
    const log: number[] = [];
    for (let i = 0; i < 100; i++) s.at(i % 3, null, () => log.push(i));
    drain(s);
    const expected = [0, 1, 2].flatMap((t) => Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 3 === t));
    expect(log).toEqual(expected);
  });

  it('never schedules in the past, and a task scheduled while running at now runs after earlier ones', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(10, null, () => {
      log.push('x');
      s.at(3, null, () => log.push('late'));
    });
    s.at(10, null, () => log.push('y'));
    drain(s);
    expect(log).toEqual(['x', 'y', 'late']);
    expect(s.now).toBe(10);
  });

  it('skips cancelled tasks and stops at the horizon', () => {
    const s = new Scheduler();
    const log: string[] = [];
    s.at(1, null, () => log.push('kept')).cancelled = false;
    s.at(2, null, () => log.push('cancelled')).cancelled = true;
    s.at(50, null, () => log.push('beyond'));
    drain(s, 10);
    expect(log).toEqual(['kept']);
    expect(s.next(100)?.t).toBe(50);
  });

  it('holds a paused owner’s tasks and releases them in their original order', () => {
    const s = new Scheduler();
    const owner: Owner = { paused: false, held: [] };
    const log: string[] = [];
    s.at(0, null, () => (owner.paused = true));
    s.at(5, owner, () => log.push(`o1@${s.now}`));
    s.at(3, owner, () => log.push(`o0@${s.now}`));
    s.at(7, null, () => log.push(`other@${s.now}`));
    s.at(9, owner, () => log.push(`o2@${s.now}`));
    s.at(20, null, () => {
      owner.paused = false;
      s.release(owner);
    });
    drain(s);
    expect(log).toEqual(['other@7', 'o0@20', 'o1@20', 'o2@20']);
  });
});
