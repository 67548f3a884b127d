import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureCategories, fixtureDepartments, fixtureItems } from '../../dev/fixture-catalogue';
import { useLibraryStore } from './library';

describe('useLibraryStore › the reference-scale catalogue', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('indexes 896 items and answers a pinyin search quickly, expanding the matches', () => {
    const store = useLibraryStore();
    store.setCatalogue({ items: fixtureItems(), categories: fixtureCategories(), departments: fixtureDepartments() });
    // the first category opens by default: 16 categories and its 8 sub-categories
    expect(store.rows.filter((row) => row.kind === 'category')).toHaveLength(16);
    expect(store.rows.filter((row) => row.kind === 'subCategory')).toHaveLength(8);
    const started = performance.now();
    store.setFilters({ query: 'spjy' });
    const items = store.rows.filter((row) => row.kind === 'item');
    const elapsed = performance.now() - started;
    expect(items.length).toBe(7);
    expect(items.every((row) => row.kind === 'item' && row.item.name.startsWith('食品经营'))).toBe(true);
    expect(elapsed).toBeLessThan(100);
  });

  it('filters by department, level, status and draft together with the search text', () => {
    const store = useLibraryStore();
    store.setCatalogue({ items: fixtureItems(), categories: fixtureCategories(), departments: fixtureDepartments() });
    store.setFilters({ departmentCode: 'CITY-SAMR', hasDraft: true });
    expect(store.filtered.length).toBeGreaterThan(0);
    expect(store.filtered.every((item) => item.departmentCode === 'CITY-SAMR' && item.hasDraft)).toBe(true);
    store.resetFilters();
    expect(store.filtered).toHaveLength(896);
    expect(store.departmentOptions.find((option) => option.code === 'CITY-SAMR')?.name).toBe('市场监管局');
  });

  it('expands and collapses groups', () => {
    const store = useLibraryStore();
    store.setCatalogue({ items: fixtureItems(), categories: fixtureCategories() });
    store.collapseAll();
    expect(store.rows).toHaveLength(16);
    store.expandAll();
    expect(store.rows).toHaveLength(16 + 128 + 896);
    store.toggle('c:C01');
    expect(store.rows).toHaveLength(16 + 128 + 896 - 8 - 56);
  });
});
