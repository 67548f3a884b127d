import type { Knex } from 'knex';

/**
 * Applications (办件) and what the engine's effects become: tasks, jobs (timers and service tasks),
 * message subscriptions, incidents, the hash-chained history, submitted materials and files, idempotency keys.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE SEQUENCE application_number_seq AS bigint MINVALUE 1 NO CYCLE');

  await knex.schema.createTable('application', (t) => {
    t.uuid('id').primary();
    t.string('number', 40).notNullable().unique();
    t.string('item_code', 10).notNullable().references('code').inTable('item');
    t.bigInteger('item_version_id').notNullable().references('id').inTable('item_version');
    t.string('process_id', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('service_point_region_code', 12);
    t.string('department_code', 64).notNullable();
    t.string('level', 16).notNullable();
    t.string('applicant_kind', 16).notNullable();
    t.string('applicant_id_number', 18).notNullable();
    t.string('applicant_name', 200).notNullable();
    t.jsonb('applicant').notNullable();
    t.string('submitted_by', 100).notNullable();
    t.string('channel', 16).notNullable();
    t.jsonb('form_data').notNullable();
    t.string('status', 16).notNullable();
    t.string('stage', 16).notNullable();
    t.string('result', 32);
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('due_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.jsonb('state').notNullable();
    t.integer('rev').notNullable().defaultTo(0);
    t.integer('event_seq').notNullable().defaultTo(0);
    t.string('event_hash', 64).notNullable();
    t.string('parent_application_id', 36);
    t.string('parent_call_id', 100);
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['applicant_id_number', 'submitted_at']);
    t.index(['department_code', 'region_code', 'status']);
    t.index(['region_code', 'status', 'due_at']);
    t.index(['item_code', 'status']);
  });
  await knex.raw(`ALTER TABLE application ADD CONSTRAINT application_status_check
    CHECK (status IN ('active', 'completed', 'terminated', 'cancelled', 'withdrawn'))`);

  await knex.schema.createTable('task', (t) => {
    t.string('id', 100).primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('element_id', 200).notNullable();
    t.string('name', 200);
    t.string('stage', 16);
    t.string('status', 16).notNullable();
    t.specificType('candidate_groups', 'text[]').notNullable();
    t.specificType('candidate_users', 'text[]').notNullable();
    t.string('assignee', 100);
    t.string('department_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('level', 16).notNullable();
    t.string('form_id', 100);
    t.jsonb('headers').notNullable();
    t.jsonb('variables').notNullable();
    t.timestamp('due_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    t.string('completed_by', 100);
    t.string('outcome', 32);
    t.text('opinion');
    t.index(['application_id']);
  });
  await knex.raw(`ALTER TABLE task ADD CONSTRAINT task_status_check CHECK (status IN ('open', 'completed', 'cancelled'))`);
  // The worklist's query: open tasks of a department in a region, oldest due first.
  await knex.raw(`CREATE INDEX task_open_scope_idx ON task (department_code, region_code, due_at) WHERE status = 'open'`);
  await knex.raw(`CREATE INDEX task_open_assignee_idx ON task (assignee) WHERE status = 'open'`);
  await knex.raw(`CREATE INDEX task_candidate_groups_idx ON task USING gin (candidate_groups)`);

  await knex.schema.createTable('job', (t) => {
    t.string('id', 100).primary();
    t.uuid('application_id').references('id').inTable('application');
    t.bigInteger('item_version_id').references('id').inTable('item_version');
    t.string('kind', 16).notNullable();
    t.string('element_id', 200).notNullable();
    t.string('job_type', 200);
    t.string('status', 16).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.integer('retries').notNullable().defaultTo(3);
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('repetitions');
    t.string('locked_by', 100);
    t.timestamp('locked_until', { useTz: true });
    t.string('completed_by', 100);
    t.jsonb('headers').notNullable();
    t.jsonb('variables').notNullable();
    t.text('error_message');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true });
    t.index(['application_id']);
  });
  await knex.raw(`ALTER TABLE job ADD CONSTRAINT job_kind_check CHECK (kind IN ('timer', 'service', 'start-timer', 'system'))`);
  await knex.raw(`ALTER TABLE job ADD CONSTRAINT job_status_check
    CHECK (status IN ('ready', 'locked', 'completed', 'cancelled', 'incident'))`);
  // Claiming: the earliest due ready job, and expired locks of crashed workers.
  await knex.raw(`CREATE INDEX job_ready_idx ON job (due_at) WHERE status = 'ready'`);
  await knex.raw(`CREATE INDEX job_ready_type_idx ON job (job_type, due_at) WHERE status = 'ready'`);
  await knex.raw(`CREATE INDEX job_locked_idx ON job (locked_until) WHERE status = 'locked'`);

  await knex.schema.createTable('subscription', (t) => {
    t.string('id', 100).primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('element_id', 200).notNullable();
    t.string('message_name', 200).notNullable();
    t.string('correlation_key', 500).notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('closed_at', { useTz: true });
  });
  await knex.raw(`CREATE INDEX subscription_open_idx ON subscription (message_name, correlation_key) WHERE status = 'open'`);
  await knex.raw(`CREATE INDEX subscription_application_idx ON subscription (application_id)`);

  await knex.schema.createTable('incident', (t) => {
    t.string('id', 100).primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('job_id', 100);
    t.string('element_id', 200).notNullable();
    t.string('kind', 64).notNullable();
    t.text('message').notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.string('resolved_by', 100);
  });
  await knex.raw(`CREATE INDEX incident_open_idx ON incident (created_at) WHERE status = 'open'`);
  await knex.raw(`CREATE INDEX incident_application_idx ON incident (application_id)`);

  // Append-only history, hash-chained per application: hash = sha256(prev_hash || canonical event).
  await knex.schema.createTable('event', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.integer('seq').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('actor', 100).notNullable();
    t.string('kind', 64).notNullable();
    t.string('element_id', 200);
    t.string('element_type', 64);
    t.jsonb('data').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.unique(['application_id', 'seq']);
  });
  await knex.raw(`
    CREATE FUNCTION event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'history events are append-only' USING ERRCODE = 'P0001';
    END $$`);
  await knex.raw(`CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event
    FOR EACH ROW EXECUTE FUNCTION event_append_only()`);

  await knex.schema.createTable('stored_file', (t) => {
    t.string('sha256', 64).primary();
    t.bigInteger('size').notNullable();
    t.string('media_type', 100).notNullable();
    t.string('storage_key', 300).notNullable();
    t.string('uploaded_by', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('application_material', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('material_id', 64).notNullable();
    t.string('kind', 16).notNullable();
    t.string('file_sha256', 64).references('sha256').inTable('stored_file');
    t.string('file_name', 255);
    t.string('media_type', 100);
    t.bigInteger('size');
    t.string('licence_id', 200);
    t.boolean('consent');
    t.boolean('verified').notNullable().defaultTo(false);
    t.integer('round').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['application_id']);
    t.index(['licence_id']);
  });

  // The applicant's inbox: notices of the process (accepted, supplementation needed, decided) and offers.
  await knex.schema.createTable('notification', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('application_id').references('id').inTable('application');
    t.string('recipient_id_number', 18).notNullable();
    t.string('kind', 32).notNullable();
    t.string('title', 200).notNullable();
    t.text('body').notNullable();
    t.jsonb('data').notNullable();
    t.string('source_job_id', 100).unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('read_at', { useTz: true });
    t.index(['recipient_id_number', 'created_at']);
  });

  await knex.schema.createTable('idempotency_key', (t) => {
    t.string('actor', 100).notNullable();
    t.string('key', 200).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status_code').notNullable();
    t.jsonb('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['actor', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['idempotency_key', 'notification', 'application_material', 'stored_file']) await knex.schema.dropTable(table);
  await knex.raw('DROP TRIGGER IF EXISTS event_append_only ON event');
  await knex.raw('DROP FUNCTION IF EXISTS event_append_only()');
  for (const table of ['event', 'incident', 'subscription', 'job', 'task', 'application']) await knex.schema.dropTable(table);
  await knex.raw('DROP SEQUENCE IF EXISTS application_number_seq');
}
