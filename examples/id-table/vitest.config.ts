import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-id-table',
    include: ['tests/**/*.test.ts'],
    // Seeded model comparisons; a shared machine needs headroom.
    testTimeout: 60_000,
  },
});
