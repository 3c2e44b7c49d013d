import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'analysis',
    include: ['tests/**/*.test.ts'],
  },
});
