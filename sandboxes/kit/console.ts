// The console handed to reader code: every call becomes a `log` event on the caller's node.
// (The global console is left alone; reader code gets this one as a parameter named `console`.)

export interface ConsoleLike {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

export function makeConsole(write: (text: string) => void): ConsoleLike {
  const print = (...args: unknown[]) => write(args.map(formatArg).join(' '));
  return { log: print, info: print, warn: print, error: print, debug: print };
}

function formatArg(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Map ? Object.fromEntries(v as Map<string, unknown>) : v,
    );
  } catch {
    // What JSON cannot print (a cycle, a BigInt): whatever the value's own toString says.
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    return String(value);
  }
}
