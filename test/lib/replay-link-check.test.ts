// What a broken replay link says: each way a link goes wrong gets a sentence naming the fault and
// what the page expected, and the place it is meant for; a good link comes back as the link.
import { describe, expect, it } from 'vitest';
import {
  checkCodeLink,
  checkReplayLink,
  linkWithoutPlace,
  type ReplayPlace,
  type SandboxHomes,
} from '../../src/lib/replay-url.ts';

const PLACES: ReplayPlace[] = [
  { sandbox: 'acquire-then-write', kind: 'sandbox', versions: ['mine', 'solution'] },
  { sandbox: 'fencing-token', kind: 'sandbox', versions: ['mine', 'solution'] },
  { sandbox: 'fencing-token', kind: 'explore', versions: ['mine', 'no-fix', 'ttl-x3'] },
];
const HOMES: SandboxHomes = { 'etcd-token': { href: '/lessons/tokens-from-etcd/', title: 'Tokens from etcd' } };
const check = (q: string) => checkReplayLink(q, PLACES, HOMES);
const problem = (q: string) => {
  const out = check(q);
  if (out.kind !== 'broken') throw new Error(`${q}: expected broken, got ${out.kind}`);
  return out;
};

describe('checking a replay link against the page', () => {
  it('no replay parameter: nothing to do', () => {
    expect(check('?runner=worker')).toEqual({ kind: 'none' });
  });

  it('good links come back with the place that replays them', () => {
    expect(check('?replay=fencing-token&variant=ttl-x3&seed=123')).toEqual({
      kind: 'ok',
      link: { sandbox: 'fencing-token', variant: 'ttl-x3', seed: 123 },
      place: PLACES[2],
    });
    expect(check('?replay=fencing-token&variant=mine&schedule=default&seed=7')).toEqual({
      kind: 'ok',
      link: { sandbox: 'fencing-token', variant: 'mine', seed: 7, schedule: 'default' },
      place: PLACES[1],
    });
    expect(check('?replay=fencing-token&seed=4294967295')).toMatchObject({ kind: 'ok', link: { seed: 4294967295 } });
  });

  it.each([
    ['seed=abc', /its seed “abc” is not a whole number from 0 to 4,294,967,295; it expects seed= a whole number/],
    ['seed=-1', /its seed “-1” is not a whole number/],
    ['seed=1e309', /its seed “1e309” is not a whole number/],
    ['seed=4.5', /its seed “4\.5” is not a whole number/],
    [
      'seed=',
      /it has no seed \(seed= is empty\); it expects seed= a whole number from 0 to 4,294,967,295, for example seed=7\./,
    ],
    ['', /it has no seed \(seed= is missing\)/],
    ['seed=4294967296', /its seed “4294967296” is larger than 4,294,967,295/],
    [`seed=${'9'.repeat(10_000)}`, /its seed “9{32}…” \(10,000 characters\) is larger than/],
    [
      'seed=7&seed=8',
      /it gives seed= more than once \(“7” and “8”\); it expects each of replay=, variant=, schedule= and seed= at most once\./,
    ],
  ])('a bad seed (%s) says what is wrong and what it expected', (seed, message) => {
    const out = problem(`?replay=fencing-token&variant=ttl-x3${seed ? `&${seed}` : ''}`);
    expect(out.problem).toMatch(/^This replay link cannot be opened: /);
    expect(out.problem).toMatch(message);
    expect(out.place).toEqual(PLACES[2]);
  });

  it('an unknown sandbox lists the sandboxes on the page, at the explore panel', () => {
    const out = problem('?replay=nope&seed=7');
    expect(out.problem).toBe(
      'This replay link cannot be opened: it names a sandbox “nope”, which is not on this page. This page replays acquire-then-write and fencing-token.',
    );
    expect(out.place).toEqual(PLACES[2]);
    expect(problem(`?replay=${'x'.repeat(10_000)}&seed=7`).problem).toMatch(
      /names a sandbox “x{32}…” \(10,000 characters\), which is not on this page/,
    );
    expect(problem('?replay=&seed=7').problem).toMatch(/names no sandbox/);
  });

  it('a sandbox of another lesson is named with that lesson, and the link points there', () => {
    const out = problem('?replay=etcd-token&schedule=default&seed=7');
    expect(out.problem).toBe(
      'This replay link cannot be opened: it is for the sandbox etcd-token, which is in another lesson, “Tokens from etcd”.',
    );
    expect(out.elsewhere).toBe('/lessons/tokens-from-etcd/');
    expect(out.place).toEqual(PLACES[2]);
    // Not an inherited name: "constructor" is no lesson’s sandbox.
    expect(problem('?replay=constructor&seed=7')).not.toHaveProperty('elsewhere');
  });

  it('an unknown version lists the versions that place has', () => {
    expect(problem('?replay=fencing-token&variant=ttl-x9&seed=7').problem).toBe(
      'This replay link cannot be opened: it asks for a version “ttl-x9”, which the Explore panel of fencing-token does not have; it has the starter files (no variant=), variant=mine, variant=no-fix and variant=ttl-x3.',
    );
    const run = problem('?replay=fencing-token&variant=ttl-x3&schedule=default&seed=7');
    expect(run.problem).toMatch(
      /which the sandbox fencing-token does not have; it has the starter files \(no variant=\), variant=mine and variant=solution\./,
    );
    expect(run.place).toEqual(PLACES[1]);
    expect(problem(`?replay=fencing-token&variant=${'v'.repeat(10_000)}&seed=7`).problem).toMatch(
      /“v{32}…” \(10,000 characters\)/,
    );
  });

  it('a drawn schedule where no explore panel is, or an unknown schedule, is named', () => {
    expect(problem('?replay=acquire-then-write&seed=7').problem).toMatch(
      /this page has no Explore panel for acquire-then-write; a sandbox’s own Run link says schedule=default/,
    );
    expect(problem('?replay=fencing-token&schedule=weekly&seed=7').problem).toMatch(
      /its schedule “weekly” is not one this page knows/,
    );
  });

  it('a parameter given twice is said at the place the link names, when it names one', () => {
    expect(problem('?replay=fencing-token&schedule=default&seed=7&seed=7').place).toEqual(PLACES[1]);
    expect(problem('?replay=fencing-token&replay=fencing-token&seed=7').place).toEqual(PLACES[2]);
    const two = problem('?replay=fencing-token&replay=acquire-then-write&seed=7');
    expect(two.problem).toMatch(/it gives replay= more than once \(“fencing-token” and “acquire-then-write”\)/);
    // The first sandbox it names that this page has (not the page’s first sandbox).
    expect(two.place).toEqual(PLACES[2]);
    expect(problem('?replay=nope&replay=fencing-token&schedule=default&seed=7').place).toEqual(PLACES[1]);
  });

  it('quoted values write out invisible characters, so a direction override cannot turn the sentence round', () => {
    expect(problem('?replay=fencing-token&variant=ttl-x3&seed=%E2%80%AE12').problem).toMatch(
      /its seed “\\u\{202E\}12” is not a whole number/,
    );
    expect(problem('?replay=fencing-token&variant=ttl-x3&seed=%00').problem).toMatch(/its seed “\\u\{0\}” is not/);
  });

  it('quoted values never carry markup or line breaks through unchanged length', () => {
    const out = problem('?replay=fencing-token&variant=%3Cimg%0Asrc%3Dx%3E&seed=7');
    expect(out.problem).toContain('“<img\\u{A}src=x>”'); // shown as text by the page (textContent), one line
  });

  it('quoted values write out look-alikes of ASCII, so a name that differs shows where', () => {
    expect(problem('?replay=fencing-token&variant=ttl%E2%80%90x3&seed=7').problem).toMatch(
      /asks for a version “ttl\\u\{2010\}x3”, which .* variant=ttl-x3/,
    );
    expect(problem('?replay=fencing-token&variant=ttl-x3&seed=%EF%BC%97').problem).toMatch(/its seed “\\u\{FF17\}”/);
  });

  it('quoted values write out whitespace other than a plain space: a tab or no-break space is not a typo', () => {
    expect(problem('?replay=fencing-token&schedule=default&variant=mine%09&seed=7').problem).toMatch(
      /asks for a version “mine\\u\{9\}”/,
    );
    expect(problem('?replay=fencing-token&variant=ttl-x3&seed=%C2%A07').problem).toMatch(/its seed “\\u\{A0\}7”/);
  });
});

