import type { Knex } from 'knex';

/** What the catalogue holds, as the health route reports it. */
export interface CatalogueCounts {
  items: number;
  publishedItems: number;
  categories: number;
  subCategories: number;
  departments: number;
  cityDepartments: number;
  regions: number;
  districts: number;
  townships: number;
  villages: number;
  licenceTypes: number;
  users: number;
}

/** Counts the catalogue in one round trip. */
export async function countCatalogue(knex: Knex): Promise<CatalogueCounts> {
  const result = await knex.raw(`
    SELECT
      (SELECT count(*)::int FROM item) AS items,
      (SELECT count(DISTINCT item_code)::int FROM item_version WHERE status = 'published') AS published_items,
      (SELECT count(*)::int FROM category WHERE parent_code IS NULL) AS categories,
      (SELECT count(*)::int FROM category WHERE parent_code IS NOT NULL) AS sub_categories,
      (SELECT count(*)::int FROM department) AS departments,
      (SELECT count(*)::int FROM department WHERE level = 'city') AS city_departments,
      (SELECT count(*)::int FROM region) AS regions,
      (SELECT count(*)::int FROM region WHERE level = 'county') AS districts,
      (SELECT count(*)::int FROM region WHERE level = 'township') AS townships,
      (SELECT count(*)::int FROM region WHERE level = 'village') AS villages,
      (SELECT count(*)::int FROM licence_type) AS licence_types,
      (SELECT count(*)::int FROM app_user) AS users
  `);
  const row = (result.rows as Array<Record<string, number>>)[0] ?? {};
  return {
    items: row.items ?? 0,
    publishedItems: row.published_items ?? 0,
    categories: row.categories ?? 0,
    subCategories: row.sub_categories ?? 0,
    departments: row.departments ?? 0,
    cityDepartments: row.city_departments ?? 0,
    regions: row.regions ?? 0,
    districts: row.districts ?? 0,
    townships: row.townships ?? 0,
    villages: row.villages ?? 0,
    licenceTypes: row.licence_types ?? 0,
    users: row.users ?? 0,
  };
}

/** The server's version string, e.g. `PostgreSQL 15.20 …`. */
export async function serverVersion(knex: Knex): Promise<string> {
  const result = await knex.raw('SELECT version() AS version');
  return String((result.rows as Array<{ version: string }>)[0]?.version ?? 'unknown');
}
