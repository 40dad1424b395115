// The address of one replayed run: which sandbox, which variant of its files (optional) and which
// explored seed. `/lessons/leader-election/?replay=fencing-token&variant=ttl-x3&seed=123456#replay`
// Pure: parse and format round-trip, and anything malformed parses to null (the page then ignores it).

export interface ReplayLink {
  /** The sandbox id (a folder under sandboxes/). */
  sandbox: string;
  /**
   * A variant name from the sandbox's sandbox.ts; 'mine' for the reader's own edits (which replay
   * from the opener's browser); absent for the starter files.
   */
  variant?: string;
  /** The run's seed; the schedule is the one exploring draws for it (`drawSchedule(seed)`). */
  seed: number;
}

/** The fragment the replay view answers to. */
export const REPLAY_HASH = 'replay';
/** The variant name that means "the reader's own edits". */
export const MY_CODE = 'mine';

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
  if (!sandbox || !isName(sandbox) || seedText === null || !/^\d{1,10}$/.test(seedText)) return null;
  const seed = Number(seedText);
  if (seed > MAX_SEED) return null;
  if (variant !== null && variant !== '' && !isName(variant)) return null;
  return variant ? { sandbox, variant, seed } : { sandbox, seed };
}

/**
 * The link for a run, on the page at `base` (an absolute URL or a path). Other query parameters of
 * `base` are kept; replay ones are replaced; the fragment becomes #replay.
 */
export function formatReplayLink(link: ReplayLink, base: string): string {
  if (!isName(link.sandbox)) throw new Error(`formatReplayLink: bad sandbox id ${JSON.stringify(link.sandbox)}`);
  if (link.variant !== undefined && !isName(link.variant)) throw new Error(`formatReplayLink: bad variant ${JSON.stringify(link.variant)}`);
  if (!Number.isInteger(link.seed) || link.seed < 0 || link.seed > MAX_SEED) throw new Error(`formatReplayLink: bad seed ${link.seed}`);
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(base);
  const url = new URL(base, 'http://x.invalid');
  for (const key of ['replay', 'variant', 'seed']) url.searchParams.delete(key);
  url.searchParams.set('replay', link.sandbox);
  if (link.variant) url.searchParams.set('variant', link.variant);
  url.searchParams.set('seed', String(link.seed));
  url.hash = REPLAY_HASH;
  return absolute ? url.href : `${url.pathname}${url.search}${url.hash}`;
}
