import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-async-locks',
    include: ['tests/**/*.test.ts'],
  },
});
