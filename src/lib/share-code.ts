// The reader's edited files carried inside a shared link, so whoever opens it runs exactly the
// sender's code: each edited file as the lines it changed against its starter (the unchanged head
// and tail are counted, not sent), JSON → deflate-raw (the platform's CompressionStream, in browsers
// and Node) → base64url, in the fragment after the replay's anchor: `#replay-fencing-token&code=…`.
// Checksums of the starter and of the rebuilt text make a link from another version of the site
// fail loudly instead of running different code. The fragment never reaches a server. Decoding refuses, with a sentence a reader can act on, anything too long,
// not base64url, not deflate, expanding past a bound (a zip bomb stays a message), or not the
// expected shape. Which file names a sandbox accepts is the caller's check (sharedFilesProblem).

import { CODE_KEY } from './replay-url.ts';
export { codeInFragment } from './replay-url.ts';
/** The longest payload a link may carry, in characters (browsers keep far longer addresses; chat apps do not). */
export const MAX_PAYLOAD = 32_000;
/** The most text a payload may expand to, in characters: far above any sandbox file, far below a hang. */
export const MAX_TEXT = 400_000;
/** The payload's format version: a payload from a newer format is refused by name, not misread. */
const VERSION = 1;

export type SharedFiles = Record<string, string>;
export type Decoded = { ok: true; files: SharedFiles } | { ok: false; problem: string };

/** One carried file: `head` lines and `tail` lines kept from the starter, `middle` in between. */
interface Patch {
  /** Checksum of the starter it was cut from. */
  base: string;
  head: number;
  tail: number;
  /** The lines in between, joined; null when there are none (a pure deletion). */
  middle: string | null;
  /** Checksum of the whole text. */
  sum: string;
}

/** The payload for the files (editable name → text) that differ from their starters. */
export async function encodeSharedCode(files: SharedFiles, starters: SharedFiles): Promise<string> {
  const patches: Record<string, Patch> = {};
  for (const [name, text] of Object.entries(files)) {
    const starter = starters[name] ?? '';
    if (text !== starter) patches[name] = cut(starter, text);
  }
  const json = JSON.stringify({ v: VERSION, files: patches });
  const bytes = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'), Infinity);
  return toBase64Url(bytes!);
}

