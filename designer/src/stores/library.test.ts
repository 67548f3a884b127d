// @vitest-environment node
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureCategories, fixtureDepartments, fixtureItems } from '../../dev/fixture-catalogue';
import { useLibraryStore } from './library';

function loaded() {
  const store = useLibraryStore();
  store.setCatalogue({ items: fixtureItems(), categories: fixtureCategories(), departments: fixtureDepartments() });
  return store;
}

describe('useLibraryStore › the reference-scale example catalogue', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('opens with the first category expanded', () => {
    const store = loaded();
    const categories = fixtureCategories();
    const first = categories.find((category) => !category.parentCode)!;
    expect(store.rows[0]).toMatchObject({ kind: 'category', code: first.code, expanded: true });
    expect(store.rows.filter((row) => row.kind === 'subCategory').length).toBeGreaterThan(0);
  });

  it('answers a pinyin-initials search over 896 items, expanding the groups of the matches', () => {
    const store = loaded();
    expect(store.items).toHaveLength(896);
    store.setFilters({ query: 'spjy' });
    const items = store.rows.filter((row) => row.kind === 'item');
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((row) => row.kind === 'item' && row.item.name.includes('食品经营'))).toBe(true);
  });

  it('filters by department, level, status and draft together', () => {
    const store = loaded();
    const department = store.items[0]!.departmentCode;
    store.setFilters({ departmentCode: department, level: 'city', hasDraft: true });
    expect(store.filtered.every((item) => item.departmentCode === department && item.levels.includes('city') && item.hasDraft)).toBe(true);
    store.setFilters({ departmentCode: null, level: null, hasDraft: false, status: 'draft' });
    expect(store.filtered.length).toBeGreaterThan(0);
    expect(store.filtered.every((item) => item.status === 'draft')).toBe(true);
    store.resetFilters();
    expect(store.filtered).toHaveLength(896);
    expect(store.departmentOptions.find((option) => option.code === department)?.name).toBe(store.items[0]!.departmentName);
  });

  it('expands every group and collapses them again', () => {
    const store = loaded();
    const groups = store.tree.length + store.tree.reduce((n, category) => n + category.children.length, 0);
    store.expandAll();
    expect(store.rows).toHaveLength(groups + 896);
    store.collapseAll();
    expect(store.rows).toHaveLength(store.tree.length);
  });
});
