import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-scheduler',
    include: ['tests/**/*.test.ts'],
  },
});
