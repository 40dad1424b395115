// The site settings' helpers (src/site.config.ts).
import { describe, expect, it } from 'vitest';
import { editUrl } from '../src/site.config.ts';

describe('editUrl', () => {
  it('builds edit links from one repository setting', () => {
    expect(editUrl('lessons/leader-election/index.mdx', 'https://github.com/o/r/', 'main')).toBe(
      'https://github.com/o/r/edit/main/lessons/leader-election/index.mdx',
    );
  });
});
