import { defineConfig } from 'vitest/config';

/**
 * One test runner for the whole workspace: each workspace member is a vitest project.
 * File suffixes pick the layer (STYLE.md): `*.test.ts` unit, `*.pg.test.ts` PostgreSQL integration,
 * `designer/e2e/*.e2e.ts` browser journeys.
 */
export default defineConfig({
  test: {
    projects: ['schemas', 'packages/*', 'runtime', 'examples', 'designer', 'designer/e2e/vitest.config.ts'],
  },
});
