// Hand-built traces for the tests of what reads a trace (the judge, the badge’s words, the timeline):
// events written without their seq, numbered in order by trace(), and builders for the common ones.
import type { judge } from '../../sandboxes/kit/judge.ts';
import type { TraceEvent } from '../../sandboxes/kit/types.ts';

/** A trace event before trace() numbers it. */
export type Draft = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never;

export const trace = (...events: Draft[]): TraceEvent[] => events.map((e, seq) => ({ ...e, seq }));

/** The lock service grants `holder` a lease under `token` on job-leader, for 10 s unless `expiresAt` says. */
export const grant = (t: number, holder: string, token: number, expiresAt = t + 10_000): Draft => ({
  kind: 'grant',
  t,
  node: 'lock',
  key: 'job-leader',
  holder,
  token,
  expiresAt,
});

/** The lock service expires `holder`'s lease (token `token`) on job-leader. */
export const expire = (t: number, holder: string, token: number): Draft => ({
  kind: 'expire',
  t,
  node: 'lock',
  key: 'job-leader',
  holder,
  token,
});

/** A write to result.csv (lesson 1’s store) that the store accepted or refused. */
export const write = (
  kind: 'write-accepted' | 'write-rejected',
  t: number,
  writer: string,
  leaseToken: number | null,
  highest: number | null,
  token?: number,
  reason?: string,
): Draft => ({
  kind,
  t,
  node: 'store',
  key: 'result.csv',
  writer,
  token,
  leaseToken,
  highest,
  value: `result computed by ${writer}`,
  ...(reason ? { reason } : {}),
});

/** The kinds of a verdict’s findings, in the judge’s order. */
export const kinds = (v: ReturnType<typeof judge>) => v.findings.map((f) => f.kind);
