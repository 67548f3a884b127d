import type { Knex } from 'knex';

/**
 * Streamed imports (issue #10): the progress table of archived case imports, the shape every dataset of the import
 * engine uses (runtime/src/imports/dataset.ts; `licence_import` of migration 003 is the first). One row per source
 * file: how far the last committed batch got, its counts and the length of the rejects file, so that a killed run
 * resumes there. One statement per `raw` call: the embedded PGlite runs no multi-statement queries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('archive_import', (t) => {
    t.bigIncrements('id').primary();
    t.string('source_key', 200).notNullable().unique();
    t.string('source_name', 500).notNullable();
    t.string('format', 8).notNullable();
    t.string('status', 16).notNullable();
    t.bigInteger('byte_offset').notNullable().defaultTo(0);
    t.bigInteger('line_number').notNullable().defaultTo(0);
    t.bigInteger('rows_inserted').notNullable().defaultTo(0);
    t.bigInteger('rows_duplicate').notNullable().defaultTo(0);
    t.bigInteger('rows_rejected').notNullable().defaultTo(0);
    t.bigInteger('rejects_offset').notNullable().defaultTo(0);
    t.string('actor', 100).notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE archive_import ADD CONSTRAINT archive_import_status_check CHECK (status IN ('running', 'completed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('archive_import');
}
