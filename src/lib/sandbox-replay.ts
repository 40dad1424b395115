// Which replay link a sandbox's Run makes, and which files a sandbox runs to replay one. Pure: the
// sandbox app (components/sandbox/sandbox-app.ts) gives it the texts, it answers with names.
//
// A sandbox's Run uses the scenario's own schedule, so its links say `schedule=default`; its files
// are the starter (no variant), the reader's saved edits ('mine': they replay from whoever opens
// the link's own browser) or the sandbox's solution ('solution': its shipped files, and for an
// editable file it does not ship, the reader's own text, as the Run button does in solution mode).
import { MY_CODE, type ReplayLink } from './replay-url.ts';
import { runLabel } from './ui-strings.ts';

/** The variant name of a sandbox's shipped solution (as versionsOf() names it too). */
export const SOLUTION = 'solution';

export interface EditableFile {
  /** Relative to the sandbox folder: 'store.ts'. */
  name: string;
  /** The shipped starter text. */
  starter: string;
  /** The reader's saved text (the starter when they have none). */
  mine: string;
  /** The solution's text, when the solution ships this file. */
  solution?: string;
}

export interface RunLink {
  link: ReplayLink;
  /** What ran, in words: 'the starter files', 'your code', 'the solution'. */
  label: string;
  /** The link replays some of the reader's own edits (so others see theirs instead). */
  usesOwnEdits: boolean;
}

/** The link of a Run: untouched starter files get the plain form; any edit, `variant=mine`. */
export function runLink(
  sandbox: string,
  seed: number,
  mode: 'mine' | 'solution',
  files: readonly EditableFile[],
): RunLink {
  const base = { sandbox, seed, schedule: 'default' as const };
  if (mode === 'solution' && files.some((f) => f.solution !== undefined)) {
    const usesOwnEdits = files.some((f) => f.solution === undefined && f.mine !== f.starter);
    return { link: { ...base, variant: SOLUTION }, label: runLabel.solution, usesOwnEdits };
  }
  const edited = files.some((f) => f.mine !== f.starter);
  return edited
    ? { link: { ...base, variant: MY_CODE }, label: runLabel.mine, usesOwnEdits: true }
    : { link: base, label: runLabel.starter, usesOwnEdits: false };
}

/**
 * What a sandbox runs for a link's variant: the editable files (name → text), what that is in
 * words, and whether the reader's own edits are part of it; null for a variant this sandbox cannot
 * replay (a name only the Explore panel knows, or a solution it does not ship).
 */
export function linkFiles(
  variant: string | undefined,
  files: readonly EditableFile[],
): (Omit<RunLink, 'link'> & { files: Record<string, string> }) | null {
  const pick = (text: (f: EditableFile) => string) => Object.fromEntries(files.map((f) => [f.name, text(f)]));
  if (variant === undefined) return { files: pick((f) => f.starter), label: runLabel.starter, usesOwnEdits: false };
  if (variant === MY_CODE) {
    // Opened where nothing is edited, "your code" is the starter: called by the name the Run button uses.
    const edited = files.some((f) => f.mine !== f.starter);
    return { files: pick((f) => f.mine), label: edited ? runLabel.mine : runLabel.starter, usesOwnEdits: edited };
  }
  if (variant === SOLUTION && files.some((f) => f.solution !== undefined)) {
    return {
      files: pick((f) => f.solution ?? f.mine),
      label: runLabel.solution,
      usesOwnEdits: files.some((f) => f.solution === undefined && f.mine !== f.starter),
    };
  }
  return null;
}
