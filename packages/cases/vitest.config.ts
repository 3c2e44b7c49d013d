import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cases',
    include: ['tests/**/*.test.ts'],
  },
});
