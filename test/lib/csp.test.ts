// The site’s policy: inline scripts are found exactly as the browser hashes them, and the policy
// names only what the pages need (frame-ancestors only where it works: the header).
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineScripts } from '../../src/lib/csp.ts';

describe('content security policy', () => {
  it('finds inline scripts (not external ones), whitespace and all', () => {
    const html =
      '<script>\n  a()\n</script><script type="module" src="/x.js"></script><script type="module">b()</script>';
    expect(inlineScripts(html)).toEqual(['\n  a()\n', 'b()']);
  });

  it('allows its own scripts and the hashed inline ones, no eval, one frame origin; frame-ancestors only in the header', () => {
    const meta = contentSecurityPolicy(['sha256-b', 'sha256-a', 'sha256-a'], 'meta');
    expect(meta).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-a' 'sha256-b';");
    expect(meta).not.toMatch(/'unsafe-eval'|frame-ancestors/);
    expect(meta).toContain('frame-src https://stackblitz.com;');
    expect(contentSecurityPolicy([], 'header')).toMatch(
      /object-src 'none'; base-uri 'none'; .*frame-ancestors 'none'$/,
    );
  });
});
