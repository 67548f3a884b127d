import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'gov-codes',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
