import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [w, name] of [[1280, 'desktop'], [390, 'phone']] as const) {
  const page = await browser.newPage({ viewport: { width: w, height: 900 } });
  await page.goto('http://127.0.0.1:4399/lessons/leader-election/');
  const el = page.locator('.lab-recording[data-lab="fencing-token"]');
  await el.scrollIntoViewIfNeeded();
  await el.screenshot({ path: `/tmp/lab-${name}.png` });
  await page.close();
}
await browser.close();
