import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrations } from '../../migrations/index';

/** The PostgreSQL server the test suite runs against (STYLE.md: real PostgreSQL at 127.0.0.1:5432). */
export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of a database on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Name of a template database: a hash of the migrations (names and code), and for the seeded one of the seed
 * content too, so a new or edited migration or a changed example catalogue builds a new template.
 */
export function templateName(kind: 'migrated' | 'seeded', seedFingerprint = ''): string {
  const hash = createHash('sha256')
    .update(Object.keys(migrations).sort().map((name) => `${name}\n${String(migrations[name]?.up)}`).join('\n'))
    .update(kind === 'seeded' ? seedFingerprint : '')
    .digest('hex')
    .slice(0, 12);
  return `tb_template_${kind}_${hash}`;
}

/** The template databases a test run built, provided by the global setup. */
export interface Templates {
  migrated: string;
  seeded: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    templates: Templates;
  }
}

/** Runs `fn` with a short-lived admin connection. */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a fresh database for one test file, copied from a template; its name carries our pid for cleanup. */
export async function createDatabaseFromTemplate(template: string): Promise<string> {
  const name = `tb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (client) => {
    // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; retry briefly.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        if (attempt >= 50 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  return name;
}

/** Drops a test database, disconnecting whatever still uses it. */
export async function dropDatabase(name: string): Promise<void> {
  await withAdmin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
