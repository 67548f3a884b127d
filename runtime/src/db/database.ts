import { mkdirSync } from 'node:fs';
import path from 'node:path';
import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { migrationSource } from './migration-source';

const createKnex = (knexModule as unknown as { knex?: typeof knexModule }).knex ?? knexModule;

/** Which database the runtime uses. */
export type DatabaseKind = 'postgresql' | 'embedded';

/** An open database: the knex instance and what it is. */
export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Where it lives: the connection target without the password, or the embedded data folder. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; absent means embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  /** Folder of the embedded database (`<dataDir>/pglite`). */
  dataDir?: string;
  /** Connection pool size for PostgreSQL (`TONGBAN_DB_POOL_MAX` overrides it). */
  poolMax?: number;
  /** How long a query waits for a free connection (`TONGBAN_DB_ACQUIRE_TIMEOUT_MS` overrides it; default 60 s). */
  acquireTimeoutMs?: number;
}

/** Removes the password from a connection string for display and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql://(unparsable url)';
  }
}

/**
 * Opens the database: PostgreSQL through `pg` when a URL is given, otherwise the embedded PostgreSQL (PGlite)
 * stored in a data folder, so the platform runs on a machine with no database server. Both run the same
 * migrations and the same queries.
 */
export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl) {
    const knex = createKnex({
      client: 'pg',
      connection: options.databaseUrl,
      // TONGBAN_DB_POOL_MAX sizes the pool per process (docs/scaling.md); TONGBAN_DB_ACQUIRE_TIMEOUT_MS bounds the
      // wait for a connection (knex's default 60 s), so a starved pool answers a clear 503-class error sooner.
      pool: { min: 0, max: Number(process.env.TONGBAN_DB_POOL_MAX) || options.poolMax || 10 },
      acquireConnectionTimeout: Number(process.env.TONGBAN_DB_ACQUIRE_TIMEOUT_MS) || options.acquireTimeoutMs || 60_000,
      migrations: { migrationSource, tableName: 'knex_migrations' },
    });
    return { knex, kind: 'postgresql', location: redactUrl(options.databaseUrl), close: () => knex.destroy() };
  }
  const folder = path.join(options.dataDir ?? '.data', 'pglite');
  mkdirSync(folder, { recursive: true });
  const knex = createKnex({
    client: ClientPgLite as unknown as typeof knexModule.Client,
    dialect: 'postgres',
    connection: { filename: folder },
    migrations: { migrationSource, tableName: 'knex_migrations' },
  } as Knex.Config);
  return { knex, kind: 'embedded', location: folder, close: () => knex.destroy() };
}

/** Runs every pending migration; returns the names applied. */
export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}
