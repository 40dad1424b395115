// The virtual clock and the discrete-event queue: tasks run in order of time, then of insertion.
// A task may belong to a node; while that node is paused its tasks are held back, and they run
// in their original order when the pause ends.

export interface Owner {
  paused: boolean;
  /** Tasks that came due while paused, in the order they came due. */
  held: Task[];
}

export interface Task {
  t: number;
  seq: number;
  owner: Owner | null;
  fn: () => void;
  cancelled: boolean;
}

export class Scheduler {
  now = 0;
  #heap: Task[] = [];
  #seq = 0;

  /** Runs `fn` at virtual time `t` (never earlier than now) on behalf of `owner`. */
  at(t: number, owner: Owner | null, fn: () => void): Task {
    const task: Task = { t: t < this.now ? this.now : t, seq: 0, owner, fn, cancelled: false };
    this.#push(task);
    return task;
  }

  /** The next task to run at or before `until`, advancing the clock; paused owners' tasks are held. */
  next(until: number): Task | undefined {
    const heap = this.#heap;
    while (heap.length > 0 && heap[0]!.t <= until) {
      const task = this.#pop();
      this.now = task.t;
      if (task.cancelled) continue;
      if (task.owner?.paused) {
        task.owner.held.push(task);
        continue;
      }
      return task;
    }
    return undefined;
  }

  /** Re-queues a resumed owner's held tasks at the current time, keeping their order. */
  release(owner: Owner): void {
    const held = owner.held;
    owner.held = [];
    for (const task of held) {
      task.t = this.now;
      this.#push(task);
    }
  }

  #push(task: Task): void {
    task.seq = this.#seq++;
    const heap = this.#heap;
    let i = heap.length;
    heap.push(task);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(task, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = task;
  }

  #pop(): Task {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: Task, b: Task): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
