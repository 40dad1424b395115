import { describe, expect, it } from 'vitest';
import {
  joinPath,
  rebaseImports,
  resolveSpecifier,
  storageKey,
  tsSpecifiersToJs,
} from '../../src/lib/sandbox-files.ts';

describe('sandbox-files', () => {
  it('joins paths without climbing above sandboxes/', () => {
    expect(joinPath('fencing-token', '../kit/lock-service.ts')).toBe('kit/lock-service.ts');
    expect(joinPath('fencing-token/solution', '../../kit/index.ts')).toBe('kit/index.ts');
  });
  it('resolves specifiers against the run files', () => {
    const files = { 'kit/index.ts': '', 'a/job.ts': '' };
    expect(resolveSpecifier('a/job.ts', '../kit/index.ts', files)).toBe('kit/index.ts');
    expect(resolveSpecifier('a/job.ts', '../kit', files)).toBe('kit/index.ts');
    expect(resolveSpecifier('a/job.ts', 'node:fs', files)).toBeNull();
  });
  it('rewrites .ts specifiers to .js', () => {
    expect(
      tsSpecifiersToJs("import { a } from './x.ts';\nexport * from \"../kit/index.ts\";\nconst m = import('./y.ts');"),
    ).toBe("import { a } from './x.js';\nexport * from \"../kit/index.js\";\nconst m = import('./y.js');");
  });
  it('rebases a solution file to where it is laid over', () => {
    expect(
      rebaseImports(
        "import { x } from '../../kit/index.ts';\nimport { y } from '../job.ts';",
        'ft/solution/store.ts',
        'ft/store.ts',
      ),
    ).toBe("import { x } from '../kit/index.ts';\nimport { y } from './job.ts';");
  });
  it('keys a sandbox file in storage by sandbox and file', () => {
    expect(storageKey('ft', 'store.ts')).toBe('lf:sandbox:ft:store.ts');
    expect(storageKey('ft', 'store.ts', '/leases-and-fences/')).toBe('lf:sandbox:ft:store.ts@/leases-and-fences/');
  });
});
