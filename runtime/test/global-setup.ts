import { createHash } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrate, openDatabase } from '../src/db/database';
import { seedDemo } from '../src/seed/demo';
import { seedCatalogue } from '../src/seed/seed';
import { importDemoLicences } from '../src/domains/licences/demo';
import { exampleCatalogue } from '../src/seed/example-catalogue';
import type { SeedCatalogue } from '../src/seed/seed';
import { databaseUrl, dropDatabase, templateName, withAdmin } from './support/postgres';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function ensureTemplate(name: string, catalogue?: SeedCatalogue): Promise<void> {
  await withAdmin(async (client) => {
    // Two test runs may start at once: one builds the template, the other waits.
    await client.query('SELECT pg_advisory_lock(20261124)');
    try {
      const existing = await client.query<{ d: string | null }>(
        `SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1`, [name],
      );
      // The comment is written last: a template without it was left half-built by a killed run.
      if (existing.rows[0]?.d === 'complete') return;
      if (existing.rowCount === 1) await client.query(`DROP DATABASE "${name}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${name}"`);
      const database = openDatabase({ databaseUrl: databaseUrl(name), poolMax: 2 });
      try {
        await migrate(database.knex);
        if (catalogue) {
          await seedDemo(database, { catalogue, now: new Date('2026-01-01T00:00:00+08:00') });
        }
      } finally {
        await database.close();
      }
      await client.query(`COMMENT ON DATABASE "${name}" IS 'complete'`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(20261124)');
    }
  });
}

/**
 * Once per test run: drop databases left by killed runs, and build the template databases (migrated, and
 * migrated + seeded with the example catalogue) that each test file copies.
 */
export default async function setup(project: TestProject): Promise<void> {
  const leftovers = await withAdmin((client) =>
    client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'tb_test_%'`));
  for (const { datname } of leftovers.rows) {
    const pid = Number(datname.split('_')[2]);
    if (!isAlive(pid)) await dropDatabase(datname);
  }
  const catalogue = await exampleCatalogue();
  // The seeded template changes with the catalogue and with the code that seeds it.
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(catalogue))
    .update(String(seedDemo))
    .update(String(seedCatalogue))
    .update(String(importDemoLicences))
    .digest('hex');
  const templates = { migrated: templateName('migrated'), seeded: templateName('seeded', fingerprint) };
  await ensureTemplate(templates.migrated);
  await ensureTemplate(templates.seeded, catalogue);
  project.provide('templates', templates);
}
