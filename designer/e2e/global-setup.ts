import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { startPlatform, type PlatformTimings } from './server';
import { ARTIFACTS } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the runtime serves the designer (`/`) and the API (`/api/v1`). */
    baseUrl: string;
  }
}

const DESIGNER = new URL('..', import.meta.url).pathname;

/**
 * Once per run: builds the designer (`vite build` into `designer/dist`, which the runtime serves at `/`) while a
 * fresh PostgreSQL database is seeded, then starts the real runtime on it for every browser journey.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // While writing a journey: point the suite at a platform already running (`e2e/dev-platform.ts`).
  if (process.env.TONGBAN_E2E_BASE_URL) {
    project.provide('baseUrl', process.env.TONGBAN_E2E_BASE_URL);
    return async () => {};
  }
  // Each run's screenshots and measurements replace the last run's.
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const timings: Partial<PlatformTimings> & { buildMs?: number } = {};
  const started = Date.now();
  const built = build({ root: DESIGNER, configFile: join(DESIGNER, 'vite.config.ts'), logLevel: 'warn', mode: 'production' })
    .then(() => { timings.buildMs = Date.now() - started; });
  built.catch(() => {}); // awaited by startPlatform; this only keeps an early seed failure from hiding it
  // The database is seeded while the designer builds; the runtime only serves a build that exists when it starts.
  const platform = await startPlatform(timings, built);
  writeFileSync(join(ARTIFACTS, 'platform.json'), `${JSON.stringify({ url: platform.url, ...timings }, null, 2)}\n`);
  console.log(`[designer-e2e] designer built in ${timings.buildMs} ms; database seeded in ${timings.seedMs} ms; runtime answered in ${timings.startMs} ms at ${platform.url}`);
  project.provide('baseUrl', platform.url);
  return async () => {
    const errors = platform.output().trim();
    if (errors) console.log(`[designer-e2e] runtime output:\n${errors.slice(-4000)}`);
    await platform.close();
  };
}
