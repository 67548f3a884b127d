import type { Knex } from 'knex';

/**
 * Supervision (issue #8): each application's legal clock (clock stops, extensions, deemed acceptance), stage
 * clocks of tasks, deadline warnings recorded once, live counters and daily/monthly rollups that keep the
 * dashboard's figures fast at reference scale, 好差评 evaluations with their rectifications, and the archived
 * cases (历史办件) of earlier systems, whose rollup a statement trigger maintains whatever imports them.
 * See docs/supervision.md for the rules.
 */

/** Metric columns shared by the rollup and the archive trigger, in one order. */
const ROLLUP_METRICS = [
  'closed', 'ended', 'on_time', 'late', 'went_overdue', 'handled', 'handling_days_sum', 'committed_days_sum', 'online',
  'no_visit', 'licence_reused', 'eval_count', 'grade_very_satisfied', 'grade_satisfied', 'grade_basically_satisfied',
  'grade_dissatisfied', 'grade_very_dissatisfied',
] as const;

/**
 * The statement that folds a batch of archived cases (the transition table `rows`) into `supervision_rollup`,
 * multiplied by `sign` (+1 inserted, -1 deleted). Cases count on the day they closed (UTC+8).
 */
function archiveRollupStatement(rows: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  const hist = 'supervision_hist_of(array_agg(c.bucket) FILTER (WHERE c.bucket IS NOT NULL))';
  return `
    INSERT INTO supervision_rollup (grain, item_code, period, department_code, district_code, level, source,
      ${ROLLUP_METRICS.join(', ')}, handling_hist)
    SELECT g.grain, g.item_code, g.period, c.department_code, c.district_code, c.level, 'archive',
      ${s}sum(c.closed), ${s}sum(1 - c.closed), ${s}sum(c.on_time), ${s}sum(c.closed - c.on_time), ${s}sum(c.closed - c.on_time),
      ${s}sum(c.handled), ${s}coalesce(sum(c.handling_days), 0), ${s}coalesce(sum(c.committed_days), 0), ${s}sum(c.online),
      ${s}sum(c.no_visit), ${s}sum(c.licence_reused), ${s}sum(c.evaluated), ${s}sum(c.g1), ${s}sum(c.g2), ${s}sum(c.g3),
      ${s}sum(c.g4), ${s}sum(c.g5),
      ${sign === 1 ? hist : `supervision_hist_scale(${hist}, -1)`}
    FROM (
      SELECT a.item_code,
        coalesce(d.parent_code, a.department_code) AS department_code,
        CASE WHEN length(a.region_code) > 6 THEN left(a.region_code, 6) ELSE a.region_code END AS district_code,
        a.level,
        ((a.closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
        k.closed, k.on_time,
        CASE WHEN k.closed = 1 AND a.elapsed_working_days IS NOT NULL THEN 1 ELSE 0 END AS handled,
        CASE WHEN k.closed = 1 THEN a.elapsed_working_days END AS handling_days,
        CASE WHEN k.closed = 1 AND a.elapsed_working_days IS NOT NULL THEN a.committed_time_limit_days END AS committed_days,
        CASE WHEN k.closed = 1 AND a.elapsed_working_days IS NOT NULL
          THEN least(ceil(a.elapsed_working_days * 2)::int, 241) END AS bucket,
        CASE WHEN k.closed = 1 AND (a.handled_online OR a.channel IN ('online', 'mobile')) THEN 1 ELSE 0 END AS online,
        CASE WHEN k.closed = 1 AND coalesce(a.visits = 0, a.handled_online, a.channel IN ('online', 'mobile', 'mail')) THEN 1 ELSE 0 END AS no_visit,
        CASE WHEN k.closed = 1 AND a.licence_reused THEN 1 ELSE 0 END AS licence_reused,
        CASE WHEN a.evaluation_grade IS NOT NULL THEN 1 ELSE 0 END AS evaluated,
        CASE WHEN a.evaluation_grade = 'very-satisfied' THEN 1 ELSE 0 END AS g1,
        CASE WHEN a.evaluation_grade = 'satisfied' THEN 1 ELSE 0 END AS g2,
        CASE WHEN a.evaluation_grade = 'basically-satisfied' THEN 1 ELSE 0 END AS g3,
        CASE WHEN a.evaluation_grade = 'dissatisfied' THEN 1 ELSE 0 END AS g4,
        CASE WHEN a.evaluation_grade = 'very-dissatisfied' THEN 1 ELSE 0 END AS g5
      FROM ${rows} a
      LEFT JOIN department d ON d.code = a.department_code
      CROSS JOIN LATERAL (
        SELECT CASE WHEN a.result IN ('approved', 'rejected', 'not-accepted') THEN 1 ELSE 0 END AS closed,
          CASE WHEN a.result IN ('approved', 'rejected', 'not-accepted')
            AND coalesce(a.closed_at <= a.due_at, a.elapsed_working_days <= a.committed_time_limit_days, true) THEN 1 ELSE 0 END AS on_time
      ) k
    ) c
    CROSS JOIN LATERAL (VALUES
      ('d', c.day, ''), ('m', date_trunc('month', c.day)::date, ''),
      ('d', c.day, c.item_code), ('m', date_trunc('month', c.day)::date, c.item_code)
    ) AS g(grain, period, item_code)
    GROUP BY g.grain, g.item_code, g.period, c.department_code, c.district_code, c.level
    ON CONFLICT (grain, item_code, period, department_code, district_code, level, source) DO UPDATE SET
      ${ROLLUP_METRICS.map((column) => `${column} = supervision_rollup.${column} + EXCLUDED.${column}`).join(',\n      ')},
      handling_hist = supervision_hist_add(supervision_rollup.handling_hist, EXCLUDED.handling_hist)`;
}

