import type { Knex } from 'knex';

/**
 * Collaboration (issue #9): the review assistant's reports, why parallel-approval tasks ended, offers of follow-on
 * and proactive services, and the records of nearby handling (pre-checks and handovers of originals at township and
 * village service points). One statement per `raw` call: the embedded PGlite runs no multi-statement queries.
 */
export async function up(knex: Knex): Promise<void> {
  // One report per run of the review assistant (智能审核辅助); a retried job finds its report by job id.
  await knex.schema.createTable('review_report', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('job_id', 100).unique();
    t.string('element_id', 200);
    t.string('result', 16).notNullable();
    t.jsonb('findings').notNullable();
    t.jsonb('summary').notNullable();
    t.jsonb('model').notNullable();
    t.boolean('auto_accepted').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['application_id', 'id']);
  });
  await knex.raw(`ALTER TABLE review_report ADD CONSTRAINT review_report_result_check CHECK (result IN ('pass', 'attention', 'fail'))`);

  // Why a task ended without being completed (another department's denial ended a parallel approval …).
  await knex.schema.createTable('task_end_reason', (t) => {
    t.string('task_id', 100).primary().references('id').inTable('task');
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.text('reason_zh').notNullable();
    t.text('reason_en').notNullable();
    t.jsonb('cause').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['application_id']);
  });

  // Offers in the applicant's inbox: follow-on services (全生命周期) and proactive services (主动服务).
  await knex.schema.createTable('offer', (t) => {
    t.uuid('id').primary();
    t.string('kind', 16).notNullable();
    t.string('rule_key', 200).notNullable();
    t.string('item_code', 10).notNullable().references('code').inTable('item');
    t.string('holder_kind', 16).notNullable();
    t.string('holder_id_number', 18).notNullable();
    t.string('holder_name', 200).notNullable();
    t.jsonb('applicant').notNullable();
    t.string('region_code', 12).notNullable();
    t.string('source_kind', 24).notNullable();
    t.string('source_key', 200).notNullable();
    t.uuid('source_application_id').references('id').inTable('application');
    t.string('title', 200).notNullable();
    t.jsonb('message').notNullable();
    t.jsonb('form_data').notNullable();
    t.jsonb('materials').notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('decided_at', { useTz: true });
    t.string('decided_by', 100);
    t.text('decline_reason');
    t.uuid('application_id').references('id').inTable('application');
    // Never duplicated: one offer per rule, holder and source event …
    t.unique(['rule_key', 'holder_id_number', 'source_key']);
    t.index(['holder_id_number', 'status', 'created_at']);
    t.index(['source_application_id']);
  });
  await knex.raw(`ALTER TABLE offer ADD CONSTRAINT offer_status_check CHECK (status IN ('pending', 'accepted', 'declined', 'expired'))`);
  await knex.raw(`ALTER TABLE offer ADD CONSTRAINT offer_kind_check CHECK (kind IN ('follow-on', 'proactive'))`);
  // … and at most one open offer of an item per holder, whichever rule or producer made it.
  await knex.raw(`CREATE UNIQUE INDEX offer_pending_item_idx ON offer (holder_id_number, item_code) WHERE status = 'pending'`);

  // Nearby handling (就近办): the service point's pre-check (预审) and its handover of originals to the competent level.
  await knex.schema.createTable('service_point_pre_check', (t) => {
    t.uuid('id').primary();
    t.uuid('application_id').references('id').inTable('application');
    t.string('service_point_region_code', 12).notNullable();
    t.string('competent_region_code', 12).notNullable();
    t.string('item_code', 10).notNullable();
    t.string('applicant_id_number', 18).notNullable();
    t.string('conclusion', 16).notNullable();
    t.string('result', 16).notNullable();
    t.jsonb('materials').notNullable();
    t.jsonb('findings').notNullable();
    t.text('note');
    t.string('checked_by', 100).notNullable();
    t.timestamp('checked_at', { useTz: true }).notNullable();
    t.timestamp('linked_at', { useTz: true });
    t.index(['application_id']);
    t.index(['checked_by', 'applicant_id_number', 'item_code']);
    t.index(['service_point_region_code', 'checked_at']);
  });
  await knex.raw(`ALTER TABLE service_point_pre_check ADD CONSTRAINT service_point_pre_check_conclusion_check CHECK (conclusion IN ('complete', 'incomplete'))`);

  await knex.schema.createTable('service_point_handover', (t) => {
    t.uuid('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('service_point_region_code', 12).notNullable();
    t.string('department_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.jsonb('originals').notNullable();
    t.string('method', 16).notNullable();
    t.string('tracking_number', 100);
    t.text('note');
    t.string('status', 16).notNullable();
    t.string('handed_over_by', 100).notNullable();
    t.timestamp('handed_over_at', { useTz: true }).notNullable();
    t.string('received_by', 100);
    t.timestamp('received_at', { useTz: true });
    t.text('receipt_note');
    t.index(['application_id']);
    t.index(['service_point_region_code', 'handed_over_at']);
    t.index(['department_code', 'region_code', 'status']);
  });
  await knex.raw(`ALTER TABLE service_point_handover ADD CONSTRAINT service_point_handover_status_check CHECK (status IN ('sent', 'received'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['service_point_handover', 'service_point_pre_check', 'offer', 'task_end_reason', 'review_report']) {
    await knex.schema.dropTableIfExists(table);
  }
}
