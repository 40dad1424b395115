// The sandbox registry: every sandbox folder is found and validated; a broken sandbox.ts fails
// naming the file and the field; a copied folder is a new sandbox with no other change.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry as create } from '../../src/lib/sandbox-registry.ts';
import { parseSandboxMeta } from '../../src/lib/sandbox-meta-schema.ts';
import { sandboxes as browserRegistry } from '../../src/lib/sandbox-registry-browser.ts';

const createRegistry = (sources: Parameters<typeof create>[0], metas: Record<string, unknown>) =>
  create(sources, metas, parseSandboxMeta);
import { sandboxes as siteRegistry } from '../../src/lib/sandbox-registry-site.ts';
import { readSources, registryFromDisk, SANDBOXES_DIR } from '../../scripts/lib/registry-from-disk.ts';

const sources = readSources();
const meta = (over: Record<string, unknown>) => ({
  sandbox: {
    id: 'fencing-token',
    title: 'Adding a fencing token',
    editable: ['job.ts', 'store.ts'],
    readonly: ['scenario.ts'],
    entry: 'scenario.ts',
    defaultSeed: 7,
    ...over,
  },
});

describe('the sandbox registry', () => {
  it('finds every sandbox folder on disk and in the site build alike', () => {
    const disk = registryFromDisk();
    expect(disk.ids.length).toBeGreaterThan(0);
    expect(siteRegistry.ids).toEqual(disk.ids);
    expect(browserRegistry.ids).toEqual(disk.ids);
    for (const id of disk.ids) {
      expect(disk.get(id).meta).toEqual(siteRegistry.get(id).meta);
      expect(disk.get(id).meta.id).toBe(id);
    }
  });

  it('a wrong field names the file and the field', () => {
    const reg = createRegistry(sources, {
      'fencing-token': meta({ defaultSeed: -1, editable: ['job.ts', 'nope.ts'] }),
    });
    expect(() => reg.get('fencing-token')).toThrow(
      'sandboxes/fencing-token/sandbox.ts: "defaultSeed" must be a whole number ≥ 0',
    );
    const missing = createRegistry(sources, { 'fencing-token': meta({ editable: ['job.ts', 'nope.ts'] }) });
    expect(() => missing.get('fencing-token')).toThrow(
      'sandboxes/fencing-token/sandbox.ts: "editable[1]" names nope.ts, but sandboxes/fencing-token/nope.ts does not exist',
    );
  });

  it('an unknown key, a mismatched id and a variant folder without files are each named', () => {
    expect(() => createRegistry(sources, { 'fencing-token': meta({ colour: 'red' }) }).get('fencing-token')).toThrow(
      /sandbox\.ts: "sandbox".*colour/,
    );
    expect(() => createRegistry(sources, { 'fencing-token': meta({ id: 'fencing' }) }).get('fencing-token')).toThrow(
      'sandboxes/fencing-token/sandbox.ts: "id" is "fencing" but the folder is sandboxes/fencing-token/: they must match',
    );
    const bad = meta({
      variants: [{ name: 'x', description: 'A version that changes nothing.', dir: 'variants/none' }],
    });
    expect(() => createRegistry(sources, { 'fencing-token': bad }).get('fencing-token')).toThrow(
      '"variants[0].dir" is variants/none, but it holds none of the editable files',
    );
  });

  it('a variant with a base starts from that variant’s files and lays its own folder over them', () => {
    const files = {
      ...sources,
      'fencing-token/variants/a/job.ts': '// a job',
      'fencing-token/variants/a/store.ts': '// a store',
      'fencing-token/variants/b/store.ts': '// b store',
    };
    const variants = [
      { name: 'a', description: 'Changes the job and the store.', dir: 'variants/a' },
      { name: 'b', description: 'Variant a with another store.', base: 'a', dir: 'variants/b' },
      { name: 'c', description: 'Variant b again, under another name.', base: 'b', dir: 'variants/b' },
    ];
    const sb = createRegistry(files, { 'fencing-token': meta({ variants }) }).get('fencing-token');
    expect(sb.changes(sb.versions[1]!)).toEqual({ 'job.ts': '// a job', 'store.ts': '// b store' });
    expect(sb.changes(sb.versions[2]!)).toEqual({ 'job.ts': '// a job', 'store.ts': '// b store' });
    // Without the base, a file the folder lacks is the starter’s.
    const alone = createRegistry(files, {
      'fencing-token': meta({ variants: [variants[0], { ...variants[1], base: undefined }] }),
    }).get('fencing-token');
    expect(alone.changes(alone.versions[1]!)).toEqual({ 'store.ts': '// b store' });
  });

  it('a base that is not a variant listed earlier is named with the field', () => {
    const files = {
      ...sources,
      'fencing-token/variants/a/job.ts': '// a job',
      'fencing-token/variants/b/job.ts': '// b job',
    };
    const a = { name: 'a', description: 'Changes the job only.', dir: 'variants/a' };
    const later = meta({
      variants: [{ name: 'b', description: 'Variant a with another job.', base: 'a', dir: 'variants/b' }, a],
    });
    expect(() => createRegistry(files, { 'fencing-token': later }).get('fencing-token')).toThrow(
      'sandboxes/fencing-token/sandbox.ts: "variants[0].base" is "a", but no variant listed before "b" has that name (it is the first)',
    );
    const typo = meta({
      variants: [a, { name: 'b', description: 'Variant a with another job.', base: 'aa', dir: 'variants/b' }],
    });
    expect(() => createRegistry(files, { 'fencing-token': typo }).get('fencing-token')).toThrow(
      '"variants[1].base" is "aa", but no variant listed before "b" has that name (listed before it: a)',
    );
    const noDir = meta({ variants: [a, { name: 'b', description: 'Variant a under another name.', base: 'a' }] });
    expect(() => createRegistry(files, { 'fencing-token': noDir }).get('fencing-token')).toThrow(
      '"variants[1].dir" is missing',
    );
  });

  it('etcd-token’s restores run create-revision’s job.ts with their own ops.ts', () => {
    const sb = registryFromDisk().get('etcd-token');
    const version = (name: string) => sb.versions.find((v) => v.name === name)!;
    const createRevisionJob = sb.changes(version('create-revision'))['job.ts'];
    expect(createRevisionJob).toBeDefined();
    for (const name of ['restore-without-bump', 'restore-with-bump']) {
      const changes = sb.changes(version(name));
      expect(changes['job.ts']).toBe(createRevisionJob);
      expect(changes['ops.ts']).toBe(
        readFileSync(join(SANDBOXES_DIR, 'etcd-token', 'variants', name, 'ops.ts'), 'utf8'),
      );
    }
  });

  it('a sandbox.ts without a `sandbox` export says what to export', () => {
    expect(() => createRegistry(sources, { 'fencing-token': { meta: {} } }).get('fencing-token')).toThrow(
      'sandboxes/fencing-token/sandbox.ts must export `sandbox`',
    );
  });

  it('an unknown id lists the sandboxes there are', () => {
    expect(() => registryFromDisk().get('nope')).toThrow(/There is no sandbox "nope".*there are: /);
  });

  it('without variants a sandbox compares its starter and its solution; with them, its own list', () => {
    const reg = registryFromDisk();
    for (const id of reg.ids) {
      const sb = reg.get(id);
      if (sb.meta.variants?.length) expect(sb.versions).toEqual(sb.meta.variants);
      else
        expect(sb.versions.map((v) => v.name)).toEqual(
          Object.keys(sb.solution).length ? ['starter', 'solution'] : ['starter'],
        );
      for (const v of sb.versions)
        for (const [file, text] of Object.entries(sb.changes(v))) expect(text).not.toBe(sb.source(file));
    }
  });

  it('a run’s files are the kit and the sandbox’s top level, with overrides laid over', () => {
    const sb = registryFromDisk().get(registryFromDisk().ids[0]!);
    const files = sb.runFiles({ 'store.ts': '// mine' });
    expect(
      Object.keys(files).every(
        (p) => p.startsWith('kit/') || (p.startsWith(`${sb.meta.id}/`) && p.split('/').length === 2),
      ),
    ).toBe(true);
    expect(files[`${sb.meta.id}/store.ts`]).toBe('// mine');
  });

  it('a copied sandbox folder is a new sandbox with no other change', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lf-registry-'));
    try {
      cpSync(SANDBOXES_DIR, dir, { recursive: true });
      const from = registryFromDisk().ids[0]!;
      cpSync(join(dir, from), join(dir, `${from}-copy`), { recursive: true });
      const metaFile = join(dir, `${from}-copy`, 'sandbox.ts');
      writeFileSync(metaFile, readFileSync(metaFile, 'utf8').replace(`id: '${from}'`, `id: '${from}-copy'`));
      const reg = registryFromDisk(dir);
      expect(reg.ids).toContain(`${from}-copy`);
      expect(reg.get(`${from}-copy`).meta.editable).toEqual(reg.get(from).meta.editable);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
