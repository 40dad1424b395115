// "Step through this run": the sandbox's <lf-replay> in place of its static timeline and log, its
// address shown in the address bar while open, focus handed back to the button on close.
import type { RunResult } from '../../../sandboxes/kit/types.ts';
import { LfReplay, REPLAY_CLOSE } from '../replay/replay-view.ts';
import { clearFromAddressBar, showInAddressBar } from '../replay/address-bar.ts';
import { sandboxText } from '../../lib/ui-strings.ts';

/** What the stepper needs from the sandbox it sits in. */
export interface StepperHost {
  readonly id: string;
  readonly root: HTMLElement;
  q<T extends Element = HTMLElement>(sel: string): T;
  action(name: string): HTMLButtonElement;
  /** Brings the static timeline's deciding write into view again. */
  revealDecisive(): void;
  /** Whether the last run has a log (a reader error has none). */
  hasRun(): boolean;
}

/** One run to step through. */
export interface StepRun {
  label: string;
  result: RunResult;
  /** The run's shareable address. */
  href: string;
  linkNote?: string;
  /** Under the heading: what ran, when the opened link's words suggest otherwise. */
  note?: string;
}

/** The static views the stepper stands in for. */
const STATIC_VIEWS = ['[data-sandbox-timeline]', '[data-sandbox-timeline-hint]', '[data-sandbox-log-wrap]'];

export class SandboxStepper {
  readonly host: StepperHost;
  replay: LfReplay | null = null;
  /** The step-through's address while it is open (and in the address bar). */
  link: string | null = null;

  constructor(host: StepperHost) {
    this.host = host;
  }

  isOpen(): boolean {
    return !this.host.q('[data-sandbox-step]').hidden;
  }

  /** Opens (or refreshes) the step-through of `run`. */
  open(run: StepRun, focus: boolean) {
    const { host } = this;
    const box = host.q('[data-sandbox-step]');
    if (!this.replay) {
      this.replay = document.createElement('lf-replay') as LfReplay;
      this.replay.className = 'xp-rp sbx-rp';
      this.replay.addEventListener(REPLAY_CLOSE, () => this.close());
      box.append(this.replay);
    }
    this.replay.show({
      sandbox: host.id,
      title: host.q('.sbx-title').textContent ?? undefined,
      label: run.label,
      seed: run.result.seed,
      result: run.result,
      link: run.href,
      linkNote: run.linkNote,
      note: run.note,
      verdict: false,
    });
    this.replay.dataset.state = 'ready';
    box.hidden = false;
    for (const sel of STATIC_VIEWS) host.q(sel).hidden = true;
    const button = host.action('step');
    button.setAttribute('aria-expanded', 'true');
    button.querySelector('[data-step-label]')!.textContent = sandboxText.backToTimeline;
    host.root.dataset.step = 'open';
    showInAddressBar(run.href);
    this.link = run.href;
    if (focus) {
      this.replay.focus({ preventScroll: true });
      const r = box.getBoundingClientRect();
      if (r.top < 0 || r.top > innerHeight * 0.6)
        box.scrollIntoView({ block: 'start', behavior: 'instant' as ScrollBehavior });
    }
  }

  close() {
    const { host } = this;
    const box = host.q('[data-sandbox-step]');
    if (box.hidden) return;
    const hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    for (const sel of STATIC_VIEWS) host.q(sel).hidden = false;
    // A reader error run has no log: render() hid it, keep it hidden.
    if (!host.hasRun()) host.q('[data-sandbox-log-wrap]').hidden = true;
    host.revealDecisive();
    const button = host.action('step');
    button.setAttribute('aria-expanded', 'false');
    button.querySelector('[data-step-label]')!.textContent = sandboxText.stepThrough;
    delete host.root.dataset.step;
    if (this.link) clearFromAddressBar(this.link);
    this.link = null;
    if (hadFocus && !host.q('[data-sandbox-step-bar]').hidden) button.focus();
  }
}
