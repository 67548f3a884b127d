/**
 * The example catalogue of `@tongban/examples` (896 items of the fictional city 江屿市, with hand-written real
 * items) in the shapes the runtime API returns, for development and tests only — `src/` never imports it, so it
 * stays out of the production bundle. Library statuses and drafts do not exist in the catalogue; they are
 * derived from the item code, deterministically, so the library's filters have something to show.
 */
import { generateCatalogue, hashString, type Catalogue } from '@tongban/examples';
import type { Item } from '@tongban/schemas';
import type { CategoryRecord, DepartmentRecord, ItemStatus, ItemSummary } from '../src/api/catalogue';

let cached: Catalogue | null = null;

/** The seeded reference-scale catalogue (generated once per process, about 0.1 s). */
export function fixtureCatalogue(): Catalogue {
  cached ??= generateCatalogue();
  return cached;
}

const STATUSES: ItemStatus[] = ['published', 'published', 'published', 'published', 'draft', 'in-review', 'withdrawn'];

/** Categories and sub-categories. */
export function fixtureCategories(): CategoryRecord[] {
  return fixtureCatalogue().categories.map(({ code, name, parentCode, audience }) => ({ code, name, parentCode, audience }));
}

/** The departments. */
export function fixtureDepartments(): DepartmentRecord[] {
  return fixtureCatalogue().departments.map(({ code, name, shortName, level, regionCode }) => ({ code, name, shortName, level, regionCode }));
}

/** The library rows of every item (or the first `count`). */
export function fixtureItems(count?: number): ItemSummary[] {
  const catalogue = fixtureCatalogue();
  const names = new Map(catalogue.departments.map((department) => [department.code, department.shortName ?? department.name]));
  return catalogue.items.slice(0, count).map((item) => {
    const hash = hashString(item.code);
    const status = STATUSES[hash % STATUSES.length]!;
    return {
      code: item.code,
      name: item.name,
      type: item.type,
      subCategoryCode: item.subCategoryCode,
      departmentCode: item.implementingDepartment,
      departmentName: names.get(item.implementingDepartment),
      levels: [...item.levels],
      status,
      hasDraft: status === 'draft' || hash % 9 === 0,
      version: 1 + (hash % 3),
    };
  });
}

/** The item document of a code. */
export function fixtureItem(code: string): Item {
  const item = fixtureCatalogue().items.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`no example item ${code}`);
  return item;
}

/** The bundle the item editor opens: the item, its BPMN and its forms. */
export function fixtureBundle(code: string): { item: Item; bpmn: string; forms: Record<string, unknown> } {
  const resources = fixtureCatalogue().resources[code];
  if (!resources) throw new Error(`no resources for example item ${code}`);
  return { item: structuredClone(fixtureItem(code)), bpmn: resources.bpmn, forms: structuredClone(resources.forms) };
}
