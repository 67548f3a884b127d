import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { regionAncestry, resolveImplementation, type ImplementationEntry, type ImplementationOverrides, type ImplementationPolicy, type ResolvedItem } from './implementation';

/** Filters of the catalogue search (`GET /api/v1/items`). */
export interface ItemSearch {
  q?: string;
  code?: string;
  category?: string;
  subCategory?: string;
  department?: string;
  level?: string;
  region?: string;
  limit: number;
  offset: number;
}

/** One row of the catalogue listing. */
export interface ItemSummary {
  code: string;
  name: string;
  type: string;
  subCategoryCode: string;
  categoryCode: string | null;
  departmentCode: string;
  departmentName: string;
  levels: string[];
  version: number;
  effectiveFrom: string;
  committedTimeLimitDays: number;
  legalTimeLimitDays: number;
  channels: string[];
  visitsRequired: number;
  onlineDepth: number | null;
}

/**
 * The version of an item in force at an instant: the latest effective published one. A superseded version stays
 * in force until its successor's effective time; withdrawn versions never are.
 */
const CURRENT_VERSION_JOIN = `JOIN LATERAL (
  SELECT v.id, v.version, v.effective_from, v.document FROM item_version v
  WHERE v.item_code = i.code AND v.status IN ('published', 'superseded') AND v.effective_from <= ?
  ORDER BY v.effective_from DESC, v.version DESC LIMIT 1
) cv ON true`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Searches the items that have a version in force at `at`, paged, with the total count. */
export async function searchItems(knex: Knex, search: ItemSearch, at: Date): Promise<{ items: ItemSummary[]; total: number }> {
  const base = knex('item as i')
    .joinRaw(CURRENT_VERSION_JOIN, [at])
    .join('department as d', 'd.code', 'i.department_code')
    .join('category as sc', 'sc.code', 'i.sub_category_code');
  if (search.q) {
    const like = `%${escapeLike(search.q)}%`;
    base.where((w) => w.whereILike('i.name', like).orWhereILike('i.code', like));
  }
  if (search.code) base.where('i.code', search.code);
  if (search.subCategory) base.where('i.sub_category_code', search.subCategory);
  if (search.category) base.where('sc.parent_code', search.category);
  if (search.department) base.where('i.department_code', search.department);
  if (search.level) base.whereRaw('? = ANY(i.levels)', [search.level]);
  const [countRow] = await base.clone().count<{ total: string | number }[]>({ total: '*' });
  const rows = await base
    .clone()
    .select(
      'i.code', 'i.name', 'i.type', 'i.sub_category_code', 'sc.parent_code as category_code', 'i.department_code',
      'd.name as department_name', 'i.levels', 'cv.version', 'cv.effective_from', 'cv.document',
    )
    .orderBy('i.code')
    .limit(search.limit)
    .offset(search.offset);
  return {
    total: Number(countRow?.total ?? 0),
    items: (rows as Array<Record<string, unknown>>).map((row) => {
      const document = (typeof row.document === 'string' ? JSON.parse(row.document) : row.document) as Item;
      return {
        code: String(row.code),
        name: String(row.name),
        type: String(row.type),
        subCategoryCode: String(row.sub_category_code),
        categoryCode: (row.category_code as string | null) ?? null,
        departmentCode: String(row.department_code),
        departmentName: String(row.department_name),
        levels: row.levels as string[],
        version: Number(row.version),
        effectiveFrom: new Date(row.effective_from as string).toISOString(),
        committedTimeLimitDays: document.committedTimeLimitDays,
        legalTimeLimitDays: document.legalTimeLimitDays,
        channels: [...document.channels],
        visitsRequired: document.visitsRequired,
        onlineDepth: document.onlineDepth ?? null,
      };
    }),
  };
}

/** An item version as stored. */
export interface ItemVersionRow {
  id: number;
  itemCode: string;
  version: number;
  status: string;
  effectiveFrom: string | null;
  document: Item;
  bpmn: string;
  forms: Record<string, unknown>;
  contentHash: string;
  /** What regions may override (issue #5 point 6). */
  implementationPolicy: ImplementationPolicy;
}

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export const toItemVersion = (row: Record<string, unknown>): ItemVersionRow => ({
  id: Number(row.id),
  itemCode: String(row.item_code),
  version: Number(row.version),
  status: String(row.status),
  effectiveFrom: row.effective_from ? new Date(row.effective_from as string).toISOString() : null,
  document: json<Item>(row.document),
  bpmn: String(row.bpmn),
  forms: json<Record<string, unknown>>(row.forms),
  contentHash: String(row.content_hash),
  implementationPolicy: { allowExtraMaterials: false, allowFeeReduction: true, ...(row.implementation_policy ? json<Partial<ImplementationPolicy>>(row.implementation_policy) : {}) },
});

