import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'eslint-plugin',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // Typed linting starts a TypeScript project service, and some tests run
    // the built command line: seconds each on a busy machine.
    testTimeout: 60_000,
  },
});
