import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-shmem-swap',
    include: ['tests/**/*.test.ts'],
    // Seeded model comparisons; a shared machine needs headroom.
    testTimeout: 300_000,
  },
});
