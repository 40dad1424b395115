// The explore panel, once used: builds the worker jobs (every version, or the reader's edits),
// shows progress, draws the chart and each version's examples, and opens runs in <lf-replay>.
// Loaded lazily by explore-element.ts; all simulation happens in workers (explore-client.ts).
import resultStyles from './explore-results.css?inline';
import { adoptStyles } from '../lazy-css.ts';
import type { ExploreResult } from '../../../sandboxes/kit/types.ts';
import { createExplorer, ExploreStopped, type Explorer } from '../../runtime/explore-client.ts';
import type { ExploreJob } from '../../runtime/explore-protocol.ts';
import { chartModel, formatCount, VERDICT_LEGEND, type ChartRow } from '../../lib/explore-chart.ts';
import { codeInFragment, formatReplayLink, isDefaultSchedule, MY_CODE, type ReplayLink } from '../../lib/replay-url.ts';
import { pageReplayLink } from '../replay-link.ts';
import { joinPath, type Files } from '../../lib/sandbox-files.ts';
import { createEditsStore } from '../../lib/sandbox-edits.ts';
import { browserStorage } from '../../lib/progress.ts';
import { formatDuration } from '../../lib/duration.ts';
import type { Variant } from '../../../sandboxes/kit/types.ts';
import { sandboxes } from '../../lib/sandbox-registry-browser.ts';
import type { Sandbox } from '../../lib/sandbox-registry.ts';
import { VERDICT_LABEL } from '../../lib/verdict-text.ts';
import { REPLAY_CLOSE, type LfReplay } from '../replay/replay-view.ts';
import { clearFromAddressBar, showInAddressBar } from '../replay/address-bar.ts';
import { exploreText as t, ownEditsNote, runLabel, shareText } from '../../lib/ui-strings.ts';
import { escapeHtml } from '../../lib/html.ts';

adoptStyles(resultStyles);

const mounted = new WeakSet<HTMLElement>();
let explorer: Explorer | null = null;
const getExplorer = () => (explorer ??= createExplorer());

export function mount(root: HTMLElement): void {
  if (mounted.has(root)) return;
  mounted.add(root);
  new ExploreApp(root);
}

class ExploreApp {
  readonly root: HTMLElement;
  readonly id: string;
  readonly entry: string;
  readonly baseSeed: number;
  readonly sandbox: Sandbox;
  readonly versions: Variant[];
  readonly base: Files;
  readonly replay: LfReplay;
  /** Latest result per version ('mine' for the reader's code), and the n it was explored with. */
  results = new Map<string, ExploreResult>();
  errors = new Map<string, string>();
  n = 0;
  /** The reader's files as they were when last explored, so their examples replay the same code. */
  mineOverrides: Files | null = null;
  running = false;
  /** Explorations finished (data-explore-runs), so a test can wait for the next one. */
  runs = 0;
  /** The replay on show's address, and the example button that opened it (focus returns there on close). */
  shownLink: string | null = null;
  opener: HTMLElement | null = null;
  readonly emptyText: string;

