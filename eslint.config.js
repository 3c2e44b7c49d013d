// The repository's own lint: typescript-eslint on every source, type-aware
// rules where a tsconfig covers the file, and lockctx's recommended config on
// the runnable examples. `npm run lint` builds first: the lockctx plugin is
// loaded from its compiled output.
import js from '@eslint/js';
import lockctx from '@lockctx/eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** The Node.js globals our plain JavaScript files use. */
const nodeGlobals = {
  console: 'readonly',
  fetch: 'readonly',
  process: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  queueMicrotask: 'readonly',
};

export default defineConfig(
  globalIgnores([
    '**/dist/',
    '**/coverage/',
    '**/*.d.ts',
    'eslint-plugin/tests/fixtures/corpus/',
    // A workspace opened by the extension's end-to-end test, deliberately
    // outside any tsconfig.
    'lsp/vscode/e2e/workspace/',
    // The workspace the server's tests open, also outside any tsconfig.
    'lsp/server/tests/fixtures/workspace/',
  ]),
  {
    name: 'repo/sources',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: nodeGlobals },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    name: 'repo/typed-sources',
    files: ['**/src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // ESLint 10 removed context.getSourceCode() and friends, which
      // typescript-eslint's types still declare (deprecated).
      '@typescript-eslint/no-deprecated': 'error',
    },
  },
  {
    name: 'repo/examples',
    files: ['examples/**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
    extends: [lockctx.configs.recommended],
  },
);
