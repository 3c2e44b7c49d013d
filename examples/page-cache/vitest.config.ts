import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-page-cache',
    include: ['tests/**/*.test.ts'],
    // The reproducer runs 10,000 schedules; a shared machine needs headroom.
    testTimeout: 300_000,
  },
});
