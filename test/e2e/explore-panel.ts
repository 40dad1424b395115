// Drives a lesson’s Explore panel as a reader does: scroll to it, wait for it, pick the schedules per
// version, press "Explore every version" and wait for that exploration to finish. Shared by the e2e files.
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

export const explorePanel = (page: Page) => page.locator('lf-explore');

/** Explores every version over `n` schedules each (1,000 or 10,000) and waits until that run is counted. */
export async function exploreAll(page: Page, n = 1000): Promise<void> {
  const panel = explorePanel(page);
  await panel.scrollIntoViewIfNeeded();
  await expect.poll(() => panel.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  await page.getByRole('radio', { name: n.toLocaleString('en-US'), exact: true }).check();
  const before = Number((await panel.getAttribute('data-explore-runs')) ?? 0);
  await page.getByRole('button', { name: 'Explore every version' }).click();
  await expect
    .poll(async () => Number((await panel.getAttribute('data-explore-runs')) ?? 0), { timeout: 180_000 })
    .toBe(before + 1);
}
