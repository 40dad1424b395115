// The parts of a sandbox that only the running app uses: the read-only files' tabs, the type-error
// box (its CSS is in the lazy sandbox-results.css too), and what only a run or a shared link shows:
// the solution banner, the runner notice and the result (verdict, console, step-through, timeline, log). They were hidden markup in every lesson page (about 2.5 KB
// gzip on lesson 1, for readers who never run anything); sandbox-app.ts adds them here when it
// mounts, before it looks any of them up. Sandbox.astro renders the rest; dialog/confirm.ts makes
// the confirm dialog when Reset first asks.
import { ICONS } from '../icons.ts';
import { escapeHtml } from '../../lib/html.ts';
import { sandboxReplayHash } from '../../lib/replay-url.ts';
import { joinPath, relativeToSandboxes } from '../../lib/sandbox-files.ts';
import type { SandboxFile } from '../../lib/sandbox-registry.ts';
import { sandboxText } from '../../lib/ui-strings.ts';

export function addRunMarkup(root: HTMLElement, files: readonly SandboxFile[]): void {
  if (root.querySelector('[data-sandbox-result]')) return;
  const id = root.dataset.sandbox!;
  const uid = `sbx-${id}`;
  const heading = root.querySelector('.sbx-title')?.textContent ?? id;
  const t = sandboxText;
  const replay = sandboxReplayHash(id);
  const html = (where: Element | null, position: InsertPosition, markup: string) =>
    where?.insertAdjacentHTML(position, markup);

  // The read-only files' tabs, after the editable ones Sandbox.astro rendered (the tab row is one
  // line that scrolls sideways, so nothing below moves).
  const tabs = root.querySelector('.sbx-tabs');
  files.forEach((f, i) => {
    if (f.editable) return;
    const label = escapeHtml(relativeToSandboxes(joinPath(id, f.name)).replace(`${id}/`, ''));
    html(
      tabs,
      'beforeend',
      `<button type="button" role="tab" class="sbx-tab" id="${uid}-tab-${i}" aria-selected="false" aria-controls="${uid}-panel" tabindex="-1" data-sandbox-tab data-file="${escapeHtml(f.name)}" data-editable="false">${ICONS.lock(12)}<span>${label}</span><span class="sbx-ro">${t.readOnly}</span></button>`,
    );
  });

  html(
    root.querySelector('.sbx-tabs'),
    'afterend',
    `<p class="sbx-banner" data-sandbox-solution-banner hidden>${escapeHtml(t.solutionBanner)}</p>`,
  );
  // Below Run, so a list that appears while the reader types never moves the editor or Run.
  html(
    root.querySelector('.sbx-toolbar'),
    'afterend',
    `<div class="sbx-types" data-sandbox-types hidden><p class="sbx-types-head" data-sandbox-types-head></p><ul class="sbx-types-list" data-sandbox-types-list></ul></div>`,
  );
  // Below the toolbar, not in the header: a notice that appears while the reader works must not push the editor and Run down.
  html(
    root.querySelector('[data-sandbox-status]'),
    'afterend',
    `<p class="sbx-notice" data-sandbox-notice hidden></p>` +
      `<div class="sbx-result" data-sandbox-result hidden>` +
      `<p class="sbx-badge" data-sandbox-verdict></p><p class="sbx-detail" data-sandbox-detail></p>` +
      `<p class="sbx-step-bar" data-sandbox-step-bar hidden><button type="button" class="btn sbx-btn" data-action="step" aria-expanded="false" aria-controls="${replay}">${ICONS.step(14)}<span data-step-label>${t.stepThrough}</span></button></p>` +
      `<div class="sbx-console-wrap" data-sandbox-console-wrap hidden><h4 class="sbx-sub panel-sub">${t.console}</h4><div class="sbx-scroll" tabindex="0" role="region" aria-label="${escapeHtml(t.consoleRegion(heading))}"><ol class="sbx-console" data-sandbox-console></ol></div></div>` +
      `<div class="sbx-step" id="${replay}" data-sandbox-step hidden></div>` +
      `<div class="sbx-timeline" data-sandbox-timeline tabindex="0" role="region" aria-label="${escapeHtml(t.timelineRegion(heading))}"></div>` +
      `<p class="tl-scroll-hint" aria-hidden="true" data-sandbox-timeline-hint>${t.timelineHint}</p>` +
      `<div data-sandbox-log-wrap><h4 class="sbx-sub panel-sub">${t.log}</h4><div class="sbx-scroll" tabindex="0" role="region" aria-label="${escapeHtml(t.logRegion(heading))}"><ol class="sbx-log" data-sandbox-log></ol></div></div>` +
      `</div>`,
  );
}