/**
 * The version of an item in force at an instant, as it applies in a region: `document` is the standard merged with
 * the regional implementations in force along the region's ancestry (`standardDocument` is the standard itself).
 */
export interface EffectiveVersion extends ItemVersionRow {
  standardDocument: Item;
  /** Present when a region was given: which implementations applied and which overrides were left out. */
  implementation?: Omit<ResolvedItem, 'item'>;
}

/**
 * The version of one item in force at `at` — the latest published (or since superseded) version whose effective
 * time has come; withdrawn versions never are — or undefined when the item does not exist or has none. With a
 * region, the regional implementation lists in force at `at` are applied, walking up village → township → county →
 * city → province (catalogue/implementation.ts).
 */
export async function findEffectiveVersion(knex: Knex, code: string, at: Date, regionCode?: string): Promise<EffectiveVersion | undefined> {
  const row = await knex('item_version')
    .where({ item_code: code })
    .whereIn('status', ['published', 'superseded'])
    .where('effective_from', '<=', at)
    .orderBy([{ column: 'effective_from', order: 'desc' }, { column: 'version', order: 'desc' }])
    .first();
  if (!row) return undefined;
  const version = toItemVersion(row as Record<string, unknown>);
  if (!regionCode) return { ...version, standardDocument: version.document };
  const entries = await implementationsInForce(knex, code, regionAncestry(regionCode), at);
  if (entries.length === 0) return { ...version, standardDocument: version.document, implementation: { applied: [], ignored: [] } };
  const { item, ...implementation } = resolveImplementation(version.document, version.implementationPolicy, entries);
  return { ...version, document: item, standardDocument: version.document, implementation };
}

/** For each of `regionCodes`, its newest active implementation of the item effective at `at`. */
export async function implementationsInForce(knex: Knex, itemCode: string, regionCodes: string[], at: Date): Promise<ImplementationEntry[]> {
  const rows = await knex('item_implementation')
    .distinctOn('region_code')
    .where({ item_code: itemCode, status: 'active' })
    .whereIn('region_code', regionCodes)
    .where('effective_from', '<=', at)
    .orderBy([{ column: 'region_code' }, { column: 'effective_from', order: 'desc' }, { column: 'revision', order: 'desc' }])
    .select('region_code', 'level', 'revision', 'effective_from', 'overrides');
  return (rows as Array<Record<string, unknown>>).map((entry) => ({
    regionCode: String(entry.region_code),
    level: String(entry.level),
    revision: Number(entry.revision),
    effectiveFrom: new Date(entry.effective_from as string).toISOString(),
    overrides: json<ImplementationOverrides>(entry.overrides),
  }));
}

/** An item version by id. */
export async function findVersionById(knex: Knex, id: number): Promise<ItemVersionRow | undefined> {
  const row = await knex('item_version').where({ id }).first();
  return row ? toItemVersion(row as Record<string, unknown>) : undefined;
}

/** Whether an item exists at all (published or not). */
export async function itemExists(knex: Knex, code: string): Promise<boolean> {
  return Boolean(await knex('item').where({ code }).first('code'));
}

/** A region by code. */
export async function findRegion(knex: Knex, code: string): Promise<{ code: string; name: string; level: string; parentCode: string | null } | undefined> {
  const row = await knex('region').where({ code }).first();
  return row ? { code: row.code, name: row.name, level: row.level, parentCode: row.parent_code } : undefined;
}

/** The categories as a two-level tree, with the number of items under each sub-category. */
export async function categoryTree(knex: Knex) {
  const rows = await knex('category as c')
    .leftJoin('item as i', 'i.sub_category_code', 'c.code')
    .groupBy('c.code', 'c.name', 'c.parent_code', 'c.position', 'c.audience')
    .select('c.code', 'c.name', 'c.parent_code', 'c.position', 'c.audience')
    .count<Array<{ code: string; name: string; parent_code: string | null; position: number; audience: string | null; items: string | number }>>({ items: 'i.code' })
    .orderBy('c.position');
  const top = rows.filter((row) => !row.parent_code);
  return top.map((category) => ({
    code: category.code,
    name: category.name,
    ...(category.audience ? { audience: category.audience } : {}),
    children: rows.filter((row) => row.parent_code === category.code).map((sub) => ({
      code: sub.code,
      name: sub.name,
      items: Number(sub.items),
    })),
  }));
}