export async function up(knex: Knex): Promise<void> {
  // Histograms of handling time: element i (1-based) counts cases of (i - 1) / 2 working days, rounded up to the
  // half day; the last element (242) counts everything above 120 days. Kept as short arrays (trailing zeros cut).
  await knex.raw(`
    CREATE FUNCTION supervision_hist_add(a int[], b int[]) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i), '{}'::int[])
      FROM generate_series(1, greatest(coalesce(cardinality(a), 0), coalesce(cardinality(b), 0))) AS i
    $$`);
  await knex.raw(`
    CREATE FUNCTION supervision_hist_scale(a int[], factor int) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(v * factor ORDER BY i), '{}'::int[]) FROM unnest(a) WITH ORDINALITY AS u(v, i)
    $$`);
  await knex.raw(`
    CREATE FUNCTION supervision_hist_of(buckets int[]) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(coalesce(x.n, 0) ORDER BY i), '{}'::int[])
      FROM generate_series(0, coalesce((SELECT max(b) FROM unnest(buckets) AS b), -1)) AS i
      LEFT JOIN (SELECT b, count(*)::int AS n FROM unnest(buckets) AS b GROUP BY b) AS x ON x.b = i
    $$`);
  await knex.raw(`
    CREATE AGGREGATE supervision_hist_sum(int[]) (SFUNC = supervision_hist_add, STYPE = int[], INITCOND = '{}')`);

  // The legal clock of one application (Art. 82 working days; Art. 32, 42, 45).
  await knex.schema.createTable('application_clock', (t) => {
    t.uuid('application_id').primary().references('id').inTable('application');
    t.string('number', 40).notNullable();
    t.string('item_code', 10).notNullable();
    t.bigInteger('item_version_id').notNullable();
    t.string('handling_department_code', 64).notNullable();
    t.string('department_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('level', 16).notNullable();
    t.string('channel', 16).notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.date('receipt_date').notNullable();
    t.integer('limit_days').notNullable();
    t.integer('legal_limit_days');
    t.integer('extension_days').notNullable().defaultTo(0);
    t.integer('max_extension_days').notNullable();
    t.bigInteger('counted_stop_ms').notNullable().defaultTo(0);
    t.bigInteger('stopped_ms').notNullable().defaultTo(0);
    t.timestamp('stopped_since', { useTz: true });
    t.timestamp('base_due_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('yellow_at', { useTz: true });
    t.string('live_state', 16).notNullable();
    t.integer('acceptance_limit_days').notNullable();
    t.timestamp('acceptance_due_at', { useTz: true }).notNullable();
    t.timestamp('acceptance_decided_at', { useTz: true });
    t.timestamp('deemed_accepted_at', { useTz: true });
    t.string('status', 16).notNullable();
    t.string('result', 32);
    t.timestamp('closed_at', { useTz: true });
    t.boolean('on_time');
    t.bigInteger('handling_ms');
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.raw(`ALTER TABLE application_clock ADD CONSTRAINT application_clock_state_check
    CHECK (live_state IN ('normal', 'due-soon', 'overdue', 'suspended', 'closed'))`);
  // The overdue list: open cases by state, most overdue first.
  await knex.raw(`CREATE INDEX application_clock_open_idx ON application_clock (live_state, due_at) WHERE closed_at IS NULL`);

  // Clock stops: supplementation (补正, Art. 32) and declared suspensions (Art. 45), as a history.
  await knex.schema.createTable('clock_stop', (t) => {
    t.uuid('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('kind', 32).notNullable();
    t.text('reason');
    t.integer('expected_working_days');
    t.string('subscription_id', 100);
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.string('started_by', 100).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.string('ended_by', 100);
    t.text('end_note');
    t.bigInteger('working_ms');
    t.bigInteger('counted_ms');
    t.index(['application_id']);
  });
  await knex.raw(`CREATE UNIQUE INDEX clock_stop_open_uq ON clock_stop (application_id) WHERE ended_at IS NULL`);

  // Extensions of the period (Art. 42): requested by staff, decided by a decider.
  await knex.schema.createTable('deadline_extension', (t) => {
    t.uuid('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.integer('days').notNullable();
    t.text('reason').notNullable();
    t.string('status', 16).notNullable();
    t.string('requested_by', 100).notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.string('decided_by', 100);
    t.timestamp('decided_at', { useTz: true });
    t.text('opinion');
    t.index(['application_id']);
  });
  await knex.raw(`ALTER TABLE deadline_extension ADD CONSTRAINT deadline_extension_status_check
    CHECK (status IN ('requested', 'approved', 'refused'))`);
  await knex.raw(`CREATE UNIQUE INDEX deadline_extension_pending_uq ON deadline_extension (application_id) WHERE status = 'requested'`);

  // The stage clock of a task whose item sets a stage time limit.
  await knex.schema.createTable('task_clock', (t) => {
    t.string('task_id', 100).primary().references('id').inTable('task');
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('stage', 16).notNullable();
    t.integer('limit_days').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.bigInteger('counted_stop_ms').notNullable().defaultTo(0);
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('yellow_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.boolean('on_time');
    t.index(['application_id']);
  });

  // Deadline warnings: each level once per application (target 'application') or per task (target = task id).
  await knex.schema.createTable('supervision_warning', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('target', 100).notNullable();
    t.string('task_id', 100);
    t.string('level', 8).notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('fired_at', { useTz: true }).notNullable();
    t.string('fired_by', 100).notNullable();
    t.string('department_code', 64).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('item_code', 10).notNullable();
    t.unique(['application_id', 'target', 'level']);
    t.index(['fired_at']);
    t.index(['district_code', 'fired_at']);
  });
  await knex.raw(`ALTER TABLE supervision_warning ADD CONSTRAINT supervision_warning_level_check CHECK (level IN ('yellow', 'red'))`);

  // Live counters of open applications, moved in the transaction that changes a case's state.
  await knex.schema.createTable('supervision_live', (t) => {
    t.string('department_code', 64).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('level', 16).notNullable();
    t.string('item_code', 10).notNullable();
    t.integer('in_progress').notNullable().defaultTo(0);
    t.integer('due_soon').notNullable().defaultTo(0);
    t.integer('overdue').notNullable().defaultTo(0);
    t.integer('suspended').notNullable().defaultTo(0);
    t.primary(['department_code', 'district_code', 'level', 'item_code']);
  });

  // Rollups by day ('d') and month ('m'); item_code '' is the row over all items. Live and archived cases apart.
  await knex.schema.createTable('supervision_rollup', (t) => {
    t.string('grain', 1).notNullable();
    t.string('item_code', 10).notNullable();
    t.date('period').notNullable();
    t.string('department_code', 64).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('level', 16).notNullable();
    t.string('source', 8).notNullable();
    for (const column of ROLLUP_METRICS) {
      if (column === 'handling_days_sum' || column === 'committed_days_sum') t.double(column).notNullable().defaultTo(0);
      else t.integer(column).notNullable().defaultTo(0);
    }
    t.specificType('handling_hist', 'int[]').notNullable().defaultTo('{}');
    t.primary(['grain', 'item_code', 'period', 'department_code', 'district_code', 'level', 'source']);
  });
  await knex.raw(`CREATE INDEX supervision_rollup_item_department_idx ON supervision_rollup (department_code, grain, period) WHERE item_code <> ''`);
  await knex.raw(`CREATE INDEX supervision_rollup_item_district_idx ON supervision_rollup (district_code, grain, period) WHERE item_code <> ''`);

  // 好差评 (国办发〔2019〕51号; GB/T 39734-2020): one per application and stage.
  await knex.schema.createTable('evaluation', (t) => {
    t.uuid('id').primary();
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('application_number', 40).notNullable();
    t.string('stage', 16).notNullable();
    t.string('task_id', 100);
    t.string('grade', 24).notNullable();
    t.specificType('tags', 'text[]').notNullable().defaultTo('{}');
    t.text('comment');
    t.string('channel', 16).notNullable();
    t.timestamp('evaluated_at', { useTz: true }).notNullable();
    t.string('evaluator_id', 100).notNullable();
    t.string('staff_id', 100);
    t.string('handling_department_code', 64).notNullable();
    t.string('department_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('level', 16).notNullable();
    t.string('item_code', 10).notNullable();
    t.unique(['application_id', 'stage']);
    t.index(['department_code', 'evaluated_at']);
    t.index(['district_code', 'evaluated_at']);
  });
  await knex.raw(`ALTER TABLE evaluation ADD CONSTRAINT evaluation_grade_check CHECK (grade IN
    ('very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'))`);

  // 整改: verification, rectification, return visit (回访) and outcome of a bad grade; escalated when late.
  await knex.schema.createTable('rectification', (t) => {
    t.uuid('id').primary();
    t.uuid('evaluation_id').notNullable().unique().references('id').inTable('evaluation');
    t.uuid('application_id').notNullable().references('id').inTable('application');
    t.string('handling_department_code', 64).notNullable();
    t.string('department_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('status', 16).notNullable();
    t.integer('limit_days').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('escalated_to', 16);
    t.integer('escalations').notNullable().defaultTo(0);
    t.timestamp('escalated_at', { useTz: true });
    t.boolean('substantiated');
    t.text('finding');
    t.string('verified_by', 100);
    t.timestamp('verified_at', { useTz: true });
    t.text('measures');
    t.string('rectified_by', 100);
    t.timestamp('rectified_at', { useTz: true });
    t.string('visit_method', 16);
    t.boolean('applicant_satisfied');
    t.text('visit_note');
    t.string('visited_by', 100);
    t.timestamp('visited_at', { useTz: true });
    t.string('outcome', 24);
    t.text('close_note');
    t.string('closed_by', 100);
    t.timestamp('closed_at', { useTz: true });
    t.boolean('on_time');
    t.index(['status', 'due_at']);
    t.index(['department_code', 'district_code', 'status']);
  });
  await knex.raw(`ALTER TABLE rectification ADD CONSTRAINT rectification_status_check
    CHECK (status IN ('open', 'verified', 'rectified', 'visited', 'closed'))`);

  // Archived cases (历史办件) with the columns of schemas/src/archive-case.ts; the importer comes with issue #10.
  await knex.schema.createTable('archive_case', (t) => {
    t.string('case_number', 40).primary();
    t.string('item_code', 10).notNullable();
    t.string('item_name', 200);
    t.string('department_code', 64).notNullable();
    t.string('region_code', 12).notNullable();
    t.string('level', 16).notNullable();
    t.string('applicant_kind', 16).notNullable();
    t.string('applicant_name', 200).notNullable();
    t.string('applicant_id_number', 18).notNullable();
    t.string('channel', 16).notNullable();
    t.timestamp('submitted_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true }).notNullable();
    t.timestamp('due_at', { useTz: true });
    t.string('result', 16).notNullable();
    t.integer('committed_time_limit_days').notNullable();
    t.double('elapsed_working_days');
    t.integer('visits');
    t.boolean('handled_online');
    t.boolean('licence_reused');
    t.string('evaluation_grade', 24);
    t.string('source_system', 100);
    t.integer('schema_version').notNullable().defaultTo(1);
    t.index(['applicant_id_number']);
  });
  // Statement-level triggers with transition tables: a COPY of millions of rows folds into the rollup in one pass.
  await knex.raw(`
    CREATE FUNCTION archive_case_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${archiveRollupStatement('new_rows', 1)};
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION archive_case_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${archiveRollupStatement('old_rows', -1)};
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION archive_case_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      ${archiveRollupStatement('old_rows', -1)};
      ${archiveRollupStatement('new_rows', 1)};
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER archive_case_rollup_insert AFTER INSERT ON archive_case
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION archive_case_rollup_insert()`);
  await knex.raw(`CREATE TRIGGER archive_case_rollup_delete AFTER DELETE ON archive_case
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION archive_case_rollup_delete()`);
  await knex.raw(`CREATE TRIGGER archive_case_rollup_update AFTER UPDATE ON archive_case
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION archive_case_rollup_update()`);
}

export async function down(knex: Knex): Promise<void> {
  for (const trigger of ['insert', 'delete', 'update']) {
    await knex.raw(`DROP TRIGGER IF EXISTS archive_case_rollup_${trigger} ON archive_case`);
    await knex.raw(`DROP FUNCTION IF EXISTS archive_case_rollup_${trigger}()`);
  }
  for (const table of [
    'archive_case', 'rectification', 'evaluation', 'supervision_rollup', 'supervision_live', 'supervision_warning',
    'task_clock', 'deadline_extension', 'clock_stop', 'application_clock',
  ]) await knex.schema.dropTable(table);
  await knex.raw('DROP AGGREGATE IF EXISTS supervision_hist_sum(int[])');
  for (const fn of ['supervision_hist_add(int[], int[])', 'supervision_hist_scale(int[], int)', 'supervision_hist_of(int[])']) {
    await knex.raw(`DROP FUNCTION IF EXISTS ${fn}`);
  }
}
