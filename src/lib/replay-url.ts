// The address of one replayed run: which sandbox, which variant of its files (optional), which
// seed, and which schedule.
//   `/lessons/leader-election/?replay=fencing-token&variant=ttl-x3&seed=123456#replay`
//     an explored run: the schedule exploring draws for the seed (the Explore panel replays it)
//   `/lessons/leader-election/?replay=keep-alive&variant=mine&schedule=default&seed=7#replay-keep-alive`
//     a sandbox's Run: the lesson's own schedule with that seed (the sandbox replays it)
// Links without `schedule` (all links made before it existed) mean the drawn schedule.
// Pure: parse and format round-trip, and anything malformed parses to null (the page then ignores it).

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
  const params = typeof search === 'string' ? new URLSearchParams(search.startsWith('?') ? search.slice(1) : search) : search;
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
  if (link.variant !== undefined && !isName(link.variant)) throw new Error(`formatReplayLink: bad variant ${JSON.stringify(link.variant)}`);
  if (!Number.isInteger(link.seed) || link.seed < 0 || link.seed > MAX_SEED) throw new Error(`formatReplayLink: bad seed ${link.seed}`);
  if (link.schedule !== undefined && link.schedule !== 'drawn' && link.schedule !== 'default') throw new Error(`formatReplayLink: bad schedule ${JSON.stringify(link.schedule)}`);
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
  if (hash === REPLAY_HASH || (hash.startsWith(`${REPLAY_HASH}-`) && isName(hash.slice(REPLAY_HASH.length + 1)))) url.hash = '';
  return absolute ? url.href : `${url.pathname}${url.search}${url.hash}`;
}

function isAbsolute(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url);
}
