import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import * as catalogueApi from '@/api/catalogue';
import type { CategoryRecord, DepartmentRecord, ItemSummary } from '@/api/catalogue';
import { buildSearchIndex, filterEntries, NO_FILTERS, type LibraryFilters, type SearchEntry } from '@/library/search';
import { buildTree, flattenTree, groupKeys, type TreeRow } from '@/library/tree';

/** Page size used to read the whole library summary list. */
const PAGE_SIZE = 500;

/** The item library: the catalogue summaries, search, filters and the tree's expansion state. */
export const useLibraryStore = defineStore('library', () => {
  const items = shallowRef<ItemSummary[]>([]);
  const categories = shallowRef<CategoryRecord[]>([]);
  const departments = shallowRef<DepartmentRecord[]>([]);
  const index = shallowRef<SearchEntry[]>([]);
  const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
  const error = ref<unknown>(null);
  const loadMs = ref<number | null>(null);
  const filters = ref<LibraryFilters>({ ...NO_FILTERS });
  const expanded = ref<Set<string>>(new Set());
  const uncategorisedName = ref('未分类');

  const filtered = computed(() => filterEntries(index.value, filters.value).map((entry) => entry.item));
  const tree = computed(() => buildTree(categories.value, filtered.value, uncategorisedName.value));
  const isFiltering = computed(() => filters.value.query.trim() !== '' || filters.value.departmentCode !== null
    || filters.value.level !== null || filters.value.status !== null || filters.value.hasDraft);
  const rows = computed<TreeRow[]>(() => flattenTree(tree.value, expanded.value, isFiltering.value));
  const departmentOptions = computed(() => {
    const names = new Map(departments.value.map((department) => [department.code, department.shortName ?? department.name]));
    const codes = new Set(items.value.map((item) => item.departmentCode));
    return [...codes].map((code) => ({
      code,
      name: names.get(code) ?? items.value.find((item) => item.departmentCode === code)?.departmentName ?? code,
    })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  });

  /** Replaces the library's content (used by `load`, and by tests and fixtures). */
  function setCatalogue(data: { items: ItemSummary[]; categories: CategoryRecord[]; departments?: DepartmentRecord[] }): void {
    items.value = data.items;
    categories.value = data.categories;
    departments.value = data.departments ?? [];
    index.value = buildSearchIndex(data.items);
    if (expanded.value.size === 0) {
      const first = categories.value.find((category) => !category.parentCode);
      if (first) expanded.value = new Set([`c:${first.code}`]);
    }
    status.value = 'ready';
  }

  /** Loads categories, departments and every item summary from the runtime, page by page. */
  async function load(): Promise<void> {
    status.value = 'loading';
    error.value = null;
    const started = performance.now();
    try {
      const [categoryResult, departmentResult, firstPage] = await Promise.all([
        catalogueApi.listCategories(),
        catalogueApi.listDepartments().catch(() => ({ departments: [] as DepartmentRecord[] })),
        catalogueApi.listItems({ limit: PAGE_SIZE, offset: 0 }),
      ]);
      const all = [...firstPage.items];
      const rest: Promise<{ items: ItemSummary[] }>[] = [];
      for (let offset = PAGE_SIZE; offset < firstPage.total; offset += PAGE_SIZE) {
        rest.push(catalogueApi.listItems({ limit: PAGE_SIZE, offset }));
      }
      for (const page of await Promise.all(rest)) all.push(...page.items);
      setCatalogue({ items: all, categories: categoryResult.categories, departments: departmentResult.departments });
      loadMs.value = Math.round(performance.now() - started);
    } catch (failure) {
      error.value = failure;
      status.value = 'error';
    }
  }

  /** Updates some filters. */
  function setFilters(patch: Partial<LibraryFilters>): void {
    filters.value = { ...filters.value, ...patch };
  }

  /** Clears every filter and the search text. */
  function resetFilters(): void {
    filters.value = { ...NO_FILTERS };
  }

  /** Opens or closes a group of the tree. */
  function toggle(key: string): void {
    const next = new Set(expanded.value);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    expanded.value = next;
  }

  /** Opens or closes a group explicitly (keyboard ← / →). */
  function setExpanded(key: string, open: boolean): void {
    if (expanded.value.has(key) === open) return;
    toggle(key);
  }

  /** Opens every group. */
  function expandAll(): void {
    expanded.value = new Set(groupKeys(tree.value));
  }

  /** Closes every group. */
  function collapseAll(): void {
    expanded.value = new Set();
  }

  return {
    items, categories, departments, status, error, loadMs, filters, expanded, uncategorisedName,
    filtered, tree, rows, isFiltering, departmentOptions,
    setCatalogue, load, setFilters, resetFilters, toggle, setExpanded, expandAll, collapseAll,
  };
});
