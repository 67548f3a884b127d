import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'calendar',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
