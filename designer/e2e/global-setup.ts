import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { serveDesigner } from './server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const DESIGNER = new URL('..', import.meta.url).pathname;

/** Builds the designer once and serves it (with the mock API) for every browser journey. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ root: DESIGNER, configFile: join(DESIGNER, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  const server = await serveDesigner(join(DESIGNER, 'dist'));
  project.provide('baseUrl', server.url);
  return server.close;
}
