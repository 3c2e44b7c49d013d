import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'xarray-bench',
    include: ['tests/**/*.test.ts'],
  },
});
