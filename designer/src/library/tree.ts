import type { CategoryRecord, ItemSummary } from '@/api/catalogue';

/** A row of the flattened catalogue tree, as the virtualised list renders it. */
export type TreeRow =
  | { kind: 'category'; key: string; depth: 0; code: string; name: string; count: number; expanded: boolean }
  | { kind: 'subCategory'; key: string; depth: 1; code: string; name: string; count: number; expanded: boolean }
  | { kind: 'item'; key: string; depth: 2; item: ItemSummary };

interface SubCategoryNode {
  code: string;
  name: string;
  items: ItemSummary[];
}

interface CategoryNode {
  code: string;
  name: string;
  children: SubCategoryNode[];
  count: number;
}

/** Code of the synthetic category collecting items whose sub-category is unknown. */
export const UNCATEGORISED = '__uncategorised__';

/**
 * Groups items under their sub-category and category (category → sub-category → item), in the categories'
 * order. Items whose sub-category is unknown go to an "uncategorised" group at the end, so nothing disappears.
 * Empty categories and sub-categories are left out.
 */
export function buildTree(categories: readonly CategoryRecord[], items: readonly ItemSummary[], uncategorisedName: string): CategoryNode[] {
  const topLevel = categories.filter((category) => !category.parentCode);
  const subByCode = new Map<string, SubCategoryNode & { parentCode: string }>();
  for (const category of categories) {
    if (category.parentCode) subByCode.set(category.code, { code: category.code, name: category.name, items: [], parentCode: category.parentCode });
  }
  const orphans: ItemSummary[] = [];
  for (const item of items) {
    const sub = subByCode.get(item.subCategoryCode);
    if (sub) sub.items.push(item);
    else orphans.push(item);
  }
  const subsByParent = new Map<string, SubCategoryNode[]>();
  for (const sub of subByCode.values()) {
    if (sub.items.length === 0) continue;
    const list = subsByParent.get(sub.parentCode) ?? [];
    list.push(sub);
    subsByParent.set(sub.parentCode, list);
  }
  const known = new Set(topLevel.map((category) => category.code));
  for (const [parentCode, subs] of subsByParent) {
    if (!known.has(parentCode)) for (const sub of subs) orphans.push(...sub.items);
  }
  const tree: CategoryNode[] = [];
  for (const category of topLevel) {
    const children = subsByParent.get(category.code) ?? [];
    if (children.length === 0) continue;
    tree.push({ code: category.code, name: category.name, children, count: children.reduce((n, sub) => n + sub.items.length, 0) });
  }
  if (orphans.length > 0) {
    tree.push({
      code: UNCATEGORISED,
      name: uncategorisedName,
      children: [{ code: UNCATEGORISED, name: uncategorisedName, items: orphans }],
      count: orphans.length,
    });
  }
  return tree;
}

/**
 * Flattens the tree into the rows currently visible: a category's sub-categories show when it is expanded, a
 * sub-category's items when it is expanded. With `expandAll` (while searching) every group shows.
 */
export function flattenTree(tree: readonly CategoryNode[], expanded: ReadonlySet<string>, expandAll = false): TreeRow[] {
  const rows: TreeRow[] = [];
  for (const category of tree) {
    const categoryOpen = expandAll || expanded.has(`c:${category.code}`);
    rows.push({ kind: 'category', key: `c:${category.code}`, depth: 0, code: category.code, name: category.name, count: category.count, expanded: categoryOpen });
    if (!categoryOpen) continue;
    for (const sub of category.children) {
      const key = `s:${category.code}/${sub.code}`;
      const subOpen = expandAll || expanded.has(key);
      rows.push({ kind: 'subCategory', key, depth: 1, code: sub.code, name: sub.name, count: sub.items.length, expanded: subOpen });
      if (!subOpen) continue;
      for (const item of sub.items) rows.push({ kind: 'item', key: `i:${item.code}`, depth: 2, item });
    }
  }
  return rows;
}

/** Keys of every group of the tree (for "expand all"). */
export function groupKeys(tree: readonly CategoryNode[]): string[] {
  return tree.flatMap((category) => [`c:${category.code}`, ...category.children.map((sub) => `s:${category.code}/${sub.code}`)]);
}
