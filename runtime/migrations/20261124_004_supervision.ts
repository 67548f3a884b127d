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
 * multiplied by `sign` (+1 inserted, -1 deleted). Cases count on the day they closed (UTC+8), in the rows a live
 * closure also moves: by day and by month per department over a district, a city and a province (`span`, with the
 * handling-time histogram) and over all departments of a district (department ''), by month per level, and per
 * level and item. Each case is read once; the wider rows re-aggregate the finer groups rather than the cases.
 */
function archiveRollupStatement(rows: string, sign: 1 | -1): string {
  const sums = (from: string) => ROLLUP_METRICS.map((column) => `${sign === 1 ? '' : '-'}sum(${from}.${column}) AS ${column}`).join(', ');
  const totals = (from: string) => ROLLUP_METRICS.map((column) => `sum(${from}.${column})`).join(', ');
  const columns = (from: string) => ROLLUP_METRICS.map((column) => `${from}.${column}`).join(', ');
  const hist = (expression: string) => (sign === 1 ? expression : `supervision_hist_scale(${expression}, -1)`);
  return `
    WITH c AS MATERIALIZED (
      SELECT a.item_code,
        coalesce(d.parent_code, a.department_code) AS department_code,
        CASE WHEN length(a.region_code) > 6 THEN left(a.region_code, 6) ELSE a.region_code END AS district_code,
        a.level,
        ((a.closed_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day,
        k.closed, 1 - k.closed AS ended, k.on_time, k.closed - k.on_time AS late, k.closed - k.on_time AS went_overdue,
        CASE WHEN k.closed = 1 AND a.elapsed_working_days IS NOT NULL THEN 1 ELSE 0 END AS handled,
        CASE WHEN k.closed = 1 THEN coalesce(a.elapsed_working_days, 0) ELSE 0 END AS handling_days_sum,
        CASE WHEN k.closed = 1 AND a.elapsed_working_days IS NOT NULL THEN a.committed_time_limit_days ELSE 0 END AS committed_days_sum,
        CASE WHEN k.closed = 1 AND a.elapsed_working_days IS NOT NULL
          THEN least(ceil(a.elapsed_working_days * 2)::int, 241) END AS bucket,
        CASE WHEN k.closed = 1 AND (a.handled_online OR a.channel IN ('online', 'mobile')) THEN 1 ELSE 0 END AS online,
        CASE WHEN k.closed = 1 AND coalesce(a.visits = 0, a.handled_online, a.channel IN ('online', 'mobile', 'mail')) THEN 1 ELSE 0 END AS no_visit,
        CASE WHEN k.closed = 1 AND a.licence_reused THEN 1 ELSE 0 END AS licence_reused,
        CASE WHEN a.evaluation_grade IS NOT NULL THEN 1 ELSE 0 END AS eval_count,
        CASE WHEN a.evaluation_grade = 'very-satisfied' THEN 1 ELSE 0 END AS grade_very_satisfied,
        CASE WHEN a.evaluation_grade = 'satisfied' THEN 1 ELSE 0 END AS grade_satisfied,
        CASE WHEN a.evaluation_grade = 'basically-satisfied' THEN 1 ELSE 0 END AS grade_basically_satisfied,
        CASE WHEN a.evaluation_grade = 'dissatisfied' THEN 1 ELSE 0 END AS grade_dissatisfied,
        CASE WHEN a.evaluation_grade = 'very-dissatisfied' THEN 1 ELSE 0 END AS grade_very_dissatisfied
      FROM ${rows} a
      LEFT JOIN department d ON d.code = a.department_code
      CROSS JOIN LATERAL (
        SELECT CASE WHEN a.result IN ('approved', 'rejected', 'not-accepted') THEN 1 ELSE 0 END AS closed,
          CASE WHEN a.result IN ('approved', 'rejected', 'not-accepted')
            AND coalesce(a.closed_at <= a.due_at, a.elapsed_working_days <= a.committed_time_limit_days, true) THEN 1 ELSE 0 END AS on_time
      ) k
    ),
    by_item AS MATERIALIZED (
      SELECT date_trunc('month', c.day)::date AS period, c.department_code, c.district_code, c.level, c.item_code, ${sums('c')}
      FROM c GROUP BY 1, 2, 3, 4, 5
    ),
    by_day AS MATERIALIZED (
      SELECT c.day AS period, c.department_code, c.district_code, ${sums('c')}, ${hist('supervision_hist_of(c.bucket)')} AS handling_hist
      FROM c GROUP BY 1, 2, 3
    ),
    by_span AS MATERIALIZED (
      SELECT 'county' AS span, b.period, b.department_code, b.district_code, ${columns('b')}, b.handling_hist FROM by_day b
      UNION ALL
      SELECT 'city', b.period, b.department_code, left(b.district_code, 4), ${totals('b')}, supervision_hist_sum(b.handling_hist)
      FROM by_day b WHERE length(b.district_code) >= 4 GROUP BY 2, 3, 4
      UNION ALL
      SELECT 'province', b.period, b.department_code, left(b.district_code, 2), ${totals('b')}, supervision_hist_sum(b.handling_hist)
      FROM by_day b GROUP BY 2, 3, 4
      UNION ALL
      SELECT 'county', b.period, '', b.district_code, ${totals('b')}, supervision_hist_sum(b.handling_hist)
      FROM by_day b GROUP BY 2, 3, 4
    )
    INSERT INTO supervision_rollup (grain, item_code, level, span, period, department_code, district_code, source,
      ${ROLLUP_METRICS.join(', ')}, handling_hist)
    SELECT 'm', i.item_code, i.level, 'county', i.period, i.department_code, i.district_code, 'archive', ${columns('i')}, '{}'::int[]
    FROM by_item i
    UNION ALL
    SELECT 'm', '', i.level, 'county', i.period, i.department_code, i.district_code, 'archive', ${totals('i')}, '{}'::int[]
    FROM by_item i GROUP BY i.level, i.period, i.department_code, i.district_code
    UNION ALL
    SELECT 'd', '', '', s.span, s.period, s.department_code, s.district_code, 'archive', ${columns('s')}, s.handling_hist
    FROM by_span s
    UNION ALL
    SELECT 'm', '', '', s.span, date_trunc('month', s.period)::date, s.department_code, s.district_code, 'archive', ${totals('s')},
      supervision_hist_sum(s.handling_hist)
    FROM by_span s GROUP BY 4, 5, 6, 7
    ON CONFLICT (grain, item_code, level, span, period, department_code, district_code, source, shard) DO UPDATE SET
      ${ROLLUP_METRICS.map((column) => `${column} = supervision_rollup.${column} + EXCLUDED.${column}`).join(',\n      ')},
      handling_hist = supervision_hist_add(supervision_rollup.handling_hist, EXCLUDED.handling_hist)`;
}

