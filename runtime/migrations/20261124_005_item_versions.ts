import type { Knex } from 'knex';

/**
 * Dynamic adjustment of items (issue #5): the review trail of item versions (submitted, approved, withdrawn), the
 * four-eyes policy per item type, batch change sets, regional implementation lists (实施清单), the change feed and
 * the per-item audit trail. One statement per `raw` call: the embedded PGlite runs no multi-statement queries.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_set', (t) => {
    t.uuid('id').primary();
    t.string('title', 200).notNullable();
    t.text('reason').notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('effective_from', { useTz: true });
    t.string('created_by', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('submitted_by', 100);
    t.timestamp('submitted_at', { useTz: true });
    t.string('approved_by', 100);
    t.timestamp('approved_at', { useTz: true });
    t.string('published_by', 100);
    t.timestamp('published_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['status', 'created_at']);
  });
  await knex.raw(`ALTER TABLE change_set ADD CONSTRAINT change_set_status_check
    CHECK (status IN ('open', 'submitted', 'approved', 'published', 'discarded'))`);

  await knex.schema.alterTable('item_version', (t) => {
    t.jsonb('implementation_policy').notNullable().defaultTo(JSON.stringify({ allowExtraMaterials: false, allowFeeReduction: true }));
    t.integer('based_on_version');
    t.uuid('change_set_id').references('id').inTable('change_set');
    t.integer('rev').notNullable().defaultTo(0);
    t.string('updated_by', 100);
    t.timestamp('updated_at', { useTz: true });
    t.string('submitted_by', 100);
    t.timestamp('submitted_at', { useTz: true });
    t.string('approved_by', 100);
    t.timestamp('approved_at', { useTz: true });
    t.timestamp('superseded_at', { useTz: true });
    t.string('withdrawn_by', 100);
    t.timestamp('withdrawn_at', { useTz: true });
    t.index(['change_set_id']);
  });
  // At most one version of an item is being worked on (draft, submitted or approved) at a time.
  await knex.raw(`CREATE UNIQUE INDEX item_version_open_idx ON item_version (item_code) WHERE status IN ('draft', 'submitted', 'approved')`);
  // The guard of migration 001, extended to the review trail: once published, who submitted, approved and what
  // policy regions follow are as immutable as the content. Status moves stay published → superseded → withdrawn.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION item_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('published', 'superseded', 'withdrawn') THEN
          RAISE EXCEPTION 'item_version % is published and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status IN ('published', 'superseded', 'withdrawn') THEN
        IF NEW.document IS DISTINCT FROM OLD.document OR NEW.bpmn IS DISTINCT FROM OLD.bpmn
          OR NEW.forms IS DISTINCT FROM OLD.forms OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
          OR NEW.item_code IS DISTINCT FROM OLD.item_code OR NEW.version IS DISTINCT FROM OLD.version
          OR NEW.effective_from IS DISTINCT FROM OLD.effective_from OR NEW.published_at IS DISTINCT FROM OLD.published_at
          OR NEW.published_by IS DISTINCT FROM OLD.published_by OR NEW.created_by IS DISTINCT FROM OLD.created_by
          OR NEW.implementation_policy IS DISTINCT FROM OLD.implementation_policy
          OR NEW.based_on_version IS DISTINCT FROM OLD.based_on_version OR NEW.change_set_id IS DISTINCT FROM OLD.change_set_id
          OR NEW.rev IS DISTINCT FROM OLD.rev
          OR NEW.submitted_by IS DISTINCT FROM OLD.submitted_by OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
          OR NEW.approved_by IS DISTINCT FROM OLD.approved_by OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
          OR NEW.reason IS DISTINCT FROM OLD.reason THEN
          RAISE EXCEPTION 'item_version % is published and immutable', OLD.id USING ERRCODE = 'P0001';
        END IF;
        IF NOT ((OLD.status = 'published' AND NEW.status IN ('published', 'superseded', 'withdrawn'))
             OR (OLD.status = 'superseded' AND NEW.status IN ('superseded', 'withdrawn'))
             OR (OLD.status = 'withdrawn' AND NEW.status = 'withdrawn')) THEN
          RAISE EXCEPTION 'item_version % cannot move from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'P0001';
        END IF;
        IF OLD.superseded_at IS NOT NULL AND NEW.superseded_at IS DISTINCT FROM OLD.superseded_at THEN
          RAISE EXCEPTION 'item_version % was superseded at %', OLD.id, OLD.superseded_at USING ERRCODE = 'P0001';
        END IF;
        IF OLD.withdrawn_at IS NOT NULL AND (NEW.withdrawn_at IS DISTINCT FROM OLD.withdrawn_at OR NEW.withdrawn_by IS DISTINCT FROM OLD.withdrawn_by) THEN
          RAISE EXCEPTION 'item_version % was withdrawn at %', OLD.id, OLD.withdrawn_at USING ERRCODE = 'P0001';
        END IF;
      END IF;
      RETURN NEW;
    END $$`);

  await knex.schema.createTable('item_type_policy', (t) => {
    t.string('item_type', 32).primary();
    t.boolean('four_eyes').notNullable();
    t.string('updated_by', 100).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.text('reason').notNullable();
  });

  // Regional implementation lists: append-only revisions per item and region; the newest effective one applies.
  await knex.schema.createTable('item_implementation', (t) => {
    t.bigIncrements('id').primary();
    t.string('item_code', 10).notNullable().references('code').inTable('item');
    t.string('region_code', 12).notNullable().references('code').inTable('region');
    t.string('level', 16).notNullable();
    t.integer('revision').notNullable();
    t.string('status', 16).notNullable();
    t.jsonb('overrides').notNullable();
    t.timestamp('effective_from', { useTz: true }).notNullable();
    t.string('created_by', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('reason').notNullable();
    t.string('withdrawn_by', 100);
    t.timestamp('withdrawn_at', { useTz: true });
    t.unique(['item_code', 'region_code', 'revision']);
    t.index(['item_code', 'region_code', 'status', 'effective_from']);
  });
  await knex.raw(`ALTER TABLE item_implementation ADD CONSTRAINT item_implementation_status_check CHECK (status IN ('active', 'withdrawn'))`);
  await knex.raw(`
    CREATE FUNCTION item_implementation_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'item_implementation % is part of the record and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
      END IF;
      IF NEW.overrides IS DISTINCT FROM OLD.overrides OR NEW.effective_from IS DISTINCT FROM OLD.effective_from
        OR NEW.item_code IS DISTINCT FROM OLD.item_code OR NEW.region_code IS DISTINCT FROM OLD.region_code
        OR NEW.revision IS DISTINCT FROM OLD.revision OR NEW.created_by IS DISTINCT FROM OLD.created_by
        OR NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.reason IS DISTINCT FROM OLD.reason
        OR (OLD.status = 'withdrawn' AND NEW.status <> 'withdrawn') THEN
        RAISE EXCEPTION 'item_implementation % is immutable; add a revision instead', OLD.id USING ERRCODE = 'P0001';
      END IF;
      RETURN NEW;
    END $$`);
  await knex.raw(`CREATE TRIGGER item_implementation_immutable BEFORE UPDATE OR DELETE ON item_implementation
    FOR EACH ROW EXECUTE FUNCTION item_implementation_guard()`);

  // The change feed: every publication, withdrawal, migration, implementation change and import.
  await knex.schema.createTable('change_event', (t) => {
    t.bigIncrements('id').primary();
    t.string('kind', 32).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.string('actor', 100).notNullable();
    t.text('reason').notNullable();
    t.specificType('item_codes', 'text[]').notNullable();
    t.uuid('change_set_id');
    t.jsonb('data').notNullable();
  });
  await knex.raw(`CREATE INDEX change_event_items_idx ON change_event USING gin (item_codes)`);
  await knex.raw(`CREATE INDEX change_event_kind_idx ON change_event (kind, id)`);

  // Who did what to an item, when and why.
  await knex.schema.createTable('item_audit', (t) => {
    t.bigIncrements('id').primary();
    t.string('item_code', 10).notNullable().references('code').inTable('item');
    t.integer('version');
    t.string('action', 32).notNullable();
    t.string('actor', 100).notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('reason');
    t.jsonb('data').notNullable();
    t.index(['item_code', 'id']);
  });
  await knex.raw(`
    CREATE FUNCTION append_only_record() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'P0001';
    END $$`);
  await knex.raw(`CREATE TRIGGER change_event_append_only BEFORE UPDATE OR DELETE ON change_event
    FOR EACH ROW EXECUTE FUNCTION append_only_record()`);
  await knex.raw(`CREATE TRIGGER item_audit_append_only BEFORE UPDATE OR DELETE ON item_audit
    FOR EACH ROW EXECUTE FUNCTION append_only_record()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS item_audit_append_only ON item_audit');
  await knex.raw('DROP TRIGGER IF EXISTS change_event_append_only ON change_event');
  await knex.raw('DROP FUNCTION IF EXISTS append_only_record()');
  await knex.schema.dropTable('item_audit');
  await knex.schema.dropTable('change_event');
  await knex.raw('DROP TRIGGER IF EXISTS item_implementation_immutable ON item_implementation');
  await knex.raw('DROP FUNCTION IF EXISTS item_implementation_guard()');
  await knex.schema.dropTable('item_implementation');
  await knex.schema.dropTable('item_type_policy');
  await knex.raw('DROP INDEX IF EXISTS item_version_open_idx');
  await knex.raw(`
    CREATE OR REPLACE FUNCTION item_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('published', 'superseded', 'withdrawn') THEN
          RAISE EXCEPTION 'item_version % is published and cannot be deleted', OLD.id USING ERRCODE = 'P0001';
        END IF;
        RETURN OLD;
      END IF;
      IF OLD.status IN ('published', 'superseded', 'withdrawn') THEN
        IF NEW.document IS DISTINCT FROM OLD.document OR NEW.bpmn IS DISTINCT FROM OLD.bpmn
          OR NEW.forms IS DISTINCT FROM OLD.forms OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
          OR NEW.item_code IS DISTINCT FROM OLD.item_code OR NEW.version IS DISTINCT FROM OLD.version
          OR NEW.effective_from IS DISTINCT FROM OLD.effective_from OR NEW.published_at IS DISTINCT FROM OLD.published_at
          OR NEW.published_by IS DISTINCT FROM OLD.published_by OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
          RAISE EXCEPTION 'item_version % is published and immutable', OLD.id USING ERRCODE = 'P0001';
        END IF;
        IF NOT ((OLD.status = 'published' AND NEW.status IN ('published', 'superseded', 'withdrawn'))
             OR (OLD.status = 'superseded' AND NEW.status IN ('superseded', 'withdrawn'))
             OR (OLD.status = 'withdrawn' AND NEW.status = 'withdrawn')) THEN
          RAISE EXCEPTION 'item_version % cannot move from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'P0001';
        END IF;
      END IF;
      RETURN NEW;
    END $$`);
  await knex.schema.alterTable('item_version', (t) => {
    t.dropIndex(['change_set_id']);
    for (const column of ['implementation_policy', 'based_on_version', 'change_set_id', 'rev', 'updated_by', 'updated_at', 'submitted_by',
      'submitted_at', 'approved_by', 'approved_at', 'superseded_at', 'withdrawn_by', 'withdrawn_at']) t.dropColumn(column);
  });
  await knex.schema.dropTable('change_set');
}
