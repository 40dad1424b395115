// The address of one replayed run: which sandbox, which variant of its files (optional), which
// seed, and which schedule.
//   `/lessons/leader-election/?replay=fencing-token&variant=ttl-x3&seed=123456#replay`
//     an explored run: the schedule exploring draws for the seed (the Explore panel replays it)
//   `/lessons/leader-election/?replay=keep-alive&variant=mine&schedule=default&seed=7#replay-keep-alive`
//     a sandbox's Run: the lesson's own schedule with that seed (the sandbox replays it)
// Links without `schedule` (all links made before it existed) mean the drawn schedule.
// Pure: parse and format round-trip; anything malformed parses to null, and checkReplayLink() says
// in words what is wrong with it and what the page expected (the page shows that at the replay's place).

export interface ReplayLink {
  /** The sandbox id (a folder under sandboxes/). */
  sandbox: string;
  /**
   * A variant name from the sandbox's sandbox.ts; 'mine' for the reader's own edits (which replay
   * from the opener's browser); absent for the starter files.
   */
  variant?: string;
  /** The run's seed. */
  seed: number;
  /**
   * Which schedule ran with the seed: 'drawn' (absent) is the one exploring draws for it
   * (`drawSchedule(seed)`, the CLI's `--drawn`); 'default' is the scenario's own, as the sandbox's
   * Run button runs it (the CLI without `--drawn`).
   */
  schedule?: ReplaySchedule;
}

export type ReplaySchedule = 'drawn' | 'default';

