import { describe, expect, it } from 'vitest';
import type { ItemSummary } from '@/api/catalogue';
import { buildTree, flattenTree, groupKeys, UNCATEGORISED } from './tree';

const item = (code: string, sub: string): ItemSummary => ({
  code, name: code, type: 'licensing', subCategoryCode: sub, departmentCode: 'D', levels: ['city'], status: 'published', hasDraft: false,
});
const categories = [
  { code: 'C1', name: '市场准入' }, { code: 'C1-1', name: '企业开办', parentCode: 'C1' }, { code: 'C1-2', name: '食品经营', parentCode: 'C1' },
  { code: 'C2', name: '社会保障' }, { code: 'C2-1', name: '养老保险', parentCode: 'C2' },
];

describe('library tree › category → sub-category → item', () => {
  const tree = buildTree(categories, [item('A', 'C1-1'), item('B', 'C1-2'), item('C', 'C1-2'), item('D', 'nowhere')], '未分类');

  it('groups items, drops empty groups and keeps unknown sub-categories under "uncategorised"', () => {
    expect(tree.map((category) => [category.code, category.count])).toEqual([['C1', 3], [UNCATEGORISED, 1]]);
    expect(tree[0]!.children.map((sub) => sub.code)).toEqual(['C1-1', 'C1-2']);
  });

  it('shows only expanded groups, and everything while filtering', () => {
    expect(flattenTree(tree, new Set()).map((row) => row.key)).toEqual(['c:C1', `c:${UNCATEGORISED}`]);
    expect(flattenTree(tree, new Set(['c:C1', 's:C1/C1-2'])).map((row) => row.key)).toEqual(['c:C1', 's:C1/C1-1', 's:C1/C1-2', 'i:B', 'i:C', `c:${UNCATEGORISED}`]);
    expect(flattenTree(tree, new Set(), true)).toHaveLength(2 + 3 + 4);
  });

  it('lists every group key for "expand all"', () => {
    expect(groupKeys(tree)).toEqual(['c:C1', 's:C1/C1-1', 's:C1/C1-2', `c:${UNCATEGORISED}`, `s:${UNCATEGORISED}/${UNCATEGORISED}`]);
  });
});
