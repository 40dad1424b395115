// Styles that travel with a lazy module: Astro links only the CSS that pages import statically, and
// drops CSS imported by a dynamically imported client module. Those modules import their CSS as a
// string (`?inline`, minified by the build) and hand it here, so it applies when the module loads,
// before it draws anything. A constructed stylesheet: no <style> element, nothing for the CSP to hash.
export function adoptStyles(css: string): void {
  if (typeof document === 'undefined') return; // imported by a test in Node
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
