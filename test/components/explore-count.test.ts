// ExploreCount: the numbers lesson prose quotes about explored runs come from the kit’s explore() at
// build time, match what the CLI counts for the same sandbox/variant/n, follow the files they run,
// and a wrong prop fails the build with a message naming the component, the page and the prop.
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { beforeAll, describe, expect, it } from 'vitest';
import ExploreCount from '../../src/components/explore/ExploreCount.astro';
import { countOf, exploreForProse, formatCount } from '../../src/components/explore/explore-count.ts';
import { createRegistry } from '../../src/lib/sandbox-registry.ts';
import { sandboxes, sources } from '../../src/lib/sandbox-registry-site.ts';
import { exploreSandboxFromDisk } from '../../scripts/lib/sandbox-run.ts';

const metas = import.meta.glob<Record<string, unknown>>('/sandboxes/*/sandbox.ts', { eager: true });
const metaModules = Object.fromEntries(Object.entries(metas).map(([path, mod]) => [path.split('/')[2]!, mod]));
const where = '<ExploreCount> in a test';

let container: AstroContainer;
beforeAll(async () => {
  container = await AstroContainer.create();
});

describe('exploreForProse', { timeout: 120_000 }, () => {
  it('counts what the CLI counts for the same sandbox, variant, n and base seed', async () => {
    const spec = { sandbox: 'fencing-token', variant: 'ttl-x3', n: 1000 };
    const built = await exploreForProse(spec, sandboxes, where);
    const cli = await exploreSandboxFromDisk('fencing-token', { variant: 'ttl-x3', n: 1000, baseSeed: 7 });
    expect(built.counts).toEqual(cli.counts);
    expect(built.counts['stale-write-accepted']).toBeGreaterThan(0); // a longer lease only narrows the gap
  });

  it('follows the files it runs: the store that checks tokens accepts none of the stale writes the starter accepts', async () => {
    const starter = await exploreForProse({ sandbox: 'fencing-token', variant: 'no-fix', n: 300 }, sandboxes, where);
    const fixed = await exploreForProse({ sandbox: 'fencing-token', variant: 'token-check', n: 300 }, sandboxes, where);
    expect(countOf(starter, 'stale-write-accepted', where)).toBeGreaterThan(0);
    expect(countOf(fixed, 'stale-write-accepted', where)).toBe(0);
    // The same variant name with its file swapped for the starter’s counts like the starter.
    const swapped = { ...sources, 'fencing-token/solution/store.ts': sources['fencing-token/store.ts']! };
    const unfixed = await exploreForProse(
      { sandbox: 'fencing-token', variant: 'token-check', n: 300 },
      createRegistry(swapped, metaModules),
      where,
    );
    expect(unfixed.counts).toEqual(starter.counts);
  });

  it('names the prop, the missing file and the choices when the sandbox or the variant is wrong', async () => {
    await expect(
      exploreForProse({ sandbox: 'fencing-tokens', variant: 'ttl-x3', n: 10 }, sandboxes, where),
    ).rejects.toThrow(
      /<ExploreCount> in a test: sandbox="fencing-tokens" names no sandbox \(no sandboxes\/fencing-tokens\/sandbox\.ts\)\. Sandboxes: (?:[\w-]+, )*fencing-token(?:, [\w-]+)*/,
    );
    await expect(
      exploreForProse({ sandbox: 'fencing-token', variant: 'ttl-x4', n: 10 }, sandboxes, where),
    ).rejects.toThrow(
      /variant="ttl-x4" is not a variant of sandboxes\/fencing-token\/sandbox\.ts\. Variants: no-fix, ttl-x3, .*token-check/,
    );
    await expect(
      exploreForProse({ sandbox: 'fencing-token', variant: 'ttl-x3', n: 0 }, sandboxes, where),
    ).rejects.toThrow(/n=\{0\} must be a whole number/);
  });

  it('refuses a verdict the judge does not give, and sums several', async () => {
    const result = await exploreForProse({ sandbox: 'fencing-token', variant: 'no-fix', n: 100 }, sandboxes, where);
    expect(() => countOf(result, 'stale-writes', where)).toThrow(
      /verdict="stale-writes" is not a verdict the judge gives\. Verdicts: .*stale-write-accepted/,
    );
    const all = Object.keys(result.counts);
    expect(countOf(result, all, where)).toBe(100);
  });
});

