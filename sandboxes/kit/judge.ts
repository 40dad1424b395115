// The judge: a pure function of the trace. It walks the trace once and lists findings (each a kind of
// VERDICT_KINDS, a sentence exactly true of the trace, the event that shows it and the writers and
// tokens involved); the primary verdict is the finding whose kind comes first in VERDICT_KINDS.
//  - order at the store: no write accepted with a lease token below one already accepted for its key;
//  - a deposed holder's accepted write (a newer token had been granted when the store accepted it)
//    is always a finding, even when it broke no order;
//  - progress: the current leader's writes end up in the store; a refused write whose token was the
//    newest granted is a progress failure, and only a really stale refused token is "stale write rejected";
//  - lost update (versioned store, lesson 2): an accepted write replaced a version of its key that
//    its writer had never seen, so the update that made that version was overwritten unread. A write
//    refused only by its compare-and-set condition is no finding by itself: the writer may re-read and retry.
// Tokens here are ground truth: the lock service's number for the writer's lease (`leaseToken`), which
// a write may carry, carry wrongly (wall-clock tokens) or not carry at all (sandbox 1's starter).
import { seconds } from './log.ts';
import { VERDICT_INFO, VERDICT_KINDS } from './types.ts';
import type { Finding, LeaseRef, TraceEvent, Verdict, VerdictKind, WriteRef } from './types.ts';

type Write = Extract<TraceEvent, { kind: 'write-accepted' | 'write-rejected' }>;

/** How many findings besides the primary one the summary names (the Verdict lists them all). */
const OTHERS_IN_SUMMARY = 3;

export function judge(trace: readonly TraceEvent[]): Verdict {
  const findings: Finding[] = [];
  let newest: LeaseRef | undefined; // the newest lease granted so far
  const top = new Map<string, WriteRef>(); // per key: the accepted write with the highest lease token
  const last = new Map<string, WriteRef>(); // per key: the last accepted write
  const keys: string[] = []; // every key a write reached, in order
  const ended = new Set<number>(); // tokens whose lease has expired or been released

  // One pass. An error event (a run's last) makes the verdict whatever came before it; the findings
  // gathered until then are dropped.
  for (const e of trace) {
    if (e.kind === 'error') return errorVerdict(e, e.node, e.seq);
    if (e.kind === 'grant') {
      if (!newest || e.token > newest.token) newest = { holder: e.holder, token: e.token, seq: e.seq, t: e.t };
      continue;
    }
    if (e.kind === 'expire' || e.kind === 'release') {
      ended.add(e.token);
      continue;
    }
    if (e.kind !== 'write-accepted' && e.kind !== 'write-rejected') continue;
    const w = writeRef(e);
    if (!keys.includes(w.key)) keys.push(w.key);
    const mine = w.leaseToken ?? -Infinity;
    const superseded = newest !== undefined && mine < newest.token;
    if (w.accepted) {
      const before = top.get(w.key);
      if (before && mine < before.leaseToken!) findings.push(staleAccepted(w, before, newest!));
      else if (superseded) findings.push(deposedAccepted(w, newest!));
      if (replacedUnseen(w)) findings.push(lostUpdate(w, last.get(w.key)));
      if (w.leaseToken !== null && (!before || w.leaseToken > before.leaseToken!)) top.set(w.key, w);
      last.set(w.key, w);
    } else if (superseded) {
      findings.push(staleRejected(w, newest!));
    } else if (conflict(w)) {
      // The current leader's compare-and-set found a newer version: it may re-read and retry; the final state judges progress.
    } else if (newest && !(w.leaseToken !== null && ended.has(w.leaseToken))) {
      findings.push(leaderRefused(w, newest)); // its token was the newest granted and still live: the store turned away the leader
    } // else: its lease had ended with no newer grant yet; refusing it is right, and the progress check below still applies
  }

  // Progress: every key a write reached ends holding the write of the newest lease's holder, made under that lease.
  const leader = newest;
  if (!leader) {
    findings.push({ kind: 'no-progress', sentence: 'no lease was ever granted.' });
  } else if (keys.length === 0) {
    findings.push({
      kind: 'no-progress',
      sentence: `no write reached the store; the newest lease granted was ${leader.holder}’s, token ${leader.token}.`,
      decidedBy: leader.seq,
      newer: leader,
    });
  } else {
    for (const key of keys) {
      const final = last.get(key);
      if (!final) {
        findings.push({
          kind: 'no-progress',
          sentence: `no write to ${key} was accepted; the newest lease granted was ${leader.holder}’s, token ${leader.token}.`,
          decidedBy: leader.seq,
          newer: leader,
        });
      } else if (!isLeaders(final, leader)) {
        findings.push({
          kind: 'no-progress',
          sentence: `${key} ends holding ${final.writer}’s write${carrying(final)} rather than a write from ${leader.holder} under the newest lease, token ${leader.token}${leaseNote([final])}.`,
          decidedBy: final.seq,
          write: final,
          newer: leader,
        });
      }
    }
  }

  const progress = leader
    ? keys.map((key) => last.get(key)).filter((w): w is WriteRef => !!w && isLeaders(w, leader))
    : [];
  // Nothing else found means progress held (every key ends holding the leader's write).
  if (findings.length === 0) {
    findings.push({
      kind: 'no-stale-write',
      sentence: 'no write from a deposed holder reached the store.',
      decidedBy: progress[0]!.seq,
      write: progress[0],
    });
  }
  return verdictOf(findings, progress);
}

