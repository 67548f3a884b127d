import { request } from './http';

/** A catalogue category or sub-category (`category.json`); a sub-category names its parent. */
export interface CategoryRecord {
  code: string;
  name: string;
  parentCode?: string;
  audience?: 'person' | 'organisation';
}

/** Status of an item's current version in the library. */
export type ItemStatus = 'draft' | 'in-review' | 'published' | 'withdrawn';

/** One row of the item library: what the list needs, not the whole item document. */
export interface ItemSummary {
  code: string;
  name: string;
  type: string;
  subCategoryCode: string;
  departmentCode: string;
  departmentName?: string;
  levels: string[];
  status: ItemStatus;
  /** An unpublished draft exists next to the published version. */
  hasDraft: boolean;
  version?: number;
  updatedAt?: string;
}

/** A department of the catalogue (`department.json`, the fields the designer shows). */
export interface DepartmentRecord {
  code: string;
  name: string;
  shortName?: string;
  level?: string;
  regionCode?: string;
}

/** Query of {@link listItems}. */
export interface ItemQuery {
  limit?: number;
  offset?: number;
  q?: string;
  departmentCode?: string;
  level?: string;
  status?: ItemStatus;
  hasDraft?: boolean;
}

/** `GET /items`: one page of the item library. */
export function listItems(query: ItemQuery = {}, signal?: AbortSignal): Promise<{ items: ItemSummary[]; total: number }> {
  return request('/items', { query: { ...query }, signal });
}

/** `GET /categories`: every category and sub-category. */
export function listCategories(): Promise<{ categories: CategoryRecord[] }> {
  return request('/categories');
}

/** `GET /departments`: the departments, for filters and pickers. */
export function listDepartments(): Promise<{ departments: DepartmentRecord[] }> {
  return request('/departments');
}