/** The files a payload carries (every starter, with the carried files laid over), or what is wrong with it. */
export async function decodeSharedCode(raw: string, starters: SharedFiles): Promise<Decoded> {
  const askAgain = 'ask for it again, or copy the whole address.';
  const broken = (why: string, how = `The link was probably cut short when it was copied; ${askAgain}`): Decoded => ({
    ok: false,
    problem: `The code in this link cannot be read: ${why} ${how}`,
  });
  if (raw.length > MAX_PAYLOAD)
    return {
      ok: false,
      problem: `The code in this link is too long (${raw.length.toLocaleString('en')} characters; at most ${MAX_PAYLOAD.toLocaleString('en')} are read), so it was not run.`,
    };
  const payload = cleanPayload(raw);
  if (payload === '') return broken('it is empty (nothing follows “code=”).');
  const foreign = /[^A-Za-z0-9_-]/u.exec(payload)?.[0];
  if (foreign !== undefined)
    return broken(
      `it has a character a shared link never contains (${foreign === ' ' ? 'a space' : `“${foreign.replace(/[^\x21-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`)}”`}).`,
      `The link was probably changed on its way here; ${askAgain}`,
    );
  const bytes = fromBase64Url(payload);
  if (!bytes) return broken('it is not complete.');
  let inflated: Uint8Array | null;
  try {
    inflated = await pipe(bytes, new DecompressionStream('deflate-raw'), MAX_TEXT * 4);
  } catch {
    return broken('it is damaged.');
  }
  if (!inflated)
    return {
      ok: false,
      problem: `The code in this link expands to more than ${MAX_TEXT.toLocaleString('en')} characters, so it was not run.`,
    };
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(inflated));
  } catch {
    return broken('it is damaged.');
  }
  if (!isRecord(data)) return broken('it holds no files.');
  if (data.v !== VERSION)
    return {
      ok: false,
      problem: 'The code in this link was written by another version of this site, which this page cannot read.',
    };
  const patches = data.files;
  if (!isRecord(patches) || !Object.values(patches).every(isPatch)) return broken('it holds no files.');
  const out: SharedFiles = { ...starters };
  for (const [name, patch] of Object.entries(patches as Record<string, Patch>)) {
    const starter = starters[name];
    if (starter === undefined) {
      out[name] = patch.middle ?? ''; // not a file of this sandbox: sharedFilesProblem() names it
      continue;
    }
    const text = patch.base === checksum(starter) ? join(starter, patch) : null;
    if (text === null || checksum(text) !== patch.sum) {
      return {
        ok: false,
        problem: `The code in this link was made from a different ${name} than this sandbox’s (from another sandbox, or from another version of this site), so it cannot be rebuilt exactly and was not run. Ask for a new link.`,
      };
    }
    out[name] = text;
  }
  return { ok: true, files: out };
}

/**
 * What survives of a payload on its way through mail and chat, put back: percent-escapes undone
 * (`%2D` is '-'), line breaks and spaces that wrapping added taken out, '=' padding and the
 * punctuation a sentence ends with ('.', ')', '>' …) dropped from the end. None of these is in the
 * base64url alphabet, so nothing a link carries is lost; anything else stays, to be refused by name.
 */
function cleanPayload(raw: string): string {
  let text = raw;
  try {
    text = decodeURIComponent(raw);
  } catch {
    // a stray '%': left as it is, and named below
  }
  return text.replace(/\s+/gu, '').replace(/[=.,;:!?)\]}>'"”’]+$/u, '');
}

function cut(starter: string, text: string): Patch {
  const a = starter.split('\n');
  const b = text.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return {
    base: checksum(starter),
    head,
    tail,
    middle: b.length - tail > head ? b.slice(head, b.length - tail).join('\n') : null,
    sum: checksum(text),
  };
}

function join(starter: string, p: Patch): string | null {
  const a = starter.split('\n');
  if (p.head + p.tail > a.length) return null;
  return [
    ...a.slice(0, p.head),
    ...(p.middle === null ? [] : p.middle.split('\n')),
    ...a.slice(a.length - p.tail),
  ].join('\n');
}

function isPatch(v: unknown): v is Patch {
  return (
    isRecord(v) &&
    typeof v.base === 'string' &&
    typeof v.sum === 'string' &&
    (typeof v.middle === 'string' || v.middle === null) &&
    Number.isSafeInteger(v.head) &&
    Number.isSafeInteger(v.tail) &&
    (v.head as number) >= 0 &&
    (v.tail as number) >= 0
  );
}

/** FNV-1a over the UTF-16 code units, as 8 hex digits: enough to tell two versions of a file apart. */
export function checksum(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * What is wrong with shared files for a sandbox whose editable files are `editable`, or null: every
 * name must be one of them (a link cannot add or replace a read-only file).
 */
export function sharedFilesProblem(files: SharedFiles, editable: readonly string[], sandbox: string): string | null {
  const unknown = Object.keys(files).filter((name) => !editable.includes(name));
  if (unknown.length === 0) return null;
  return `The code in this link names ${unknown.length === 1 ? 'a file' : 'files'} the sandbox “${sandbox}” does not let you edit (${unknown
    .slice(0, 3)
    .map((n) => JSON.stringify(n.slice(0, 60)))
    .join(', ')}); it edits ${editable.join(' and ')}. So it was not run.`;
}

/** The fragment `anchor&code=payload`. */
export function fragmentWithCode(anchor: string, payload: string): string {
  return `${anchor}&${CODE_KEY}=${payload}`;
}

/** The part of a fragment before any carried code: the element it points at. */
export function fragmentAnchor(hash: string): string {
  return hash.replace(/^#/, '').split('&')[0]!;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Streams bytes through a (de)compression stream; null once the output passes `limit` bytes. */
async function pipe(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array | null> {
  const writer = stream.writable.getWriter();
  void writer
    .write(input as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}