/** The fragment key that carries a shared link's code (share-code.ts), after the anchor: `#replay-x&code=…`. */
export const CODE_KEY = 'code';
/** The code a fragment carries (what follows `code=`), after the anchor as links are made (`#replay-x&code=…`) or first when the anchor was lost (`#code=…`); null when none. */
export function codeInFragment(hash: string): string | null {
  const part = hash
    .replace(/^#/, '')
    .split('&')
    .find((p) => p.startsWith(`${CODE_KEY}=`));
  return part === undefined ? null : part.slice(CODE_KEY.length + 1);
}

/** The fragment the replay view answers to. */
export const REPLAY_HASH = 'replay';
/** The variant name that means "the reader's own edits". */
export const MY_CODE = 'mine';
/** The query parameters a replay link owns. */
const PARAMS = ['replay', 'variant', 'schedule', 'seed'] as const;

/** The fragment of a sandbox's own step-through (the id of its container). */
export function sandboxReplayHash(sandbox: string): string {
  return `replay-${sandbox}`;
}

/** Whether the link names the scenario's own schedule (the sandbox's Run), not an explored one. */
export function isDefaultSchedule(link: Pick<ReplayLink, 'schedule'>): boolean {
  return link.schedule === 'default';
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const MAX_SEED = 0xffffffff;

export function isName(s: string): boolean {
  return NAME.test(s);
}

export function parseReplayLink(search: string | URLSearchParams): ReplayLink | null {
  const params =
    typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
  const sandbox = params.get('replay');
  const seedText = params.get('seed');
  const variant = params.get('variant');
  const schedule = params.get('schedule');
  if (schedule !== null && schedule !== '' && schedule !== 'drawn' && schedule !== 'default') return null;
  if (!sandbox || !isName(sandbox) || seedText === null || !/^\d{1,10}$/.test(seedText)) return null;
  const seed = Number(seedText);
  if (seed > MAX_SEED) return null;
  if (variant !== null && variant !== '' && !isName(variant)) return null;
  const link: ReplayLink = variant ? { sandbox, variant, seed } : { sandbox, seed };
  if (schedule === 'default') link.schedule = 'default';
  return link;
}

/**
 * The link for a run, on the page at `base` (an absolute URL or a path). Other query parameters of
 * `base` are kept; replay ones are replaced; the fragment becomes `#${hash}` (#replay, the Explore
 * panel's replay, unless told otherwise). A drawn schedule is left implicit, as in older links.
 */
export function formatReplayLink(link: ReplayLink, base: string, hash: string = REPLAY_HASH): string {
  if (!isName(link.sandbox)) throw new Error(`formatReplayLink: bad sandbox id ${JSON.stringify(link.sandbox)}`);
  if (link.variant !== undefined && !isName(link.variant))
    throw new Error(`formatReplayLink: bad variant ${JSON.stringify(link.variant)}`);
  if (!Number.isInteger(link.seed) || link.seed < 0 || link.seed > MAX_SEED)
    throw new Error(`formatReplayLink: bad seed ${link.seed}`);
  if (link.schedule !== undefined && link.schedule !== 'drawn' && link.schedule !== 'default')
    throw new Error(`formatReplayLink: bad schedule ${JSON.stringify(link.schedule)}`);
  const absolute = isAbsolute(base);
  const url = new URL(base, 'http://x.invalid');
  for (const key of PARAMS) url.searchParams.delete(key);
  url.searchParams.set('replay', link.sandbox);
  if (link.variant) url.searchParams.set('variant', link.variant);
  if (link.schedule === 'default') url.searchParams.set('schedule', 'default');
  url.searchParams.set('seed', String(link.seed));
  url.hash = hash;
  return absolute ? url.href : `${url.pathname}${url.search}${url.hash}`;
}

/**
 * `href` without a replay: the replay parameters go, other parameters stay, and so does the
 * fragment unless it is one a replay link sets (#replay, #replay-<sandbox>). For the address bar
 * when a replay closes.
 */
export function withoutReplayLink(href: string): string {
  const absolute = isAbsolute(href);
  const url = new URL(href, 'http://x.invalid');
  for (const key of PARAMS) url.searchParams.delete(key);
  const hash = url.hash.slice(1).split('&')[0]!; // '&code=…' rides after the anchor (share-code.ts)
  if (hash === REPLAY_HASH || (hash.startsWith(`${REPLAY_HASH}-`) && isName(hash.slice(REPLAY_HASH.length + 1))))
    url.hash = '';
  return absolute ? url.href : `${url.pathname}${url.search}${url.hash}`;
}

function isAbsolute(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}

/** A place on the page that replays links: a sandbox (its Run's schedule) or an explore panel (drawn schedules, and a Run's when its sandbox is not on the page). */
export interface ReplayPlace {
  sandbox: string;
  kind: 'sandbox' | 'explore';
  /** The variant names it replays besides the starter files (no variant): 'mine', 'solution', 'ttl-x3' … */
  versions: readonly string[];
}

/**
 * The words of the link a problem sentence ends with when the link's sandbox is in another lesson
 * (here, not in ui-strings.ts: this module loads with every lesson page, that one with the apps).
 */
export const OPEN_ELSEWHERE = 'Open this link in that lesson';

/** Sandboxes on the site's other pages, by id: the lesson that holds each (its path and title). */
export type SandboxHomes = Readonly<Record<string, { href: string; title: string }>>;

/** The lesson holding `sandbox`, if the map has it as its own key (not "constructor" and the like). */
function homeOf(homes: SandboxHomes, sandbox: string): SandboxHomes[string] | undefined {
  return Object.hasOwn(homes, sandbox) ? homes[sandbox] : undefined;
}

export type LinkCheck =
  | { kind: 'none' }
  | { kind: 'ok'; link: ReplayLink; place: ReplayPlace }
  /** Code for a sandbox on this page, without a run to replay (the link's `?replay=…` part was lost). */
  | { kind: 'code'; payload: string; place: ReplayPlace }
  /**
   * `place`: where to say it (the place the link was meant for, when it names one on the page);
   * `elsewhere`: the page that holds the sandbox the link names, when it is another lesson.
   */
  | { kind: 'broken'; problem: string; place?: ReplayPlace; elsewhere?: string };

/**
 * 4294967295 → "4,294,967,295". Not toLocaleString: its first call loads the ICU number data, 50 ms or
 * more of main thread, and this module runs with every lesson page (issue 10: the load's long tasks).
 */
function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

const SEED_RANGE = `a whole number from 0 to ${grouped(MAX_SEED)}`;

/**
 * A value from the address, safe to quote in a sentence: short, one line, and every character outside
 * printable ASCII written out. Names and seeds are ASCII: a right-to-left override would otherwise
 * turn the rest of the sentence round, and a look-alike (‐ for -, ７ for 7) would make "“ttl‐x3” … it
 * has ttl-x3" read as a contradiction.
 */
function quote(value: string): string {
  const flat = value.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
  return flat.length > 40 ? `“${flat.slice(0, 32)}…” (${grouped(value.length)} characters)` : `“${flat}”`;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Whether the address asks for a replay, and if so whether this page (its `places`) can show it:
 * the link, or a sentence saying what is wrong with it and what it expected.
 */
export function checkReplayLink(
  search: string | URLSearchParams,
  places: readonly ReplayPlace[],
  homes: SandboxHomes = {},
): LinkCheck {
  const params =
    typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
  if (!params.has('replay')) return { kind: 'none' };
  const bad = (problem: string, place?: ReplayPlace, elsewhere?: string): LinkCheck => ({
    kind: 'broken',
    problem: `This replay link cannot be opened: ${problem}`,
    place,
    ...(elsewhere && { elsewhere }),
  });
  const twice = PARAMS.find((key) => params.getAll(key).length > 1);
  if (twice) {
    // Said at a place the link names (the first of its sandboxes on this page, for its schedule).
    const named = params.getAll('replay').find((id) => places.some((p) => p.sandbox === id));
    const at = places.filter((p) => p.sandbox === named);
    const kind = params.getAll('schedule').join() === 'default' ? 'sandbox' : 'explore';
    return bad(
      `it gives ${twice}= more than once (${list(params.getAll(twice).map(quote))}); it expects each of ${list(PARAMS.map((k) => `${k}=`))} at most once.`,
      at.find((p) => p.kind === kind) ?? at[0] ?? places[0],
    );
  }
  const sandbox = params.get('replay')!;
  const ids = [...new Set(places.map((p) => p.sandbox))];
  const here = places.filter((p) => p.sandbox === sandbox);
  if (here.length === 0) {
    const at = places.find((p) => p.kind === 'explore') ?? places[0];
    const home = homeOf(homes, sandbox);
    if (home)
      return bad(`it is for the sandbox ${sandbox}, which is in another lesson, “${home.title}”.`, at, home.href);
    return bad(
      sandbox === ''
        ? `it names no sandbox (replay= is empty). This page replays ${list(ids)}.`
        : `it names a sandbox ${quote(sandbox)}, which is not on this page. This page replays ${list(ids)}.`,
      at,
    );
  }
  const scheduleText = params.get('schedule');
  if (scheduleText !== null && scheduleText !== '' && scheduleText !== 'drawn' && scheduleText !== 'default') {
    return bad(
      `its schedule ${quote(scheduleText)} is not one this page knows: schedule=default (a sandbox’s Run) or none (an explored schedule).`,
      here[0],
    );
  }
  const schedule: ReplaySchedule = scheduleText === 'default' ? 'default' : 'drawn';
  const place =
    schedule === 'default'
      ? (here.find((p) => p.kind === 'sandbox') ?? here.find((p) => p.kind === 'explore'))
      : here.find((p) => p.kind === 'explore');
  if (!place)
    return bad(
      `it asks for an explored schedule of ${sandbox}, and this page has no Explore panel for ${sandbox}; a sandbox’s own Run link says schedule=default.`,
      here[0],
    );
  const seedText = params.get('seed');
  const expected = `it expects seed= ${SEED_RANGE}, for example seed=7.`;
  if (seedText === null || seedText === '')
    return bad(`it has no seed (${seedText === null ? 'seed= is missing' : 'seed= is empty'}); ${expected}`, place);
  if (!/^\d+$/.test(seedText)) return bad(`its seed ${quote(seedText)} is not ${SEED_RANGE}; ${expected}`, place);
  if (seedText.length > 10 || Number(seedText) > MAX_SEED)
    return bad(`its seed ${quote(seedText)} is larger than ${grouped(MAX_SEED)}, the largest seed; ${expected}`, place);
  const variant = params.get('variant');
  if (variant !== null && variant !== '' && !place.versions.includes(variant)) {
    const versions = ['the starter files (no variant=)', ...place.versions.map((v) => `variant=${v}`)];
    return bad(
      `it asks for a version ${quote(variant)}, which ${place.kind === 'sandbox' ? `the sandbox ${sandbox}` : `the Explore panel of ${sandbox}`} does not have; it has ${list(versions)}.`,
      place,
    );
  }
  const link: ReplayLink = variant ? { sandbox, variant, seed: Number(seedText) } : { sandbox, seed: Number(seedText) };
  if (schedule === 'default') link.schedule = 'default';
  return { kind: 'ok', link, place };
}

/**
 * A link with code in its fragment but no `replay=` (its query was lost on the way): the sandbox its
 * anchor names can offer the code without running it, or a sentence says why not. 'none' when the
 * link asks for a replay (checkReplayLink() answers for it) or carries no code. `payload` is what
 * follows `code=` (share-code.ts reads and checks it).
 */
export function checkCodeLink(
  search: string | URLSearchParams,
  hash: string,
  places: readonly ReplayPlace[],
  homes: SandboxHomes = {},
): LinkCheck {
  const params =
    typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
  const code = codeInFragment(hash);
  if (params.has('replay') || code === null) return { kind: 'none' };
  const sandboxes = places.filter((p) => p.kind === 'sandbox');
  const anchor = hash.replace(/^#/, '').split('&')[0]!;
  const named = anchor.startsWith(`${REPLAY_HASH}-`) ? anchor.slice(REPLAY_HASH.length + 1) : null;
  const place = sandboxes.find((p) => p.sandbox === named);
  if (place) return { kind: 'code', payload: code, place };
  const bad = (problem: string, elsewhere?: string): LinkCheck => ({
    kind: 'broken',
    problem: `This link carries code${problem}`,
    place: sandboxes[0],
    ...(elsewhere && { elsewhere }),
  });
  const home = named === null ? undefined : homeOf(homes, named);
  if (home) return bad(` for the sandbox ${named}, which is in another lesson, “${home.title}”.`, home.href);
  return bad(
    named !== null && isName(named)
      ? ` for a sandbox ${quote(named)}, which is not on this page. This page has the ${sandboxes.length === 1 ? 'sandbox' : 'sandboxes'} ${list(sandboxes.map((p) => p.sandbox))}.`
      : ', but it does not say which sandbox it is for, nor which run to replay: the parts before “code=” and the “?replay=…” part are missing. The link was probably cut short when it was copied; ask for the whole link.',
  );
}

/**
 * On a page with no sandbox: what a replay link, or code in the fragment, opened there is for (the
 * lesson that holds its sandbox, when one does); null when the address has neither.
 */
export function linkWithoutPlace(
  search: string | URLSearchParams,
  hash: string,
  homes: SandboxHomes,
): { problem: string; elsewhere?: string } | null {
  const params =
    typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
  const replay = params.has('replay');
  if (!replay && codeInFragment(hash) === null) return null;
  const anchor = hash.replace(/^#/, '').split('&')[0]!;
  const sandbox = replay
    ? params.get('replay')!
    : anchor.startsWith(`${REPLAY_HASH}-`)
      ? anchor.slice(REPLAY_HASH.length + 1)
      : '';
  const what = replay ? 'This replay link' : 'The code this link carries';
  const home = homeOf(homes, sandbox);
  if (home)
    return {
      problem: `${what} is for the sandbox ${sandbox}, which is in the lesson “${home.title}”; this page has no sandboxes.`,
      elsewhere: home.href,
    };
  const named = sandbox === '' ? 'names no sandbox' : `names a sandbox ${quote(sandbox)}, which no lesson has`;
  return {
    problem: `${what} ${named}, and this page has no sandboxes. The lessons’ sandboxes are ${list(Object.keys(homes))}.`,
  };
}
