import { describe, expect, it } from 'vitest';
import { flattenCategories } from './catalogue';

describe('flattenCategories › the runtime category tree', () => {
  it('lists each category followed by its sub-categories, which name their parent', () => {
    expect(flattenCategories([
      { code: 'market-access', name: '市场准入', audience: 'organisation', children: [{ code: 'market-access.food', name: '食品经营' }] },
      { code: 'birth', name: '出生', children: [] },
    ])).toEqual([
      { code: 'market-access', name: '市场准入', audience: 'organisation' },
      { code: 'market-access.food', name: '食品经营', parentCode: 'market-access', audience: 'organisation' },
      { code: 'birth', name: '出生' },
    ]);
  });

  it('passes a flat list through', () => {
    expect(flattenCategories([{ code: 'a.b', name: 'B', parentCode: 'a' }])).toEqual([{ code: 'a.b', name: 'B', parentCode: 'a' }]);
  });
});
