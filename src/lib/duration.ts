// How long something took, for status lines: "840 ms" under a second, "2.3 s" from there on.

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
