// The site's Content-Security-Policy, in one place: only what the pages need. Pure (the build's
// integration, src/integrations/csp.ts, hashes the inline scripts and calls it; tests read it).
//   scripts   its own files, plus each inline script by hash (the theme-before-paint script and the
//             small module scripts Astro inlines); never 'unsafe-inline' or 'unsafe-eval';
//             'wasm-unsafe-eval' lets the search dialog compile Pagefind's WebAssembly (no JS eval)
//   workers   its own module workers (the sandbox runner and the explore workers)
//   styles    its own files and inline styles: CodeMirror writes its theme into <style> elements
//             at run time and the pages use style="--i:…" attributes, so hashes cannot cover them
//   frames    https://stackblitz.com only: the WebContainer engine boots in a hidden iframe there
//             (@webcontainer/api: DEFAULT_EDITOR_ORIGIN, iframe src `${origin}/headless`)
//   frame-ancestors only in the header (browsers ignore it in a <meta>).

/** The WebContainer engine's origin (node_modules/@webcontainer/api/dist/internal/constants.js). */
export const WEBCONTAINER_ORIGIN = 'https://stackblitz.com';

/** The policy for pages whose inline scripts have these hashes ('sha256-…'). */
export function contentSecurityPolicy(scriptHashes: readonly string[], where: 'header' | 'meta'): string {
  const hashes = [...new Set(scriptHashes)].sort().map((h) => `'${h}'`);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${WEBCONTAINER_ORIGIN}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ];
  if (where === 'header') directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/** The text of each inline <script> (no src) in an HTML document, exactly as the browser hashes it. */
export function inlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '')) continue;
    out.push(m[2] ?? '');
  }
  return out;
}