/** The verdict for a reader's error: a run that threw, did not parse or never finished. */
export function errorVerdict(
  error: { message: string; file?: string; line?: number },
  node?: string,
  seq?: number,
): Verdict {
  const { message, file, line } = error;
  const where = file ? ` (${file}${line ? ` line ${line}` : ''})` : '';
  const sentence = `${node ? `on ${node}` : 'in your code'}${where}: ${message}`;
  const finding: Finding = { kind: 'error', sentence, ...(seq === undefined ? {} : { decidedBy: seq }) };
  return {
    kind: 'error',
    ok: false,
    summary: `Error ${sentence}`,
    ...(seq === undefined ? {} : { decidedBy: seq }),
    error: { message, file, line },
    findings: [finding],
  };
}

/** Each kind's place in VERDICT_KINDS: lower is more serious. */
const RANK = Object.fromEntries(VERDICT_KINDS.map((k, i) => [k, i])) as Record<VerdictKind, number>;

function verdictOf(findings: Finding[], progress: WriteRef[]): Verdict {
  if (findings.length > 1) findings.sort((a, b) => RANK[a.kind] - RANK[b.kind]); // stable: trace order within a kind
  const primary = findings[0]!;
  const { ok, label } = VERDICT_INFO[primary.kind];
  const parts = [`${label}: ${primary.sentence}`];
  if (ok) parts.push(progressSentence(progress));
  // A key left holding a stale write is said by the stale-write finding already; the list keeps both.
  const others =
    findings.length === 1
      ? []
      : findings
          .slice(1)
          .filter(
            (f) =>
              !(
                f.kind === 'no-progress' &&
                f.write?.accepted &&
                findings.some((g) => g.kind === 'stale-write-accepted' && g.write?.seq === f.write!.seq)
              ),
          );
  for (const f of others.slice(0, OTHERS_IN_SUMMARY))
    parts.push(`Also, ${VERDICT_INFO[f.kind].label.toLowerCase()}: ${f.sentence}`);
  if (others.length > OTHERS_IN_SUMMARY)
    parts.push(
      `(${others.length - OTHERS_IN_SUMMARY} more ${others.length - OTHERS_IN_SUMMARY === 1 ? 'finding' : 'findings'} not shown.)`,
    );
  return {
    kind: primary.kind,
    ok,
    summary: parts.join(' '),
    ...(primary.decidedBy === undefined ? {} : { decidedBy: primary.decidedBy }),
    findings,
  };
}

