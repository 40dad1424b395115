// Every label and sentence the interactive parts write from script (sandbox, Explore panel, replay,
// quiz, search, confirm dialogs, runner notices), in one table, the way TutorialKit keeps one
// localisation table: one place to read them over, reword one, or find where a sentence comes from.
// Pure, no DOM. Not here: lesson prose and quiz texts (lessons/), the judge's sentences and verdict
// labels (sandboxes/kit, lib/verdict-text.ts), chart sentences (lib/explore-chart.ts). Only code that
// loads when used reads this table: a script that runs with every page (sandbox-element.ts,
// explore-element.ts, Quiz's) would pull all of it into the page's first JavaScript, so those few
// words stay beside that code, or come from the table through the server-rendered HTML (the quiz's
// Correct / Heads-up).

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** What ran, in words: the name of a sandbox's versions in its links, steppers and replays. */
export const runLabel = {
  starter: 'the starter files',
  mine: 'your code',
  solution: 'the solution',
  shared: 'code from a shared link',
} as const;

/** Said next to a link that replays the reader's own edits. */
export const ownEditsNote = 'This link replays your code in your browser; others see it with their own edits.';

/** The sandbox: its buttons, status line and the result of a Run. */
export const sandboxText = {
  showSolution: 'Show solution',
  backToMine: 'Back to my code',
  solutionShown: 'Showing the solution: Run runs it.',
  mineShown: 'Back to your code: Run runs it.',
  solutionBanner:
    'Showing the solution, read-only. Run runs it. Your own code is kept: “Back to my code” returns to it.',
  readOnly: 'read-only',
  running: 'Running…',
  runningSolution: 'Running the solution…',
  runningShared: (label: string, seed: number) => `Running the shared run: ${label}, seed ${seed}…`,
  ran: 'ran',
  solutionRan: 'the solution ran',
  sharedRan: (label: string) => `ran the shared run (${label})`,
  /** The status line after a Run: its number tells a second Run with the same result from the first. */
  runDone: (run: number, what: string, seed: number, duration: string, inWebContainer: boolean, verdict: string) =>
    `Run ${run}: ${what} with seed ${seed} in ${duration}${inWebContainer ? ' (WebContainer)' : ''}: ${verdict}.`,
  runnerFailed: (message: string) => `The runner failed: ${message}`,
  resetDone: 'Reset to the starter code.',
  unknownVersion: (sandbox: string, variant: string) =>
    `This link asks for a version of ${sandbox} named “${variant}”, which this sandbox cannot run.`,
  console: 'Console',
  log: 'Log',
  consoleRegion: (heading: string) => `Console output: ${heading}`,
  timelineRegion: (heading: string) => `Timeline of the run: ${heading}`,
  logRegion: (heading: string) => `Log of the run: ${heading}`,
  timelineHint: 'Scroll the timeline sideways to see all of it.',
  timelineTitle: (sandbox: string, seed: number) => `Timeline of this run of ${sandbox} (seed ${seed})`,
  stepThrough: 'Step through this run',
  backToTimeline: 'Back to the timeline and log',
  /** The editor's accessible name: the file, and what Tab does there. */
  editorLabel: (file: string, readOnly: boolean) =>
    `${file}${readOnly ? ' (read-only)' : ''}. Tab moves on until you type; once you have typed, Tab indents and Escape then Tab moves on.`,
};

/** The type checker's box under Run. */
export const typeCheckText = {
  failed: (message: string) => `The type checker could not run (${message}). Run works without it.`,
  count: (n: number) =>
    n === 1 ? 'A type error (Run does not wait for it):' : `${n} type errors (Run does not wait for them):`,
  place: (file: string, line: number) => `${file} line ${line}`,
  goTo: (file: string, line: number) => `Go to ${file} line ${line}`,
};

/** A Run's link, and a shared link's code in a sandbox. */
export const shareText = {
  carriesShared: 'This link carries the shared code: whoever opens it runs this exact code.',
  carriesMine: 'This link carries your code as it ran: whoever opens it runs this exact code.',
  tooLong: (max: number) =>
    `Your code is too long to carry in a link (more than ${max.toLocaleString('en')} characters once packed). ${ownEditsNote}`,
  editedSince: `You have edited the code since this run: the link replays it as it is now. ${ownEditsNote}`,
  sharedRun: (edited: readonly string[]) =>
    `The run below is code from a shared link${edited.length ? ` (its ${edited.join(' and ')})` : ''}, not your own. Your editor still holds your code.`,
  codeWithoutRun: (edited: readonly string[]) =>
    `This link carries code for this sandbox${edited.length ? ` (its ${edited.join(' and ')})` : ''} but not which run to replay: its “?replay=…” part is missing, so nothing ran. Read what the code changes, or load it into your editor and press Run.`,
  notRun: 'The shared link’s code was not run.',
  changes: (summary: string) => `What the shared code changes: ${summary}`,
  ownRunSince: (what: string) =>
    `The run below is ${what}, not the shared code. The shared code is still here: read what it changes, or load it into your editor.`,
  noCode:
    'This link asks for “your code” but carries none, so this ran your own code as saved in this browser (the starter files if you have not edited them). What the sender ran may differ.',
  codeNotAsked: (label: string) => `This link also carries code, but it asks for ${label}, so that code was not run.`,
  codeNotInExplore:
    'This link also carries code, but an Explore replay of “your code” runs the edits saved in this browser, never code from a link, so that code was not run. A sandbox’s own Run makes the links that carry code.',
  keptMine: 'Kept your code; the shared code was not loaded.',
  loadedBox: 'The shared code is now in your editor: Run runs it, and your edits to it are saved in this browser.',
  loaded: 'Loaded the shared code into your editor.',
};

