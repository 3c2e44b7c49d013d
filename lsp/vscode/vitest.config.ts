import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'vscode-extension',
    include: ['tests/**/*.test.ts'],
  },
});
