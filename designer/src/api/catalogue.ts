import type { ItemDetail } from '@tongban/client';
import { api } from './client';

/** A catalogue category or sub-category (`category.json`); a sub-category names its parent. */
export interface CategoryRecord {
  code: string;
  name: string;
  parentCode?: string;
  audience?: 'person' | 'organisation';
}

/** Status of an item's current version in the library. */
export type ItemStatus = 'draft' | 'in-review' | 'published' | 'withdrawn';

/**
 * One row of the item library: what the list needs, not the whole item document. The runtime's public
 * `GET /items` gives the published catalogue (no `status`, no `hasDraft`: those are read as published, no draft).
 */
export interface ItemSummary {
  code: string;
  name: string;
  type: string;
  subCategoryCode: string;
  categoryCode?: string | null;
  departmentCode: string;
  departmentName?: string;
  levels: string[];
  status: ItemStatus;
  /** An unpublished draft exists next to the published version. */
  hasDraft: boolean;
  version?: number;
  effectiveFrom?: string;
}

/** A summary as the runtime sends it, where the management fields may be missing. */
type ItemSummaryWire = Omit<ItemSummary, 'status' | 'hasDraft'> & Partial<Pick<ItemSummary, 'status' | 'hasDraft'>>;

/** A department of the catalogue (`department.json`, the fields the designer shows). */
export interface DepartmentRecord {
  code: string;
  name: string;
  shortName?: string | null;
  level?: string;
  regionCode?: string;
}

/** Query of {@link listItems} (the runtime's `GET /items` parameters). */
export interface ItemQuery {
  limit?: number;
  offset?: number;
  /** Part of the name or code. */
  q?: string;
  category?: string;
  subCategory?: string;
  department?: string;
  level?: string;
  region?: string;
}

/** `GET /items`: one page of the item library. */
export async function listItems(query: ItemQuery = {}): Promise<{ items: ItemSummary[]; total: number }> {
  const page = await api.catalogue.items({ ...query }) as { items: ItemSummaryWire[]; total: number };
  return { total: page.total, items: page.items.map((item) => ({ ...item, status: item.status ?? 'published', hasDraft: item.hasDraft ?? false })) };
}

/** A category as `GET /categories` sends it: the tree, each category with its sub-categories. */
interface CategoryNodeWire {
  code: string;
  name: string;
  audience?: 'person' | 'organisation';
  parentCode?: string;
  children?: { code: string; name: string }[];
}

/**
 * Flattens the runtime's category tree into categories and sub-categories (a sub-category names its parent);
 * an already flat list passes through.
 */
export function flattenCategories(nodes: readonly CategoryNodeWire[]): CategoryRecord[] {
  return nodes.flatMap(({ children, ...category }) => [
    category,
    ...(children ?? []).map((child) => ({ code: child.code, name: child.name, parentCode: category.code, audience: category.audience })),
  ]);
}

/** `GET /categories`: every category and sub-category, flat. */
export async function listCategories(): Promise<{ categories: CategoryRecord[] }> {
  const { categories } = await api.catalogue.categories() as { categories: CategoryNodeWire[] };
  return { categories: flattenCategories(categories) };
}

/** `GET /departments`: the departments, for filters and pickers. */
export function listDepartments(): Promise<{ departments: DepartmentRecord[] }> {
  return api.catalogue.departments();
}

/** A region of the catalogue. */
export interface RegionRecord {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
}

/** `GET /regions`: the regions under `parent` (the top ones without). */
export function listRegions(parent?: string): Promise<{ regions: RegionRecord[] }> {
  return api.catalogue.regions(parent);
}

/** A licence type (for the checklist's licence reuse). */
export interface LicenceTypeRecord {
  code: string;
  name: string;
  issuingDepartment: string;
  holderKind: string;
}

/** `GET /licence-types`: every licence type. */
export function listLicenceTypes(): Promise<{ licenceTypes: LicenceTypeRecord[] }> {
  return api.catalogue.licenceTypes();
}

/** `GET /items/:code`: the item in force (in a region), with its forms. */
export function fetchEffectiveItem(code: string, region?: string): Promise<ItemDetail> {
  return api.catalogue.item(code, region);
}