// ---- The findings, each in words that hold whether the write carried its token, another value, or none.

function staleAccepted(w: WriteRef, before: WriteRef, newest: LeaseRef): Finding {
  return {
    kind: 'stale-write-accepted',
    sentence: `${w.writer}’s write to ${w.key}${carrying(w)} was accepted at ${seconds(w.t)}, after the store had already accepted ${before.writer}’s write${carrying(before)} at ${seconds(before.t)}: order broken, an older lease’s write landed on a newer one’s${leaseNote([w, before])}.`,
    decidedBy: w.seq,
    write: w,
    newer: newest,
    overwrote: before,
  };
}

function deposedAccepted(w: WriteRef, newest: LeaseRef): Finding {
  const order = exact(w)
    ? `The store had accepted no write with a newer token for ${w.key} yet, so the writes it accepted stayed in token order (all that a highest-seen token check would promise)`
    : `The store had accepted no write under a newer lease for ${w.key} yet, so the writes it accepted stayed in the order of the lock service’s grants`;
  return {
    kind: 'deposed-write-accepted',
    sentence: `${w.writer}’s write to ${w.key}${carrying(w)} was accepted at ${seconds(w.t)}, after ${grantedAway(w, newest)}${deposed(w, newest)}${leaseNote([w])}. ${order}; yet ${w.writer}’s write landed after the lease had passed to ${newest.holder === w.writer ? 'a newer grant' : newest.holder}.`,
    decidedBy: w.seq,
    write: w,
    newer: newest,
  };
}

function staleRejected(w: WriteRef, newest: LeaseRef): Finding {
  return {
    kind: 'stale-write-rejected',
    sentence: `${w.writer}’s write to ${w.key}${carrying(w)} was refused at ${seconds(w.t)}${reasonOf(w)}; it was stale, since ${grantedAway(w, newest)}${deposed(w, newest)}${leaseNote([w])}.`,
    decidedBy: w.seq,
    write: w,
    newer: newest,
  };
}

function leaderRefused(w: WriteRef, newest: LeaseRef): Finding {
  const its = exact(w) ? `token ${w.token}` : `${w.writer}’s lease`;
  return {
    kind: 'no-progress',
    sentence: `the store refused ${w.writer}’s write to ${w.key}${carrying(w)} at ${seconds(w.t)}${reasonOf(w)}, yet ${its} was the newest the lock service had granted${leaseNote([w])}: the store turned away the current leader, not a stale writer.`,
    decidedBy: w.seq,
    write: w,
    newer: newest,
  };
}

function lostUpdate(w: WriteRef, lost: WriteRef | undefined): Finding {
  const theirs = lost && lost.version === w.replaced ? lost : undefined;
  const made = theirs ? ` (${theirs.writer}’s write${carrying(theirs)}, accepted at ${seconds(theirs.t)})` : '';
  const seen =
    w.basedOn === null || w.basedOn === undefined
      ? `${w.writer} had never read ${w.key}`
      : `the newest version ${w.writer} had seen was ${w.basedOn}`;
  const gone = theirs
    ? `${theirs.writer}’s update was acknowledged, then overwritten by a write computed without it`
    : 'the update that made it was overwritten by a write computed without it';
  return {
    kind: 'lost-update',
    sentence: `${w.writer}’s write to ${w.key}${carrying(w)}, accepted at ${seconds(w.t)}, replaced version ${w.replaced}${made}, yet ${seen}: ${gone}${leaseNote(theirs ? [w, theirs] : [w])}.`,
    decidedBy: w.seq,
    write: w,
    ...(theirs ? { lost: theirs } : {}),
  };
}

function progressSentence(progress: WriteRef[]): string {
  return `In the end ${progress.map((w) => `${w.key} holds ${w.writer}’s write${carrying(w)}${leaseNote([w])}`).join('; ')}.`;
}

