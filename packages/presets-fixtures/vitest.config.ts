import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'presets-fixtures',
    include: ['tests/**/*.test.ts'],
  },
});
