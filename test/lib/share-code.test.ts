// The code a shared link carries: it round-trips exactly, a 200-line edit fits in a link a chat app
// keeps, and anything damaged, cut short, oversized or foreign is refused with a sentence, never run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { twoHundredLineEdit } from './two-hundred-line-edit.ts';
import {
  codeInFragment,
  decodeSharedCode,
  encodeSharedCode,
  fragmentAnchor,
  fragmentWithCode,
  MAX_PAYLOAD,
  sharedFilesProblem,
} from '../../src/lib/share-code.ts';

const starter = readFileSync(new URL('../../sandboxes/fencing-token/store.ts', import.meta.url), 'utf8');

describe('shared code', () => {
  it('round-trips the files exactly, unicode and all', async () => {
    const starters = { 'store.ts': starter, 'job.ts': 'export {};\n' };
    const cases = [
      { 'store.ts': `${starter}// naïve? “quoted” — ✓\n`, 'job.ts': 'export {};\r\n\ttabs\n' },
      { 'store.ts': starter.replace('return { ok: true };', 'return { ok: false, reason: "x" };'), 'job.ts': '' },
      {
        'store.ts': starter
          .split('\n')
          .filter((_, i) => i !== 3)
          .join('\n'),
        'job.ts': 'export {};\n\n\n',
      },
      { 'store.ts': `\n${starter}`, 'job.ts': 'export {};\n' },
    ];
    for (const files of cases) {
      const payload = await encodeSharedCode(files, starters);
      expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(await decodeSharedCode(payload, starters)).toEqual({ ok: true, files });
    }
  });

  it('a 200-line edit makes a link under 2,000 characters', async () => {
    const edited = twoHundredLineEdit();
    expect(edited.split('\n').length - starter.split('\n').length).toBeGreaterThanOrEqual(200);
    const payload = await encodeSharedCode({ 'store.ts': edited }, { 'store.ts': starter });
    const link = `https://leases-and-fences.example/lessons/leader-election/?replay=fencing-token&variant=mine&schedule=default&seed=7#${fragmentWithCode('replay-fencing-token', payload)}`;
    expect(link.length).toBeLessThan(2000);
    expect(await decodeSharedCode(payload, { 'store.ts': starter })).toEqual({
      ok: true,
      files: { 'store.ts': edited },
    });
  });

  it('a payload cut short, altered, not base64url, or too long is refused with a reason', async () => {
    const payload = await encodeSharedCode({ 'store.ts': `${starter}// mine\n` }, { 'store.ts': starter });
    for (const bad of [
      payload.slice(0, Math.floor(payload.length / 2)),
      `${payload.slice(0, 10)}x${payload.slice(11)}`,
      'not base64!',
      '',
      'A',
    ]) {
      const out = await decodeSharedCode(bad, { 'store.ts': starter });
      expect(out.ok, bad).toBe(false);
      if (!out.ok) expect(out.problem).toMatch(/^The code in this link /);
    }
    const long = await decodeSharedCode('A'.repeat(MAX_PAYLOAD + 1), {});
    expect(long).toEqual({ ok: false, problem: expect.stringMatching(/too long \(32,001 characters/) as unknown });
  });

  it('a payload that picked up what mail and chat add on the way still reads as sent', async () => {
    const edited = `${starter}// mine\n`;
    const payload = await encodeSharedCode({ 'store.ts': edited }, { 'store.ts': starter });
    const middle = Math.floor(payload.length / 2);
    const escaped = payload.replace(/-/g, '%2D').replace(/_/g, '%5F');
    for (const carried of [
      `${payload}.`, // the link ends a sentence
      `${payload})`,
      `${payload}>`,
      `${payload}==`,
      `${payload.slice(0, middle)}%0A${payload.slice(middle)}`, // wrapped by a mail client
      `${payload.slice(0, middle)} ${payload.slice(middle)}`,
      escaped,
    ]) {
      expect(await decodeSharedCode(carried, { 'store.ts': starter }), carried).toEqual({
        ok: true,
        files: { 'store.ts': edited },
      });
    }
  });

  it('an empty payload, or one with a character no link carries, is refused saying exactly that', async () => {
    expect(await decodeSharedCode('', {})).toEqual({
      ok: false,
      problem: expect.stringMatching(/cannot be read: it is empty \(nothing follows “code=”\)\. /) as unknown,
    });
    const foreign = await decodeSharedCode('abc%E2%80%AEdef', {});
    expect(foreign).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /it has a character a shared link never contains \(“\\u\{202E\}”\)\. The link was probably changed on its way here;/,
      ) as unknown,
    });
    expect(foreign.ok || foreign.problem).not.toMatch(/cut short/);
    expect(await decodeSharedCode('ab%cd', {})).toMatchObject({ problem: expect.stringMatching(/\(“%”\)/) as unknown });
  });

  it('a payload that expands past the bound (a zip bomb) is refused, not inflated', async () => {
    const payload = await encodeSharedCode({ 'store.ts': 'a'.repeat(2_000_000) }, {});
    expect(payload.length).toBeLessThan(MAX_PAYLOAD);
    expect(await decodeSharedCode(payload, {})).toEqual({
      ok: false,
      problem: expect.stringMatching(/expands to more than/) as unknown,
    });
  });

  it('a link made from another version of a starter is refused, not run as different code', async () => {
    const payload = await encodeSharedCode({ 'store.ts': `${starter}// mine\n` }, { 'store.ts': starter });
    const out = await decodeSharedCode(payload, { 'store.ts': starter.replace('logs it', 'prints it') });
    expect(out).toEqual({
      ok: false,
      problem: expect.stringMatching(
        /different store\.ts than this sandbox’s \(from another sandbox, or from another version of this site\)/,
      ) as unknown,
    });
  });

  it('only the sandbox’s editable files may be carried', () => {
    expect(sharedFilesProblem({ 'store.ts': '' }, ['job.ts', 'store.ts'], 'fencing-token')).toBeNull();
    expect(sharedFilesProblem({ 'scenario.ts': '' }, ['job.ts', 'store.ts'], 'fencing-token')).toMatch(
      /names a file the sandbox “fencing-token” does not let you edit \("scenario.ts"\); it edits job.ts and store.ts/,
    );
  });

  it('the code rides after the anchor in the fragment', () => {
    const hash = `#${fragmentWithCode('replay-keep-alive', 'abc_-1')}`;
    expect(codeInFragment(hash)).toBe('abc_-1');
    expect(fragmentAnchor(hash)).toBe('replay-keep-alive');
    expect(codeInFragment('#replay-keep-alive')).toBeNull();
  });

  it('finds the code when the anchor before it was lost', () => {
    expect(codeInFragment('#code=abc_-1')).toBe('abc_-1');
    expect(codeInFragment('#replay-keep-alive&x=1&code=abc')).toBe('abc');
    expect(codeInFragment('#codex=abc')).toBeNull();
  });
});