  constructor(root: HTMLElement) {
    this.root = root;
    this.id = root.dataset.sandbox!;
    this.entry = root.dataset.entry!;
    this.baseSeed = Number(root.dataset.baseSeed);
    this.sandbox = sandboxes.get(this.id);
    this.versions = this.sandbox.versions;
    this.base = this.sandbox.runFiles();
    this.replay = this.q<LfReplay>('lf-replay');
    this.emptyText = this.q('[data-replay-empty]').textContent ?? '';
    this.replay.addEventListener(REPLAY_CLOSE, () => this.closeReplay());

    this.action('explore').addEventListener('click', () => void this.explore('all'));
    this.action('mine').addEventListener('click', () => void this.explore('mine'));
    this.action('cancel').addEventListener('click', () => getExplorer().cancel());
    root.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLButtonElement>('[data-replay-seed]');
      if (!b) return;
      this.opener = b;
      void this.openReplay(
        { sandbox: this.id, variant: b.dataset.variant || undefined, seed: Number(b.dataset.replaySeed) },
        true,
      );
    });
    getExplorer().prewarm();
    root.dataset.workers = String(getExplorer().workers);
    root.dataset.state = 'ready';

    const pending = root.dataset.pendingAction;
    delete root.dataset.pendingAction;
    delete root.dataset.pendingSince;
    if (pending === 'explore' || pending === 'mine') void this.explore(pending === 'mine' ? 'mine' : 'all');

    // A shared link for this sandbox. A sandbox's own Run (schedule=default) is the sandbox's to
    // replay when it is on the page; the panel replays it only when it is not.
    const check = pageReplayLink();
    if (check.kind === 'ok' && check.place.kind === 'explore' && check.link.sandbox === this.id)
      void this.openReplay(check.link, true, codeInFragment(location.hash) !== null);
  }

  q<T extends Element = HTMLElement>(sel: string): T {
    const el = this.root.querySelector<T>(sel);
    if (!el) throw new Error(`explore ${this.id}: missing ${sel}`);
    return el;
  }
  action(name: string) {
    return this.q<HTMLButtonElement>(`[data-action="${name}"]`);
  }
  status(text: string) {
    this.q('[data-explore-status]').textContent = text;
  }

  chosenN(): number {
    const checked = this.root.querySelector<HTMLInputElement>('[data-explore-n]:checked');
    return Number(checked?.value) || 1000;
  }

  /** The reader's saved edits of the editable files (keyed relative to sandboxes/); empty when they have none. */
  readMine(): Files {
    const starters = Object.fromEntries(this.sandbox.meta.editable.map((file) => [file, this.sandbox.source(file)]));
    const saved = createEditsStore({ sandbox: this.id, starters, storage: browserStorage() }).saved();
    return Object.fromEntries(Object.entries(saved).map(([file, text]) => [joinPath(this.id, file), text]));
  }

  versionOverrides(name: string | undefined): Files | null {
    if (name === undefined) return {};
    if (name === MY_CODE) return this.mineOverrides ?? this.readMine();
    const v = this.versions.find((x) => x.name === name);
    if (!v) return null;
    return Object.fromEntries(
      Object.entries(this.sandbox.changes(v)).map(([file, text]) => [joinPath(this.id, file), text]),
    );
  }

  async explore(which: 'all' | 'mine') {
    if (this.running) return;
    this.running = true;
    this.root.dataset.state = 'running';
    const n = this.chosenN();
    let jobs: ExploreJob[];
    if (which === 'mine') {
      // Let the sandbox's debounced save (200 ms) land first.
      await new Promise((r) => setTimeout(r, 250));
      const mine = this.readMine();
      this.mineOverrides = mine;
      jobs = [{ key: MY_CODE, overrides: mine }];
    } else {
      jobs = this.versions.map((v) => ({ key: v.name, overrides: this.versionOverrides(v.name)! }));
    }
    const total = n * jobs.length;
    const what = which === 'mine' ? runLabel.mine : t.versions(jobs.length);
    const bar = this.q<HTMLProgressElement>('[data-explore-progress]');
    const barText = this.q('[data-explore-progress-text]');
    const setProgress = (done: number) => {
      bar.max = total;
      bar.value = done;
      barText.textContent = t.progress(formatCount(done), formatCount(total));
    };
    setProgress(0);
    this.q('[data-explore-progress-wrap]').hidden = false;
    for (const name of ['explore', 'mine']) this.action(name).setAttribute('aria-disabled', 'true');
    this.action('cancel').hidden = false;
    this.root.dataset.state = 'running';
    this.status(t.exploring(what, formatCount(n)));
    let frame = 0;
    let latest = 0;
    try {
      const outcome = await getExplorer().explore({
        base: this.base,
        entry: this.entry,
        jobs,
        n,
        baseSeed: this.baseSeed,
        onProgress: (done) => {
          latest = done;
          frame ||= requestAnimationFrame(() => {
            frame = 0;
            setProgress(latest);
          });
        },
      });
      cancelAnimationFrame(frame);
      setProgress(total);
      if (this.n !== n) this.results.clear(); // rows of one chart share n
      this.n = n;
      for (const job of jobs) {
        this.errors.delete(job.key);
        const r = outcome.results.get(job.key);
        if (r) this.results.set(job.key, r);
        else this.results.delete(job.key);
      }
      for (const [key, message] of outcome.errors) this.errors.set(key, message);
      this.renderResults();
      this.root.dataset.exploreMs = outcome.ms.toFixed(1);
      this.root.dataset.exploreN = String(n);
      this.root.dataset.exploreJobs = String(jobs.length);
      this.root.dataset.workers = String(outcome.workers);
      this.root.dataset.exploreRuns = String(++this.runs);
      this.root.dataset.state = 'done';
      const model = chartModel(this.rowsInput());
      const failed = [...outcome.errors.entries()]
        .map(([k, m]) => t.couldNotRun(k === MY_CODE ? t.mineCapital : k, m))
        .join(' ');
      const ran = jobs.filter((j) => !outcome.errors.has(j.key)).length;
      const workers = t.workers(outcome.workers);
      // Code that could not run explored nothing: say so, without a count or a time for it.
      if (ran === 0) this.status(t.nothingCounted(failed));
      else if (failed)
        this.status(t.someRan(ran, jobs.length, formatCount(n), formatDuration(outcome.ms), workers, failed));
      else this.status(t.explored(what, formatCount(n), formatDuration(outcome.ms), workers, model.summary));
    } catch (err) {
      cancelAnimationFrame(frame);
      const stopped = err instanceof ExploreStopped;
      this.root.dataset.state = stopped && err.reason === 'cancelled' ? 'cancelled' : 'failed';
      this.status(
        stopped
          ? err.reason === 'cancelled'
            ? t.cancelled
            : err.message
          : t.failed(String((err as Error)?.message ?? err)),
      );
    } finally {
      this.running = false;
      for (const name of ['explore', 'mine']) this.action(name).removeAttribute('aria-disabled');
      const cancel = this.action('cancel');
      const hadFocus = document.activeElement === cancel;
      cancel.hidden = true;
      if (hadFocus) this.action(which === 'mine' ? 'mine' : 'explore').focus();
      this.q('[data-explore-progress-wrap]').hidden = this.root.dataset.state !== 'done';
    }
  }

  labelOf(key: string): string {
    return key === MY_CODE ? runLabel.mine : key;
  }

  rowsInput() {
    const keys = [...this.versions.map((v) => v.name), MY_CODE].filter((k) => this.results.has(k));
    return keys.map((k) => ({ name: this.labelOf(k), key: k, result: this.results.get(k)! }));
  }

  renderResults() {
    const inputs = this.rowsInput();
    const model = chartModel(inputs);
    const chart = this.q('[data-explore-chart]');
    chart.hidden = inputs.length === 0;
    const cap = `${this.id}-chart-cap`;
    const row = (r: ChartRow, key: string) =>
      `<li class="xp-bar" data-variant="${escapeHtml(key)}" data-stale="${r.stale}" data-deposed="${r.deposed}" data-total="${r.total}" data-safe="${r.safe}">
        <span class="xp-bar-name">${escapeHtml(r.name)}</span>
        <span class="xp-bar-track" aria-hidden="true"><span class="xp-bar-fill${r.stale + r.lost ? '' : r.safe ? ' xp-bar-zero' : ' xp-bar-zero xp-bar-stalled'}" style="width:${r.width.toFixed(2)}%"></span></span>
        <span class="xp-bar-text">${escapeHtml(r.sentence)}</span>
      </li>`;
    const th = VERDICT_LEGEND.map((v) => `<th scope="col" data-kind="${v.kind}">${escapeHtml(v.label)}</th>`).join('');
    const tr = (r: ChartRow) =>
      `<tr><th scope="row">${escapeHtml(r.name)}</th>${VERDICT_LEGEND.map((v) => `<td data-kind="${v.kind}">${formatCount(r.counts[v.kind] ?? 0)}</td>`).join('')}<td>${formatCount(r.total)}</td></tr>`;
    const legend = VERDICT_LEGEND.map((v) => `<dt>${escapeHtml(v.label)}</dt><dd>${escapeHtml(v.meaning)}</dd>`).join(
      '',
    );
    chart.innerHTML = `
      <figure class="xp-figure" aria-labelledby="${cap}">
        <figcaption id="${cap}">${escapeHtml(
          t.chartCaption(
            model.rows.some((r) => r.lost > 0),
            formatCount(this.n),
            model.scaleLabel,
          ),
        )}</figcaption>
        <ul class="xp-bars" role="list">${model.rows.map((r, i) => row(r, inputs[i]!.key)).join('')}</ul>
      </figure>
      <details class="xp-table-wrap">
        <summary>${t.tableSummary}</summary>
        <div class="xp-table-scroll" tabindex="0" role="region" aria-label="${t.tableRegion}">
          <table class="xp-table"><caption>${escapeHtml(t.tableCaption(formatCount(this.n), this.baseSeed))}</caption>
            <thead><tr><th scope="col">${t.version}</th>${th}<th scope="col">${t.total}</th></tr></thead>
            <tbody>${model.rows.map(tr).join('')}</tbody>
          </table>
        </div>
        <dl class="xp-legend" data-explore-legend>${legend}</dl>
      </details>`;

    // Each version's own line and examples.
    for (const li of this.root.querySelectorAll<HTMLElement>('[data-version]')) {
      const key = li.dataset.version!;
      const slot = li.querySelector<HTMLElement>('[data-version-result]')!;
      const i = inputs.findIndex((x) => x.key === key);
      const error = this.errors.get(key);
      if (key === MY_CODE) li.hidden = i < 0 && !error;
      if (error) {
        slot.hidden = false;
        slot.innerHTML = `<p class="xp-version-error">${t.versionCouldNotRun} ${escapeHtml(error)}</p>`;
        continue;
      }
      if (i < 0) {
        slot.hidden = true;
        continue;
      }
      const r = model.rows[i]!;
      const examples = pickExamples(r);
      slot.hidden = false;
      slot.innerHTML = `<p class="xp-version-sentence"><strong>${escapeHtml(r.sentence)}</strong>.</p>${
        examples.length
          ? `<p class="xp-examples"><span>${t.replayExample}</span> ${examples
              .map(
                (e) =>
                  `<button type="button" class="btn xp-btn xp-small" data-replay-seed="${e.example.seed}" data-variant="${escapeHtml(key)}" data-verdict="${e.verdict}">seed ${e.example.seed} <span class="xp-ex-kind">${escapeHtml(VERDICT_LABEL[e.verdict].toLowerCase())}</span></button>`,
              )
              .join(' ')}</p>`
          : ''
      }`;
    }
  }

  /** `carriesCode`: the page's link has code in its fragment, which an Explore replay never runs (said under its heading). */
  async openReplay(asked: ReplayLink, focus: boolean, carriesCode = false) {
    const section = this.q('#replay');
    const empty = this.q('[data-replay-empty]');
    const overrides = this.versionOverrides(asked.variant);
    if (!overrides) {
      empty.hidden = false;
      empty.textContent = t.unknownVersion(
        asked.variant ?? '',
        this.id,
        this.versions.map((v) => v.name),
      );
      return;
    }
    // "Your code" where nothing is edited is the starter files: called so, and linked so (as the sandbox does).
    const link =
      asked.variant === MY_CODE && Object.keys(overrides).length === 0 ? { ...asked, variant: undefined } : asked;
    empty.hidden = false;
    empty.textContent = t.runningSeed(link.seed);
    this.replay.dataset.state = 'loading';
    try {
      const result = await getExplorer().replay(
        this.base,
        this.entry,
        { key: link.variant ?? 'starter', overrides },
        link.seed,
        link.schedule,
      );
      const label =
        (link.variant === undefined ? runLabel.starter : link.variant === MY_CODE ? runLabel.mine : link.variant) +
        (isDefaultSchedule(link) ? t.lessonSchedule : '');
      const href = formatReplayLink(link, location.href);
      this.replay.show({
        sandbox: this.id,
        title: this.root.dataset.title,
        label,
        seed: link.seed,
        result,
        link: href,
        linkNote: link.variant === MY_CODE ? ownEditsNote : undefined,
        note: carriesCode
          ? asked.variant === MY_CODE
            ? shareText.codeNotInExplore
            : shareText.codeNotAsked(label)
          : undefined,
        closable: true,
        shortenQuiet: !isDefaultSchedule(link),
      });
      this.replay.dataset.variant = link.variant ?? '';
      this.replay.dataset.state = 'ready';
      empty.hidden = true;
      // The address bar shows this run too (no history entry: Back still leaves the page).
      showInAddressBar(href);
      this.shownLink = href;
      if (focus) {
        section.scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
        this.replay.focus({ preventScroll: true });
      }
    } catch (err) {
      this.replay.dataset.state = 'failed';
      empty.textContent = t.replayFailed(link.seed, String((err as Error)?.message ?? err));
    }
  }

  closeReplay() {
    const hadFocus = this.replay.contains(document.activeElement);
    this.replay.hidden = true;
    this.replay.dataset.state = 'closed';
    const empty = this.q('[data-replay-empty]');
    empty.textContent = this.emptyText;
    empty.hidden = false;
    if (this.shownLink) clearFromAddressBar(this.shownLink);
    this.shownLink = null;
    if (hadFocus) (this.opener?.isConnected ? this.opener : this.q('#replay')).focus();
  }
}

/** Up to three schedules worth replaying (in the chart's order: failures, deposed and rejected writes), else any one. */
function pickExamples(r: ChartRow): ChartRow['examples'] {
  const interesting = r.examples.filter((e) => e.verdict !== 'no-stale-write').slice(0, 3);
  return interesting.length ? interesting : r.examples.slice(0, 1);
}
