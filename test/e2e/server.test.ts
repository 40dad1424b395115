// The e2e server sends what a static host sends: text gzipped to a browser that asks for it (so
// Lighthouse’s simulated network and the byte budgets see the same transfer), the file unchanged otherwise.
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { DIST } from './harness.ts';
import { useSite } from './site.ts';

const site = useSite();

/** One GET with the given Accept-Encoding: status, Content-Encoding and the raw body. */
function fetchRaw(path: string, acceptEncoding?: string): Promise<{ encoding?: string; body: Buffer }> {
  return new Promise((ok, fail) => {
    get(site.url + path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

it('sends a lesson gzipped when asked, at under a quarter of its size, and unchanged when not', async () => {
  const file = readFileSync(join(DIST, 'lessons/leader-election/index.html'));
  const zipped = await fetchRaw('/lessons/leader-election/', 'gzip, deflate, br');
  expect(zipped.encoding).toBe('gzip');
  expect(gunzipSync(zipped.body).equals(file)).toBe(true);
  expect(zipped.body.length).toBeLessThan(file.length / 4);
  const plain = await fetchRaw('/lessons/leader-election/');
  expect(plain.encoding).toBeUndefined();
  expect(plain.body.equals(file)).toBe(true);
});
