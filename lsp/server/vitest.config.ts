import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'language-server',
    include: ['tests/**/*.test.ts'],
  },
});
