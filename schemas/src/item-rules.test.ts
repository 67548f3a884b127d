import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Item } from './item';
import { checkItemRules } from './item-rules';

const item = (JSON.parse(readFileSync(new URL('../test/fixtures/item/valid-food-business-licence.json', import.meta.url), 'utf8')) as { input: Item }).input;

describe('checkItemRules', () => {
  it('accepts a committed time limit equal to the legal one', () => {
    expect(checkItemRules({ ...item, legalTimeLimitDays: 20, committedTimeLimitDays: 20 })).toEqual([]);
  });

  it('refuses a committed time limit one day over the legal one, naming both', () => {
    const issues = checkItemRules({ ...item, legalTimeLimitDays: 20, committedTimeLimitDays: 21 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'TB_ITEM_COMMITTED_EXCEEDS_LEGAL', path: '/committedTimeLimitDays', params: { committed: 21, legal: 20 } });
    expect(issues[0]?.message.zh).toContain('21');
  });

  it('reports every broken rule at once', () => {
    const issues = checkItemRules({
      ...item,
      committedTimeLimitDays: 30,
      acceptanceTimeLimitDays: 40,
      fees: { charged: true },
      forms: [],
    });
    expect(issues.map((issue) => issue.code).sort()).toEqual([
      'TB_ITEM_ACCEPTANCE_EXCEEDS_LEGAL', 'TB_ITEM_APPLICATION_FORM_COUNT', 'TB_ITEM_COMMITTED_EXCEEDS_LEGAL', 'TB_ITEM_FEE_ITEMS_MISSING',
    ]);
  });

  it('refuses fee items on a free item', () => {
    const issues = checkItemRules({ ...item, fees: { charged: false, items: [{ name: '工本费', amountYuan: 10 }] } });
    expect(issues.map((issue) => issue.code)).toEqual(['TB_ITEM_FEE_ITEMS_ON_FREE_ITEM']);
  });
});
