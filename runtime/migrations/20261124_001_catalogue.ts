import type { Knex } from 'knex';

/**
 * The catalogue: regions, departments, categories, licence types, items and their immutable published versions,
 * the working-day calendar, and users with their scopes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('region', (t) => {
    t.string('code', 12).primary();
    t.string('name', 100).notNullable();
    t.string('level', 16).notNullable();
    t.string('parent_code', 12).references('code').inTable('region');
    t.index(['parent_code']);
    t.index(['level']);
  });

  await knex.schema.createTable('department', (t) => {
    t.string('code', 64).primary();
    t.string('name', 100).notNullable();
    t.string('short_name', 30);
    t.string('credit_code', 18);
    t.string('region_code', 12).notNullable().references('code').inTable('region');
    t.string('level', 16).notNullable();
    t.string('parent_code', 64);
    t.jsonb('document').notNullable();
    t.index(['region_code', 'level']);
  });

  await knex.schema.createTable('category', (t) => {
    t.string('code', 64).primary();
    t.string('name', 100).notNullable();
    t.string('parent_code', 64).references('code').inTable('category');
    t.string('audience', 16);
    t.integer('position').notNullable().defaultTo(0);
    t.index(['parent_code']);
  });

  await knex.schema.createTable('licence_type', (t) => {
    t.string('code', 21).primary();
    t.string('name', 100).notNullable();
    t.string('issuing_department', 64).notNullable();
    t.string('holder_kind', 16).notNullable();
    t.jsonb('document').notNullable();
  });

  await knex.schema.createTable('item', (t) => {
    t.string('code', 10).primary();
    t.string('name', 200).notNullable();
    t.string('type', 32).notNullable();
    t.string('sub_category_code', 64).notNullable().references('code').inTable('category');
    t.string('department_code', 64).notNullable().references('code').inTable('department');
    t.specificType('levels', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['sub_category_code']);
    t.index(['department_code']);
  });

  await knex.schema.createTable('item_version', (t) => {
    t.bigIncrements('id').primary();
    t.string('item_code', 10).notNullable().references('code').inTable('item');
    t.integer('version').notNullable();
    t.string('status', 16).notNullable();
    t.timestamp('effective_from', { useTz: true });
    t.jsonb('document').notNullable();
    t.text('bpmn').notNullable();
    t.jsonb('forms').notNullable();
    t.string('content_hash', 64).notNullable();
    t.string('created_by', 100).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.string('published_by', 100);
    t.timestamp('published_at', { useTz: true });
    t.text('reason');
    t.unique(['item_code', 'version']);
    t.index(['item_code', 'status', 'effective_from']);
  });
  await knex.raw(`
    ALTER TABLE item_version ADD CONSTRAINT item_version_status_check
      CHECK (status IN ('draft', 'submitted', 'approved', 'published', 'superseded', 'withdrawn'))`);
  // A published version never changes: the database refuses it, not only the code (issue #5).
  // (One statement per call: the embedded PGlite runs no multi-statement queries.)
  await knex.raw(`
    CREATE FUNCTION item_version_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await knex.raw(`
    CREATE TRIGGER item_version_immutable BEFORE UPDATE OR DELETE ON item_version
      FOR EACH ROW EXECUTE FUNCTION item_version_guard();
  `);

  await knex.schema.createTable('calendar_day', (t) => {
    t.date('date').primary();
    t.string('kind', 16).notNullable();
    t.string('name', 100);
    t.string('source', 200);
    t.string('updated_by', 100).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`ALTER TABLE calendar_day ADD CONSTRAINT calendar_day_kind_check CHECK (kind IN ('holiday', 'workday'))`);
  await knex.schema.createTable('calendar_audit', (t) => {
    t.bigIncrements('id').primary();
    t.date('date').notNullable();
    t.string('action', 16).notNullable();
    t.jsonb('before');
    t.jsonb('after');
    t.string('actor', 100).notNullable();
    t.text('reason');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['date']);
  });

  await knex.schema.createTable('app_user', (t) => {
    t.string('id', 100).primary();
    t.string('name', 100).notNullable();
    t.specificType('roles', 'text[]').notNullable();
    t.string('level', 16).notNullable();
    t.string('region_code', 12);
    t.string('department_code', 64);
    t.string('id_number', 18);
    t.string('credit_code', 18);
    t.string('password_hash', 200);
    t.boolean('demo').notNullable().defaultTo(false);
    t.index(['id_number']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('app_user');
  await knex.schema.dropTable('calendar_audit');
  await knex.schema.dropTable('calendar_day');
  await knex.raw('DROP TRIGGER IF EXISTS item_version_immutable ON item_version');
  await knex.raw('DROP FUNCTION IF EXISTS item_version_guard()');
  await knex.schema.dropTable('item_version');
  await knex.schema.dropTable('item');
  await knex.schema.dropTable('licence_type');
  await knex.schema.dropTable('category');
  await knex.schema.dropTable('department');
  await knex.schema.dropTable('region');
}
