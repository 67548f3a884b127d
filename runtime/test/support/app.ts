import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../../src/app';
import { openDatabase, type Database } from '../../src/db/database';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase } from './postgres';

/** A test file's own database and application, created before its tests and dropped after. */
export interface TestContext {
  app: FastifyInstance;
  database: Database;
  databaseName: string;
}

/**
 * Gives the calling test file its own PostgreSQL database (copied from the migrated or seeded template, so files
 * run in parallel and leave nothing behind) and a built app on it.
 */
export function useTestApp(options: { seeded?: boolean; clock?: () => Date } = {}): TestContext {
  const context = {} as TestContext;
  beforeAll(async () => {
    const templates = inject('templates');
    context.databaseName = await createDatabaseFromTemplate(options.seeded === false ? templates.migrated : templates.seeded);
    context.database = openDatabase({ databaseUrl: databaseUrl(context.databaseName), poolMax: 5 });
    context.app = await buildApp({ database: context.database, logger: false, ...(options.clock ? { clock: options.clock } : {}) });
    await context.app.ready();
  });
  afterAll(async () => {
    await context.app?.close();
    await context.database?.close();
    if (context.databaseName) await dropDatabase(context.databaseName);
  });
  return context;
}

/** Empties the licence library (the seeded template holds the demo holders' licences) for tests that import them. */
export async function clearLicenceLibrary(knex: Database['knex']): Promise<void> {
  for (const table of ['licence_reuse', 'licence_event', 'licence', 'licence_import']) await knex(table).del();
}
