import { describe, expect, it } from 'vitest';
import { linkFiles, runLink, type EditableFile } from '../../src/lib/sandbox-replay.ts';
import { formatReplayLink, parseReplayLink } from '../../src/lib/replay-url.ts';

const job = (mine = 'job') => ({ name: 'job.ts', starter: 'job', mine });
const store = (mine = 'store', solution?: string): EditableFile => ({
  name: 'store.ts',
  starter: 'store',
  mine,
  ...(solution !== undefined ? { solution } : {}),
});

describe('the link of a sandbox run', () => {
  it('untouched starter files: the plain form, on the default schedule', () => {
    expect(runLink('fencing-token', 7, 'mine', [job(), store()])).toEqual({
      link: { sandbox: 'fencing-token', seed: 7, schedule: 'default' },
      label: 'the starter files',
      usesOwnEdits: false,
    });
  });

  it('any edited file: variant=mine, which replays the opener’s own edits', () => {
    expect(runLink('fencing-token', 7, 'mine', [job(), store('fixed')])).toEqual({
      link: { sandbox: 'fencing-token', seed: 7, schedule: 'default', variant: 'mine' },
      label: 'your code',
      usesOwnEdits: true,
    });
  });

  it('the solution: variant=solution; it leans on the reader’s edits only for files it does not ship', () => {
    expect(runLink('fencing-token', 7, 'solution', [job(), store('x', 'fixed')])).toMatchObject({
      link: { variant: 'solution' },
      label: 'the solution',
      usesOwnEdits: false,
    });
    expect(runLink('fencing-token', 7, 'solution', [job('edited'), store('x', 'fixed')]).usesOwnEdits).toBe(true);
    // No solution shipped: solution mode cannot happen, but the reader’s files are what ran.
    expect(runLink('x', 1, 'solution', [job('edited')]).link.variant).toBe('mine');
  });

  it('the files a link replays are the files the run used', () => {
    const files = [job('my job'), store('my store', 'fixed')];
    expect(linkFiles(undefined, files)).toEqual({
      files: { 'job.ts': 'job', 'store.ts': 'store' },
      label: 'the starter files',
      usesOwnEdits: false,
    });
    expect(linkFiles('mine', files)).toEqual({
      files: { 'job.ts': 'my job', 'store.ts': 'my store' },
      label: 'your code',
      usesOwnEdits: true,
    });
    expect(linkFiles('solution', files)).toEqual({
      files: { 'job.ts': 'my job', 'store.ts': 'fixed' },
      label: 'the solution',
      usesOwnEdits: true,
    });
    expect(linkFiles('solution', [job(), store('x', 'fixed')])!.usesOwnEdits).toBe(false);
    // Opened where nothing is edited: the starter files, named as such (as a Run of them is).
    expect(linkFiles('mine', [job(), store()])).toEqual({
      files: { 'job.ts': 'job', 'store.ts': 'store' },
      label: 'the starter files',
      usesOwnEdits: false,
    });
    expect(linkFiles('ttl-x3', files)).toBeNull();
    expect(linkFiles('solution', [job()])).toBeNull();
    // Round trip through the address: each mode’s link comes back as the same files.
    for (const mode of ['mine', 'solution'] as const) {
      const made = runLink('fencing-token', 7, mode, files);
      const parsed = parseReplayLink(new URL(formatReplayLink(made.link, 'http://h.test/l/')).search)!;
      expect(parsed).toEqual(made.link);
      const { label, usesOwnEdits } = linkFiles(parsed.variant, files)!;
      expect({ label, usesOwnEdits }).toEqual({ label: made.label, usesOwnEdits: made.usesOwnEdits });
    }
  });
});
