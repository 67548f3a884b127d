import { defineProject } from 'vitest/config';

/**
 * Browser journeys (`*.e2e.ts`): build the designer once, serve it, drive Debian's Chromium with playwright-core.
 * Files run one after another; each journey opens its own page.
 */
export default defineProject({
  test: {
    name: 'designer-e2e',
    root: new URL('.', import.meta.url).pathname,
    include: ['**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    globalSetup: ['./global-setup.ts'],
  },
});
