// Runs the reader's code: one Run at a time through the page's runner, timed and numbered, its
// console lines passed on as they come, its outcome turned into a badge, the link of what ran and
// the status line that tells this Run from the last ("Run 2: ran with seed 7 in 41 ms: …"). It also
// type-checks the reader's files once their typing pauses. No DOM: sandbox-app.ts shows what it
// reports, and test/components/run-controller.test.ts drives it with a fake runner and checker.
import type { RunResult } from '../../../sandboxes/kit/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import { isReaderError, type RunOutcome } from '../../lib/run-outcome.ts';
import { MY_CODE } from '../../lib/replay-url.ts';
import type { Files } from '../../lib/sandbox-files.ts';
import type { RunLink } from '../../lib/sandbox-replay.ts';
import { encodeSharedCode, MAX_PAYLOAD } from '../../lib/share-code.ts';
import { badgeForError, badgeForVerdict, type Badge } from '../../lib/verdict-text.ts';
import type { RunHooks, Runner, RunnerName } from '../../runtime/runner.ts';
import type { TypeCheckResult } from '../../runtime/typecheck-client.ts';
import { sandboxText } from '../../lib/ui-strings.ts';

/** What one Run runs. */
export interface RunPlan {
  /** Editable file name → text. */
  files: Record<string, string>;
  seed: number;
  link: RunLink;
  /** Whose code, for the status line: the reader's, the solution, or a shared link's. */
  source: 'mine' | 'solution' | 'shared';
  /** A shared link's code payload, carried on when the run is shared again. */
  code?: string;
}

/** The last Run that produced a result, for "Step through this run" and its link. */
export interface LastRun {
  result: RunResult;
  link: RunLink;
  /** The editable files as they ran, to notice edits made since. */
  files: Record<string, string>;
  /** The edited files as a shared link carries them (share-code.ts), when the run was the reader's own code or a shared link's. */
  code?: string;
  /** The code was too long to carry: the link replays the opener's own edits instead. */
  tooLong?: boolean;
}

/** What a finished Run reports. */
export interface RunReport {
  /** Exactly as the runner returned it (or the runner's own failure, as a reader error). */
  outcome: RunOutcome;
  badge: Badge;
  /** The Run with a result to step through; null for a reader error. */
  last: LastRun | null;
  /** 1 for the page's first Run of this sandbox, then 2, 3 … */
  number: number;
  ms: number;
  /** "Run 2: ran with seed 7 in 41 ms: Stale write accepted." */
  status: string;
}

/** The page's type checker, as run-controller needs it (typecheck-client.ts). */
export interface TypeCheckerLike {
  /** Resolves null when a newer check of the same key replaced this one. */
  check(key: string, files: Files, paths: string[]): Promise<TypeCheckResult | null>;
}

/** A type check started, or ended with `result` for `texts` (one a newer check made moot says nothing). */
export type TypeCheckReport =
  { kind: 'checking' } | { kind: 'checked'; result: TypeCheckResult; texts: Record<string, string> };

export interface RunControllerOptions {
  sandbox: string;
  /** The scenario module, relative to sandboxes/. */
  entry: string;
  runner: () => Runner;
  /** The files of one run with the editable ones (name → text) laid over (Sandbox.runFiles). */
  runFiles: (overrides: Record<string, string>) => Files;
  /** Editable file name → starter text: what a shared link's code is encoded against. */
  starters: Record<string, string>;
  /** Paths (relative to sandboxes/) of the editable files: what a type check checks. */
  editablePaths: string[];
  checker: () => TypeCheckerLike;
  /** The reader's current text of each editable file (name → text), read as a check starts. */
  texts: () => Record<string, string>;
  onTypes: (report: TypeCheckReport) => void;
  /** Quiet time before a type check, in ms (typing checks once, not per key). */
  typeCheckDelay?: number;
}

/** How long typing must pause before the reader's code is type-checked again. */
export const TYPE_CHECK_DEBOUNCE_MS = 500;

