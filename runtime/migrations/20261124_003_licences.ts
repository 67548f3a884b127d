import type { Knex } from 'knex';

/**
 * Electronic licences (电子证照, issue #7): the licence library (8 million rows at reference scale), the SM2 signing
 * keys per issuer, the resumable import runs, the status audit trail, and the record of which licence satisfied
 * which material of which application (reuse, for supervision).
 *
 * A licence's stored status is the administrative act (valid, suspended, revoked); "expired" is derived from
 * `valid_until` at the time of the question, never stored, so it cannot go stale.
 * (One statement per call: the embedded PGlite runs no multi-statement queries.)
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('licence_import', (t) => {
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
  await knex.raw(`ALTER TABLE licence_import ADD CONSTRAINT licence_import_status_check CHECK (status IN ('running', 'completed'))`);

  await knex.schema.createTable('licence', (t) => {
    t.string('identifier', 100).primary();
    t.string('type_code', 21).notNullable();
    t.string('number', 100);
    t.string('holder_kind', 16).notNullable();
    t.string('holder_id_number', 18).notNullable();
    t.string('holder_name', 200).notNullable();
    t.string('issuer_name', 200).notNullable();
    t.string('issuer_credit_code', 18).notNullable();
    t.string('issuer_department_code', 64);
    t.date('issued_on').notNullable();
    t.date('valid_from');
    t.date('valid_until');
    t.string('status', 16).notNullable();
    t.jsonb('data').notNullable();
    t.string('digest', 64);
    t.string('signature', 128);
    t.string('key_id', 64);
    t.timestamp('signed_at', { useTz: true });
    t.string('source', 16).notNullable();
    t.bigInteger('import_id');
    t.uuid('application_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('status_changed_at', { useTz: true });
  });
  await knex.raw(`ALTER TABLE licence ADD CONSTRAINT licence_status_check CHECK (status IN ('valid', 'suspended', 'revoked'))`);
  await knex.raw(`ALTER TABLE licence ADD CONSTRAINT licence_source_check CHECK (source IN ('aggregated', 'issued'))`);
  await knex.raw(`ALTER TABLE licence ADD CONSTRAINT licence_holder_kind_check CHECK (holder_kind IN ('person', 'organisation'))`);
  // "A holder's valid licences (of a type)": intake reuse, the portal's pre-fill and the verification desk.
  await knex.raw('CREATE INDEX licence_holder_idx ON licence (holder_id_number, type_code)');
  // Issuance is idempotent per application and type: a retried job finds the licence it already issued.
  await knex.raw('CREATE UNIQUE INDEX licence_application_idx ON licence (application_id, type_code) WHERE application_id IS NOT NULL');

  // Serials of licences issued here (the <serial> segment of the identifier; docs/licences.md).
  await knex.raw('CREATE SEQUENCE licence_issue_serial_seq AS bigint START WITH 900000000001 MINVALUE 900000000001 NO CYCLE');

  await knex.schema.createTable('signing_key', (t) => {
    t.string('key_id', 64).primary();
    t.string('issuer_credit_code', 18).notNullable();
    t.string('algorithm', 16).notNullable().defaultTo('SM2-SM3');
    t.string('public_key', 130).notNullable();
    // Development only: production keys come from configuration (or an HSM) and this stays NULL.
    t.text('private_key');
    t.string('user_id', 64).notNullable().defaultTo('1234567812345678');
    t.string('status', 16).notNullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['issuer_credit_code']);
  });
  await knex.raw(`ALTER TABLE signing_key ADD CONSTRAINT signing_key_status_check CHECK (status IN ('active', 'retired', 'compromised'))`);
  await knex.raw(`CREATE UNIQUE INDEX signing_key_active_idx ON signing_key (issuer_credit_code) WHERE status = 'active'`);

  // Audit of status changes and issuance (who, when, why).
  await knex.schema.createTable('licence_event', (t) => {
    t.bigIncrements('id').primary();
    t.string('identifier', 100).notNullable();
    t.string('action', 16).notNullable();
    t.string('from_status', 16);
    t.string('to_status', 16);
    t.text('reason');
    t.string('actor', 100).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.index(['identifier']);
  });

  // Which licence satisfied which material of which application; supervision counts reuse from here.
  await knex.schema.createTable('licence_reuse', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('material_id', 64).notNullable();
    t.string('licence_identifier', 100).notNullable().references('identifier').inTable('licence');
    t.string('type_code', 21).notNullable();
    t.string('holder_id_number', 18).notNullable();
    t.string('item_code', 10).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('department_code', 64).notNullable();
    t.boolean('auto_selected').notNullable().defaultTo(false);
    t.timestamp('reused_at', { useTz: true }).notNullable();
    t.unique(['application_id', 'material_id']);
    t.index(['licence_identifier']);
    t.index(['region_code', 'reused_at']);
    t.index(['item_code', 'reused_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('licence_reuse');
  await knex.schema.dropTable('licence_event');
  await knex.schema.dropTable('signing_key');
  await knex.raw('DROP SEQUENCE IF EXISTS licence_issue_serial_seq');
  await knex.schema.dropTable('licence');
  await knex.schema.dropTable('licence_import');
}