describe('formatCount', () => {
  it('writes the number as prose', () => {
    expect(formatCount(3, 10_000)).toBe('3 of 10,000');
    expect(formatCount(1234, 10_000, 'count')).toBe('1,234');
    expect(formatCount(3, 10_000, 'percent')).toBe('0.03 %');
  });
});

describe('<ExploreCount>', { timeout: 120_000 }, () => {
  it('renders the count the kit gives, with what it counted in data attributes', async () => {
    const expected = (
      await exploreSandboxFromDisk('fencing-token', { variant: 'check-lease-before-put', n: 2000, baseSeed: 7 })
    ).counts['stale-write-accepted'];
    const html = await container.renderToString(ExploreCount, {
      props: { sandbox: 'fencing-token', variant: 'check-lease-before-put', n: 2000 },
    });
    expect(html).toContain(`data-count="${expected}"`);
    expect(html).toContain(`>${expected} of 2,000</span>`);
    expect(html).toContain('data-verdict="stale-write-accepted"');
  });

  it('fails the build naming the page and the prop when the variant does not exist', async () => {
    await expect(
      container.renderToString(ExploreCount, {
        props: { sandbox: 'fencing-token', variant: 'lease-check', n: 100 },
        request: new Request('http://localhost/lessons/leader-election/'),
      }),
    ).rejects.toThrow(
      /<ExploreCount sandbox="fencing-token" variant="lease-check"> on \/lessons\/leader-election\/: variant="lease-check" is not a variant of sandboxes\/fencing-token\/sandbox\.ts/,
    );
  });
});

describe('<ScenarioLog pause>', { timeout: 120_000 }, () => {
  it('runs the scenario with that pause and says so under the log', async () => {
    const { default: ScenarioLog } = await import('../../src/components/sandbox/ScenarioLog.astro');
    const html = await container.renderToString(ScenarioLog, {
      props: {
        id: 'fencing-token',
        solution: true,
        seed: 7,
        pause: { node: 'A', at: 2000, ms: 10_500 },
        timeline: false,
      },
    });
    expect(html).toContain('Schedule changed for this run: A is paused at 2 s for 10.5 s.');
    expect(html).toContain('A paused until 12.500 s: it runs nothing');
  });

  it('refuses a pause it cannot run, naming the field', async () => {
    const { default: ScenarioLog } = await import('../../src/components/sandbox/ScenarioLog.astro');
    await expect(
      container.renderToString(ScenarioLog, {
        props: { id: 'fencing-token', pause: { node: 'C', at: 2000, ms: 100 } },
      }),
    ).rejects.toThrow(/pause\.node must be 'A' or 'B'/);
    await expect(
      container.renderToString(ScenarioLog, { props: { id: 'fencing-token', pause: { node: 'A', at: 2000, ms: 0 } } }),
    ).rejects.toThrow(/pause\.ms must be above 0 \(a duration in ms\)/);
  });
});

describe('the leader-election lesson', () => {
  it('types no count of explored runs by hand: every such number is an <ExploreCount>', async () => {
    const { readFileSync } = await import('node:fs');
    const mdx = readFileSync(new URL('../../lessons/leader-election/index.mdx', import.meta.url), 'utf8');
    const prose = mdx
      .replace(/^---[\s\S]*?^---$/m, '')
      .replace(/```[\s\S]*?```/g, '')
      .replace(/<ExploreCount\b[^>]*\/>/g, 'N');
    expect(prose).not.toMatch(
      /\b\d[\d,.]*\s*(?:%|percent|of (?:the )?(?:10,000|ten thousand|\d[\d,]*) (?:runs|schedules))|\b(?:a few|several|\d+) times in (?:ten thousand|\d[\d,]*)/i,
    );
    expect((mdx.match(/<ExploreCount\b/g) ?? []).length).toBeGreaterThan(0);
  });
});
