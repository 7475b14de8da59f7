// ESLint flat config. `npm run lint` runs it, then `prettier --check` (formatting is Prettier's job:
// no stylistic rules here); `npm test` runs lint first.
//
// Not type-aware on purpose: typescript-eslint's type-checked rules took 8 min 24 s wall (2 min 25 s
// CPU) over the repo's four tsconfig projects on the 2-core CI machine, against about 35 s CPU for
// this syntactic set. `npm run typecheck` already runs the compiler.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'migrations/**', '.runtimes/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The code's convention: a leading underscore marks a parameter kept for a signature (a port,
      // a Feature hook) or a property taken out of an object on purpose (`{ secret: _secret, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // Imports that climb two folders or leave their side use the path aliases instead: #server/… and
  // #shared/… (package.json `imports`), #renderer/… (renderer/tsconfig.json `paths`). e2e/ and
  // electron/ keep relative paths: Playwright's loader and Electron's compiled main read them as is.
  {
    files: ['server/**', 'shared/**', 'bench/**', 'scripts/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(\\.\\./){2,}', message: 'Use #server/…, #shared/… or #renderer/… instead of climbing two folders.' }] },
      ],
    },
  },
  // Server, CLI, scripts, benchmarks, Electron main process, Playwright: Node. (shared/ is pure
  // TypeScript for both sides: no environment's globals.)
  {
    files: ['server/**', 'bench/**', 'scripts/**', 'bin/**', 'electron/**', 'e2e/**', '*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Playwright reads which fixtures a fixture depends on from the text of its first parameter, which
  // must be an object pattern: a fixture that needs none is written `async ({}, use) => …`.
  {
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  // The renderer runs in a browser (Electron's window or a web browser); React's rules of hooks and
  // the React Compiler's checks apply to it.
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    ...reactHooks.configs.flat.recommended,
  },
);
