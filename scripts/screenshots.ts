// Screenshots of the built site at desktop and phone widths, light and dark, for review
// and for README. Usage: npm run build && node scripts/screenshots.ts [path ...] [--out dir]
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, newPage, serveDist } from '../test/e2e/harness.ts';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args.splice(outAt, 2)[1]! : '.tmp/screenshots';
const paths = args.length ? args : ['/', '/lessons/leader-election/'];
mkdirSync(out, { recursive: true });

const server = await serveDist();
const browser = await launchBrowser();
try {
  for (const path of paths) {
    for (const [device, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page, context } = await newPage(browser, { viewport, colorScheme });
        await page.goto(server.url + path, { waitUntil: 'networkidle' });
        const name = `${path.replace(/\W+/g, '-').replace(/^-|-$/g, '') || 'home'}-${device}-${colorScheme}.png`;
        await page.screenshot({ path: join(out, name), fullPage: device === 'phone' ? false : true });
        console.log(join(out, name));
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