export class RunController {
  readonly options: RunControllerOptions;
  /** How many Runs finished. */
  runs = 0;
  running = false;
  /** The runner that took the latest Run (a WebContainer run says so in the status line). */
  runner: RunnerName | undefined;
  /** Whether the reader's edits have asked for a type check yet. */
  typesStarted = false;
  #typeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: RunControllerOptions) {
    this.options = options;
  }

  /** The status line while a Run is under way. */
  startStatus({ source, link, seed }: RunPlan): string {
    if (source === 'shared') return sandboxText.runningShared(link.label, seed);
    return source === 'solution' ? sandboxText.runningSolution : sandboxText.running;
  }

  /** Runs `plan`; null when a Run is already under way (a second click waits for nothing). */
  async run(
    plan: RunPlan,
    hooks: Pick<RunHooks, 'onConsole' | 'onRunner'> = {},
    startedAt = performance.now(),
  ): Promise<RunReport | null> {
    if (this.running) return null;
    this.running = true;
    try {
      const { sandbox, entry } = this.options;
      let outcome: RunOutcome;
      try {
        outcome = await this.options.runner().run(
          { sandbox, files: this.options.runFiles(plan.files), entry, seed: plan.seed },
          {
            onConsole: hooks.onConsole,
            onRunner: (info) => {
              this.runner = info.runner;
              hooks.onRunner?.(info);
            },
          },
        );
      } catch (err) {
        outcome = { kind: 'runtime', message: sandboxText.runnerFailed(String((err as Error)?.message ?? err)) };
      }
      const ms = performance.now() - startedAt;
      this.runs += 1;
      const last = isReaderError(outcome)
        ? null
        : { result: outcome, link: plan.link, files: plan.files, ...(await this.carried(plan)) };
      const badge = isReaderError(outcome) ? badgeForError(outcome) : badgeForVerdict(outcome.verdict);
      const what =
        plan.source === 'shared'
          ? sandboxText.sharedRan(plan.link.label)
          : plan.source === 'solution'
            ? sandboxText.solutionRan
            : sandboxText.ran;
      // The run's number, so a second Run with the same result visibly ran again.
      const status = sandboxText.runDone(
        this.runs,
        what,
        plan.seed,
        formatDuration(ms),
        this.runner === 'webcontainer',
        badge.label,
      );
      return { outcome, badge, last, number: this.runs, ms, status };
    } finally {
      this.running = false;
    }
  }

  /** The code a run's link carries: the reader's edits (or the shared code that ran), encoded once. */
  async carried(plan: RunPlan): Promise<Pick<LastRun, 'code' | 'tooLong'>> {
    if (plan.code) return { code: plan.code };
    // Nothing differs from the starters: there is no code to carry (the link is the starter's).
    const starters = this.options.starters;
    if (plan.link.link.variant !== MY_CODE || Object.entries(plan.files).every(([n, t]) => t === starters[n]))
      return {};
    try {
      const code = await encodeSharedCode(plan.files, starters);
      return code.length > MAX_PAYLOAD ? { tooLong: true } : { code };
    } catch {
      return {}; // no CompressionStream: the link replays the opener's own edits, and says so
    }
  }

  /** Checks the reader's files once typing pauses; a later call restarts the wait. */
  scheduleTypeCheck(delay = this.options.typeCheckDelay ?? TYPE_CHECK_DEBOUNCE_MS): void {
    this.typesStarted = true;
    clearTimeout(this.#typeTimer);
    this.#typeTimer = setTimeout(() => void this.typeCheck(), delay);
  }

  /** Type-checks the reader's editable files as they are now. */
  async typeCheck(): Promise<void> {
    const { sandbox, editablePaths, onTypes } = this.options;
    const texts = this.options.texts();
    onTypes({ kind: 'checking' });
    const result = await this.options.checker().check(sandbox, this.options.runFiles(texts), editablePaths);
    if (result) onTypes({ kind: 'checked', result, texts }); // else a newer check is on its way
  }
}
