// The build's precompiled kit (src/integrations/precompiled-kit.ts).
declare module 'virtual:lf-precompiled-kit' {
  const files: Record<string, import('./modules.ts').Precompiled>;
  export default files;
}
