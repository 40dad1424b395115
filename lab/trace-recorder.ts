// The lab's trace recorder: events arrive from the lab itself, the store service, the etcd watcher
// and both worker processes (each stamped with lesson time where it happened), in whatever order the
// pipes deliver them. finish() turns them into one trace in the kit's TraceEvent format: ordered by
// time (ties keep arrival order), seq renumbered, the field order of kit/trace.ts.
import type { TraceEvent } from '../sandboxes/kit/types.ts';

interface Raw {
  t: number;
  node: string;
  kind: string;
  fields: Record<string, unknown>;
  arrival: number;
}

export class TraceRecorder {
  #raw: Raw[] = [];

  add(t: number, node: string, kind: string, fields: Record<string, unknown> = {}): void {
    this.#raw.push({ t, node, kind, fields, arrival: this.#raw.length });
  }

  /** Drops recorded events that match (used to tell an expiry from a release once both are known). */
  remove(match: (e: { kind: string; fields: Record<string, unknown> }) => boolean): void {
    this.#raw = this.#raw.filter((e) => !match(e));
  }

  finish(): TraceEvent[] {
    return [...this.#raw]
      .sort((a, b) => a.t - b.t || a.arrival - b.arrival)
      .map((e, seq) => ({ t: Math.max(0, e.t), node: e.node, seq, kind: e.kind, ...e.fields }) as TraceEvent);
  }
}
