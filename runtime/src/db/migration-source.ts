import type { Knex } from 'knex';
import { migrations } from '../../migrations/index';

/**
 * Versioned migrations from a static list (not a folder scan), so they load the same way under tsx, vitest and a
 * bundle. Names are ordered and never change once released.
 */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};
