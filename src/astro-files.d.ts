// Types for .astro files as plain TypeScript sees them (ESLint's typed rules): `astro check` gets these from
// Astro's language server, but a plain TypeScript program finds no module for `import X from './X.astro'` and
// no JSX namespace for a component's template, and types both as errors. Astro's own tools resolve the real file
// first, so these declarations only fill in where a .astro file is not understood.
/// <reference types="astro/astro-jsx" />

declare module '*.astro' {
  const Component: import('astro/runtime/server/index.js').AstroComponentFactory;
  export default Component;
}

// The template's elements, as in eslint-plugin-astro's README: Astro's own `astroHTML.JSX.Element` is
// `HTMLElement | any` (to fit every framework), which typed rules would flag as `any` at every `.map(() => <li/>)`.
declare namespace JSX {
  type Element = HTMLElement;
  type IntrinsicElements = astroHTML.JSX.IntrinsicElements;
  type IntrinsicAttributes = astroHTML.JSX.IntrinsicAttributes;
  type ElementChildrenAttribute = astroHTML.JSX.ElementChildrenAttribute;
}