describe('checking code in a link that lost its replay', () => {
  const code = (search: string, hash: string) => checkCodeLink(search, hash, PLACES, HOMES);

  it('code after a sandbox anchor, with no replay=, is offered at that sandbox', () => {
    expect(code('', '#replay-fencing-token&code=abc_-1')).toEqual({
      kind: 'code',
      payload: 'abc_-1',
      place: PLACES[1],
    });
    expect(code('?runner=worker', '#replay-acquire-then-write&code=x')).toMatchObject({ place: PLACES[0] });
  });

  it('is not its business when the link asks for a replay, or carries no code', () => {
    expect(code('?replay=fencing-token&seed=7', '#replay-fencing-token&code=abc')).toEqual({ kind: 'none' });
    expect(code('', '#replay-fencing-token')).toEqual({ kind: 'none' });
    expect(code('', '')).toEqual({ kind: 'none' });
  });

  it('code for another lesson’s sandbox points there; for no sandbox or an unknown one, says so at the first sandbox', () => {
    const elsewhere = code('', '#replay-etcd-token&code=abc');
    expect(elsewhere).toEqual({
      kind: 'broken',
      problem: 'This link carries code for the sandbox etcd-token, which is in another lesson, “Tokens from etcd”.',
      place: PLACES[0],
      elsewhere: '/lessons/tokens-from-etcd/',
    });
    expect(code('', '#replay-nope&code=abc')).toMatchObject({
      problem:
        'This link carries code for a sandbox “nope”, which is not on this page. This page has the sandboxes acquire-then-write and fencing-token.',
      place: PLACES[0],
    });
    expect(code('', '#code=abc')).toMatchObject({
      problem: expect.stringMatching(
        /^This link carries code, but it does not say which sandbox it is for, nor which run/,
      ) as string,
      place: PLACES[0],
    });
  });
});

