// Lint rules: typescript-eslint's type-checked recommended set for TypeScript, Astro's plugin for
// .astro files. A rule switched off or relaxed here says why on its line.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', '.tmp/', 'coverage/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not (the sandbox handlers' `memory`, `console`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  ...astro.configs.recommended,
  {
    // astro-eslint-parser has no projectService: it reads the tsconfig itself (the same behaviour it falls back
    // to, without a warning per file).
    files: ['**/*.astro'],
    languageOptions: { parserOptions: { projectService: false, project: true } },
  },
  {
    // The sandbox files the reader edits: a handler keeps its `put` / `{ memory, console }` parameters unused on
    // purpose, to show the reader what it is given (these texts are shown in the lessons, so no `_` renames).
    files: ['sandboxes/**/store.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Plain JS config files are not in the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
