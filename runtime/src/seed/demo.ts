import { buildApp } from '../app';
import type { Database } from '../db/database';
import { importDemoLicences } from '../domains/licences/demo';
import { seedCatalogue, type SeedOptions, type SeedReport } from './seed';

/**
 * Seeds a demo database: the example catalogue and demo users, then the demo holders' licences through the ordinary
 * licence import (so applications can reuse them). Idempotent.
 */
export async function seedDemo(database: Database, options: SeedOptions = {}): Promise<SeedReport & { licences: number }> {
  const report = await seedCatalogue(database.knex, options);
  const app = await buildApp({ database, logger: false });
  try {
    const imported = await importDemoLicences(database, app.licences);
    return { ...report, licences: imported.inserted };
  } finally {
    await app.close();
  }
}