describe('a link opened on a page with no sandbox', () => {
  const homes: SandboxHomes = {
    'keep-alive': { href: '/lessons/leader-election/', title: 'Leader election' },
    'etcd-token': { href: '/lessons/tokens-from-etcd/', title: 'Where the token comes from' },
  };
  const at = (search: string, hash = '') => linkWithoutPlace(search, hash, homes);

  it('names the lesson that holds the sandbox, for a replay link or code after its anchor', () => {
    expect(at('?replay=keep-alive&schedule=default&seed=7', '#replay-keep-alive')).toEqual({
      problem:
        'This replay link is for the sandbox keep-alive, which is in the lesson “Leader election”; this page has no sandboxes.',
      elsewhere: '/lessons/leader-election/',
    });
    expect(at('', '#replay-etcd-token&code=abc')).toEqual({
      problem:
        'The code this link carries is for the sandbox etcd-token, which is in the lesson “Where the token comes from”; this page has no sandboxes.',
      elsewhere: '/lessons/tokens-from-etcd/',
    });
  });

  it('an unknown or missing sandbox lists the lessons’ sandboxes; an ordinary address is left alone', () => {
    expect(at('?replay=nope&seed=7')).toEqual({
      problem:
        'This replay link names a sandbox “nope”, which no lesson has, and this page has no sandboxes. The lessons’ sandboxes are keep-alive and etcd-token.',
    });
    expect(at('', '#code=abc')?.problem).toMatch(/^The code this link carries names no sandbox, and this page/);
    expect(at('?replay=constructor&seed=7')).not.toHaveProperty('elsewhere');
    expect(at('', '#lessons')).toBeNull();
    expect(at('?utm_source=x')).toBeNull();
  });
});
