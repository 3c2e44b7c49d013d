import { defineConfig } from 'vitest/config';

// Each workspace owns its vitest config; the root only lists them.
export default defineConfig({
  test: {
    projects: [
      'xarray/vitest.config.ts',
      'xarray/bench/vitest.config.ts',
      'lsp/server/vitest.config.ts',
      'lsp/vscode/vitest.config.ts',
      'examples/scheduler/vitest.config.ts',
      'examples/async-locks/vitest.config.ts',
      'packages/cli/vitest.config.ts',
      'packages/analysis/vitest.config.ts',
      'eslint-plugin/vitest.config.ts',
      'packages/presets-fixtures/vitest.config.ts',
      'examples/page-cache/vitest.config.ts',
      'examples/block-store/vitest.config.ts',
      'examples/id-table/vitest.config.ts',
      'examples/shmem-swap/vitest.config.ts',
    ],
  },
});
