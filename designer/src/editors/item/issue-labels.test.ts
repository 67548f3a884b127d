import { describe, expect, it } from 'vitest';
import { i18n, translate } from '@/locales';
import { issueLabel } from './issue-labels';

describe('issueLabel › readable names of item paths', () => {
  it('names top-level, nested, list and stage fields in Chinese', () => {
    expect(issueLabel('/name', translate)).toBe('事项名称');
    expect(issueLabel('/contact/phone', translate)).toBe('咨询电话');
    expect(issueLabel('/materials/2/condition', translate)).toBe('申请材料 第 3 项 · 适用情形（FEEL 表达式）');
    expect(issueLabel('/fees/items/0/amountYuan', translate)).toBe('收费项目 第 1 项 · 金额（元）');
    expect(issueLabel('/stageTimeLimitsDays/review', translate)).toBe('环节时限（工作日） · 审查');
    expect(issueLabel('/unknownThing', translate)).toBe('/unknownThing');
  });

  it('follows the UI language', () => {
    (i18n.global.locale as unknown as { value: string }).value = 'en-US';
    try {
      expect(issueLabel('/materials/0/name', translate)).toBe('Materials #1 · Name');
    } finally {
      (i18n.global.locale as unknown as { value: string }).value = 'zh-CN';
    }
  });
});
