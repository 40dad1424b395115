// Reads a `_headers` file (Netlify / Cloudflare Pages format) and answers which headers a path gets,
// so the e2e server sends what the hosts send: the rules of public/_headers, as written.
//
// Format: a line starting at column 0 is a path pattern (`*` matches anything, `:name` one segment);
// the indented `Name: value` lines below it are its headers; `#` starts a comment. Every rule whose
// pattern matches applies, in file order.
import { readFileSync } from 'node:fs';

export interface HeaderRule {
  pattern: string;
  headers: [string, string][];
}

export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ pattern: raw.trim(), headers: [] });
      continue;
    }
    const rule = rules.at(-1);
    const m = /^\s+([^:\s]+)\s*:\s*(.*)$/.exec(raw);
    if (!rule || !m) throw new Error(`_headers: cannot read line "${raw}" (expected "  Name: value" under a path)`);
    rule.headers.push([m[1]!, m[2]!.trim()]);
  }
  return rules;
}

function matches(pattern: string, path: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z]\w*/g, '[^/]+'))
      .join('.*')}$`,
  );
  return re.test(path);
}

/** The headers for a URL path (no query), later rules adding to (Set-Cookie-like) or replacing earlier values. */
export function headersFor(rules: HeaderRule[], path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of rules) {
    if (!matches(rule.pattern, path)) continue;
    for (const [name, value] of rule.headers) out[name] = out[name] ? `${out[name]}, ${value}` : value;
  }
  return out;
}

export function readHeadersFile(file: string): HeaderRule[] {
  return parseHeadersFile(readFileSync(file, 'utf8'));
}