/** The questions asked before something is lost (dialog/confirm.ts shows them). */
export const confirmText = {
  reset: (title: string) => ({
    title: `Reset “${title}”?`,
    body: 'Every file goes back to its starter code. Your edits to this sandbox will be lost.',
    confirm: 'Reset',
    cancel: 'Keep my edits',
  }),
  replaceWithShared: (files: readonly string[]) => ({
    title: 'Replace your code with the shared code?',
    body: `Your edits to ${files.join(' and ')} will be replaced by the shared link’s code and lost.`,
    confirm: 'Replace my code',
    cancel: 'Keep my edits',
  }),
};

/** The Explore panel's status line, chart and replay. */
export const exploreText = {
  versions: (n: number) => `${n} versions`,
  progress: (done: string, total: string) => `${done} of ${total} schedules`,
  exploring: (what: string, n: string) => `Exploring ${what}: ${n} schedules each…`,
  couldNotRun: (version: string, message: string) => `${version} could not run: ${message}`,
  mineCapital: 'Your code',
  nothingCounted: (failed: string) => `${failed} Nothing was counted: fix the error, then explore again.`,
  workers: (n: number) => `${n} ${n === 1 ? 'worker' : 'workers'}`,
  someRan: (ran: number, of: number, n: string, duration: string, workers: string, failed: string) =>
    `Explored ${ran} of ${of} versions, ${n} schedules each, in ${duration} (${workers}). ${failed}`,
  explored: (what: string, n: string, duration: string, workers: string, summary: string) =>
    `Explored ${what}, ${n} schedules each, in ${duration} (${workers}). ${summary}`,
  cancelled: 'Cancelled. Nothing was counted.',
  failed: (message: string) => `Exploring failed: ${message}`,
  chartCaption: (withLost: boolean, n: string, scale: string) =>
    `${withLost ? 'Stale writes accepted and updates lost' : 'Stale writes accepted'} per version, out of ${n} schedules each (bars drawn on a scale of ${scale})`,
  tableSummary: 'Every verdict, as a table',
  tableRegion: 'Verdict counts per version',
  tableCaption: (n: string, baseSeed: number) => `Verdicts per version, ${n} schedules each, base seed ${baseSeed}`,
  version: 'Version',
  total: 'Total',
  versionCouldNotRun: 'Could not run:',
  replayExample: 'Replay an example:',
  unknownVersion: (variant: string, sandbox: string, versions: readonly string[]) =>
    `This link asks for a version named “${variant}”, which ${sandbox} does not have (it has ${versions.join(', ')}).`,
  runningSeed: (seed: number) => `Running seed ${seed}…`,
  lessonSchedule: ' (the lesson’s schedule)',
  replayFailed: (seed: number, message: string) => `Seed ${seed} could not be replayed: ${message}`,
};

/** The step-through view (<lf-replay>) of a sandbox's Run or an explored schedule. */
export const replayText = {
  close: 'Close',
  controls: 'Step through the run',
  first: 'First',
  back: 'Back',
  forward: 'Forward',
  last: 'Last',
  toDecisive: 'Go to the deciding event',
  timelineRegion: (which: string) => `Timeline of the replayed run (${which})`,
  logRegion: (which: string) => `Log of the replayed run (${which})`,
  timelineTitle: (seed: number, event: number) => `Timeline of seed ${seed}; the cursor marks event ${event}`,
  copyLink: 'Copy link',
  copied: 'Link copied.',
  selectToCopy: 'The link is selected: press Ctrl+C (Cmd+C on a Mac) to copy it.',
};

/** A quiz's answer labels, written by the server; the live feedback reuses them (Quiz.astro). */
export const quizText = {
  correct: 'Correct',
  headsUp: 'Heads-up',
};

/** The search dialog. */
export const searchText = {
  unavailable: 'Search is not available here: its index is built with the site (npm run build, then npm run preview).',
};

/** Which engine runs the reader's code and why when it is not the WebContainer, and how a runner failed (runtime/). */
export const runnerNotice = {
  isolation: 'Running in this page: this page is not cross-origin isolated, which the WebContainer engine needs.',
  unsupported: 'Running in this page: this browser cannot run the WebContainer engine.',
  timeout: (ms: number) => `Running in this page: the WebContainer engine did not start within ${seconds(ms)}.`,
  failed: (why: string) => `Running in this page: the WebContainer engine failed to start (${why}).`,
  booting: 'Running in this page while the WebContainer engine starts.',
  stopped: (why: string) => `Running in this page: the WebContainer engine stopped (${why}).`,
  step: (what: string, why: string) => `Running in this page: the WebContainer engine ${what} (${why}).`,
  /** The page's run worker died under a run (its own reason), or never loaded. */
  workerStopped: (why: string) => `The sandbox worker stopped: ${why}`,
  workerFailedToLoad: 'The sandbox worker failed to load.',
  exploreWorkerStopped: (why: string) => `The explore worker stopped: ${why}`,
  /** How long a step of the engine may take before the run goes to the page. */
  noAnswerWithin: (ms: number) => `no answer within ${seconds(ms)}`,
  noResultWithin: (ms: number) => `no result within ${seconds(ms)}`,
};
