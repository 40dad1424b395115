// The lesson’s "Run it on real etcd" block (the lab command and one line per committed recording,
// linking to /lab/) and LabRun, which draws a recording with the site’s timeline on /lab/, every
// number in its caption taken from the recording file.
import { readFileSync } from 'node:fs';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import LabRecording from '../../src/components/sandbox/LabRecording.astro';
import LabRun from '../../src/components/sandbox/LabRun.astro';
import { judge } from '../../sandboxes/kit/judge.ts';
import type { TraceEvent } from '../../sandboxes/kit/types.ts';

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

describe.each(['acquire-then-write', 'fencing-token', 'keep-alive', 'ledger', 'etcd-token'])(
  '<LabRecording id="%s">',
  (id) => {
    const load = (files: string) =>
      JSON.parse(readFileSync(new URL(`../../lab/recordings/${id}-${files}.json`, import.meta.url), 'utf8')) as {
        etcdVersion: string;
        etcdMembers?: number;
        postgresVersion: string;
        scale: number;
        trace: TraceEvent[];
        simulatorVerdict: { kind: string };
      };

    it('in the lesson: the command and, per recording, its versions and verdict, linking to its timeline on /lab/', async () => {
      const html = await container.renderToString(LabRecording, { props: { id } });
      const words = text(html);
      expect(words).toContain(`npm run lab -- ${id} --solution`);
      for (const files of ['starter', 'solution']) {
        const r = load(files);
        expect(words).toContain(`The ${files}, on etcd ${r.etcdVersion} and PostgreSQL ${r.postgresVersion}:`);
        expect(html).toContain(`data-files="${files}" data-verdict="${judge(r.trace).kind}"`);
        expect(html).toContain(`href="/lab/#lab-${id}-${files}"`);
      }
      expect(html).not.toContain('<svg class="tl"'); // the timelines live on /lab/, outside the lesson’s byte budget
    });

    it('on /lab/: each recording drawn with its versions, scale and verdict', async () => {
      for (const files of ['starter', 'solution']) {
        const r = load(files);
        const html = await container.renderToString(LabRun, { props: { recording: r } });
        const words = text(html);
        expect(words).toContain(
          `Recorded real run of the ${files} of ${id} on etcd ${r.etcdVersion} and PostgreSQL ${r.postgresVersion}`,
        );
        expect(words).toContain(`the run went ${r.scale} times faster`);
        expect(html).toContain(`id="lab-${id}-${files}" data-files="${files}" data-verdict="${judge(r.trace).kind}"`);
        expect(html).toContain(`lesson time (real run, ${r.scale}x faster)`);
        expect(html.match(/<svg class="tl"/g)).toHaveLength(1);
      }
    });

    it('carries real traces the judge reads as the simulator did: the starter unsafe, the solution stale write rejected', () => {
      const starter = judge(load('starter').trace);
      expect(starter.ok).toBe(false);
      expect(starter.kind).toBe(load('starter').simulatorVerdict.kind);
      expect(judge(load('solution').trace).kind).toBe('stale-write-rejected');
      expect(load('solution').simulatorVerdict.kind).toBe('stale-write-rejected');
    });

    it('says what the recordings ran on: how many worker processes, and the etcd members when more than one', async () => {
      const words = text(await container.renderToString(LabRecording, { props: { id, notes: true } }));
      const r = load('starter');
      const workers = new Set(r.trace.filter((e) => e.kind === 'start').map((e) => e.node)).size;
      expect(words).toContain(`in ${['', '', 'two', 'three'][workers]} Node processes against a real etcd`);
      if ((r.etcdMembers ?? 1) > 1) {
        expect(words).toContain(`against a real etcd cluster of ${['', '', 'two', 'three'][r.etcdMembers!]} members`);
        expect(words).toContain('a lease ID used as a token is rounded');
      } else expect(words).not.toContain('cluster of');
      expect(words).toContain(
        `At this time scale (${r.scale}x) the lock can free up to about ${Number((0.5 * r.scale).toFixed(1))} s of lesson time`,
      );
    });
  },
);