export async function up(knex: Knex): Promise<void> {
  // Handling-time histograms: element i (1-based) counts cases of (i - 1) / 2 working days, rounded up to the half
  // day; the last element (242) counts everything above 120 days; no trailing elements beyond the largest bucket.
  // PL/pgSQL, so that aggregating them updates one array in place.
  await knex.raw(`
    CREATE FUNCTION supervision_hist_add(a int[], b int[]) RETURNS int[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      result int[] := coalesce(a, '{}');
      n int := coalesce(cardinality(b), 0);
    BEGIN
      IF cardinality(result) < n THEN result := result || array_fill(0, ARRAY[n - cardinality(result)]); END IF;
      FOR i IN 1..n LOOP
        result[i] := result[i] + coalesce(b[i], 0);
      END LOOP;
      RETURN result;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION supervision_hist_count(state int[], bucket int) RETURNS int[] LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      IF bucket IS NULL THEN RETURN state; END IF;
      IF cardinality(state) < bucket + 1 THEN state := state || array_fill(0, ARRAY[bucket + 1 - cardinality(state)]); END IF;
      state[bucket + 1] := state[bucket + 1] + 1;
      RETURN state;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION supervision_hist_scale(a int[], factor int) RETURNS int[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(v * factor ORDER BY i), '{}'::int[]) FROM unnest(a) WITH ORDINALITY AS u(v, i)
    $$`);
  await knex.raw(`CREATE AGGREGATE supervision_hist_sum(int[]) (SFUNC = supervision_hist_add, STYPE = int[], INITCOND = '{}')`);
  await knex.raw(`CREATE AGGREGATE supervision_hist_of(int) (SFUNC = supervision_hist_count, STYPE = int[], INITCOND = '{}')`);

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
    // Counter shards (FIGURE_SHARDS in the store): a busy key's updates spread over rows that readers sum.
    t.smallint('shard').notNullable().defaultTo(0);
    t.primary(['department_code', 'district_code', 'level', 'item_code', 'shard']);
  });

  // Rollups, live and archived cases apart. By day ('d') and month ('m') per department over a span — a district
  // (county code, or a city's or province's own code for cases handled there), a city, a province — with the
  // handling-time histogram (level and item_code ''), and per district over all departments (department_code ''); so a
  // city's ranking reads one row per department, or per district, and day.
  // By month per level (item_code '') and per level and item, over districts.
  await knex.schema.createTable('supervision_rollup', (t) => {
    t.string('grain', 1).notNullable();
    t.string('item_code', 10).notNullable();
    t.string('level', 16).notNullable();
    t.string('span', 8).notNullable();
    t.date('period').notNullable();
    t.string('department_code', 64).notNullable();
    t.string('district_code', 12).notNullable();
    t.string('source', 8).notNullable();
    for (const column of ROLLUP_METRICS) {
      if (column === 'handling_days_sum' || column === 'committed_days_sum') t.double(column).notNullable().defaultTo(0);
      else t.integer(column).notNullable().defaultTo(0);
    }
    t.specificType('handling_hist', 'int[]').notNullable().defaultTo('{}');
    // Live rows are sharded like supervision_live; archived cases, written in batches, use shard 0.
    t.smallint('shard').notNullable().defaultTo(0);
    t.primary(['grain', 'item_code', 'level', 'span', 'period', 'department_code', 'district_code', 'source', 'shard']);
  });
  await knex.raw(`CREATE INDEX supervision_rollup_item_department_idx ON supervision_rollup (department_code, period) WHERE item_code <> ''`);
  await knex.raw(`CREATE INDEX supervision_rollup_item_district_idx ON supervision_rollup (district_code, period) WHERE item_code <> ''`);

  // One-time tickets for the live stream: EventSource sends no headers, and a bearer token in a URL ends up in logs.
  await knex.schema.createTable('supervision_stream_ticket', (t) => {
    t.string('ticket_hash', 64).primary();
    t.jsonb('principal').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });

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
  // Statement-level triggers with transition tables: a COPY of millions of rows folds into the rollup in one pass,
  // grouped in memory (work_mem raised for the statement, then restored) rather than sorted on disk.
  const triggerFunction = (name: string, statements: string[]) => `
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      saved text := current_setting('work_mem');
    BEGIN
      PERFORM set_config('work_mem', '128MB', true);
      ${statements.join(';\n      ')};
      PERFORM set_config('work_mem', saved, true);
      RETURN NULL;
    END $$`;
  await knex.raw(triggerFunction('archive_case_rollup_insert', [archiveRollupStatement('new_rows', 1)]));
  await knex.raw(triggerFunction('archive_case_rollup_delete', [archiveRollupStatement('old_rows', -1)]));
  await knex.raw(triggerFunction('archive_case_rollup_update', [archiveRollupStatement('old_rows', -1), archiveRollupStatement('new_rows', 1)]));
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
    'archive_case', 'rectification', 'evaluation', 'supervision_stream_ticket', 'supervision_rollup', 'supervision_live', 'supervision_warning',
    'task_clock', 'deadline_extension', 'clock_stop', 'application_clock',
  ]) await knex.schema.dropTable(table);
  await knex.raw('DROP AGGREGATE IF EXISTS supervision_hist_sum(int[])');
  await knex.raw('DROP AGGREGATE IF EXISTS supervision_hist_of(int)');
  for (const fn of ['supervision_hist_add(int[], int[])', 'supervision_hist_count(int[], int)', 'supervision_hist_scale(int[], int)']) {
    await knex.raw(`DROP FUNCTION IF EXISTS ${fn}`);
  }
}