// ---- Words.

/** The write's fields, optional ones only when present, in this order (assigned, not spread: this runs for every write of every explored schedule). */
function writeRef(e: Write): WriteRef {
  const w: WriteRef = {
    seq: e.seq,
    t: e.t,
    key: e.key,
    writer: e.writer,
    accepted: e.kind === 'write-accepted',
    leaseToken: e.leaseToken,
  };
  if (e.token !== undefined) w.token = e.token;
  if (e.reason) w.reason = e.reason;
  if (e.version !== undefined) w.version = e.version;
  if (e.replaced !== undefined) w.replaced = e.replaced;
  if (e.basedOn !== undefined) w.basedOn = e.basedOn;
  if (e.ifVersion !== undefined) w.ifVersion = e.ifVersion;
  return w;
}

/** An accepted write to a versioned key that replaced a version other than the newest its writer had seen (or any, unseen). */
function replacedUnseen(w: WriteRef): boolean {
  return w.replaced !== undefined && w.basedOn !== undefined && w.replaced !== (w.basedOn ?? 0);
}

/** A write refused because the key was no longer at the version its compare-and-set named. */
function conflict(w: WriteRef): boolean {
  return w.ifVersion !== undefined && w.version !== undefined && w.ifVersion !== w.version;
}

function isLeaders(w: WriteRef, leader: LeaseRef): boolean {
  return w.writer === leader.holder && w.leaseToken === leader.token;
}

/** Whether the write carried exactly its lease's token (then "with token N" says everything). */
const exact = (w: WriteRef) => w.token !== undefined && w.token === w.leaseToken;

/** Wall-clock tokens are fractional milliseconds. */
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** " with token 33"; " carrying token 1234.5" when it carried something else; nothing when it carried none. */
function carrying(w: WriteRef): string {
  return exact(w) ? ` with token ${w.token}` : w.token === undefined ? '' : ` carrying token ${num(w.token)}`;
}

/** "the lock service had granted B token 34 at 10.790 s", true also when the writer itself re-acquired. */
function grantedAway(w: WriteRef, newest: LeaseRef): string {
  const when = `at ${seconds(newest.t)}`;
  if (newest.holder === w.writer)
    return `the lock service had granted ${w.writer} a newer lease, token ${newest.token}, ${when}`;
  return `the lock service had granted ${newest.holder} token ${newest.token} ${when}`;
}

/** ": A had been deposed" (or that it held no lease at all). */
function deposed(w: WriteRef, newest: LeaseRef): string {
  if (w.leaseToken === null) return `, and ${w.writer} held no lease`;
  return newest.holder === w.writer ? '' : `: ${w.writer} had been deposed`;
}

/**
 * For writes that did not carry their lease's token: the lock service's numbers for the leases and
 * what each write carried instead, so no sentence implies a writer kept a token it never sent.
 */
function leaseNote(writes: WriteRef[]): string {
  if (writes.every(exact)) return '';
  const leased = writes.filter((w) => w.leaseToken !== null);
  const unleased = writes.filter((w) => w.leaseToken === null).map((w) => `${w.writer} held no lease`);
  const numbered = leased.length
    ? [
        `the lock service numbered ${leased.map((w, i) => (i === 0 ? `${w.writer}’s lease ${w.leaseToken}` : `${w.writer}’s ${w.leaseToken}`)).join(' and ')}`,
      ]
    : [];
  const odd = writes.filter((w) => !exact(w));
  const carried =
    odd.length === 2 && odd.every((w) => w.token === undefined)
      ? 'neither write carried a token'
      : odd
          .map((w) => `${w.writer}’s write carried ${w.token === undefined ? 'no token' : num(w.token)}`)
          .join(' and ');
  return ` (${[...numbered, ...unleased].join(', ')}; ${carried})`;
}

function reasonOf(w: WriteRef): string {
  return w.reason ? ` (${w.reason})` : '';
}
