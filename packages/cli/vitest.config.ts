import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['tests/**/*.test.ts'],
    // Each test spawns the built CLI; a loaded machine needs the headroom.
    testTimeout: 60_000,
  },
});
