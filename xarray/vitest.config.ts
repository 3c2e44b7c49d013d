import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'xarray',
    include: ['tests/**/*.test.ts'],
  },
});
