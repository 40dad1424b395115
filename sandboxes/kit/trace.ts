// The trace recorder: stamps each event with the virtual time and its position, in one field order
// (t, node, seq, kind, ...) so that the same run serialises to the same bytes.
import type { NodeName, TraceEvent } from './types.ts';

/** The member of the union whose kind includes K (writes share one member for two kinds). */
type EventOf<K extends TraceEvent['kind']> = TraceEvent extends infer E
  ? E extends TraceEvent
    ? K extends E['kind']
      ? E
      : never
    : never
  : never;
type Fields<K extends TraceEvent['kind']> = Omit<EventOf<K>, 't' | 'node' | 'seq' | 'kind'>;

export class Trace {
  readonly events: TraceEvent[] = [];
  /** Once closed (the run ended), late calls from abandoned reader code record nothing. */
  closed = false;
  #clock: { now: number };
  #onEvent: ((event: TraceEvent) => void) | undefined;

  constructor(clock: { now: number }, onEvent?: (event: TraceEvent) => void) {
    this.#clock = clock;
    this.#onEvent = onEvent;
  }

  emit<K extends TraceEvent['kind']>(node: NodeName, kind: K, fields: Fields<K>): void {
    if (!this.closed)
      this.#record({ t: this.#clock.now, node, seq: this.events.length, kind, ...fields } as TraceEvent);
  }

  // Messages are most of a trace: these build their events without emit()'s generic spread.
  sent(kind: 'send' | 'drop', node: NodeName, to: NodeName, msg: string, id: number): void {
    if (!this.closed) this.#record({ t: this.#clock.now, node, seq: this.events.length, kind, to, msg, id });
  }

  received(node: NodeName, from: NodeName, msg: string, id: number): void {
    if (!this.closed)
      this.#record({ t: this.#clock.now, node, seq: this.events.length, kind: 'receive', from, msg, id });
  }

  #record(event: TraceEvent): void {
    this.events.push(event);
    this.#onEvent?.(event);
  }
}
