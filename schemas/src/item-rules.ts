import type { FieldIssue } from './errors';
import type { Item } from './item';

/**
 * Cross-field rules of the item standard that JSON Schema cannot state. Run after the schema passed.
 *
 * - committed time limit <= legal time limit (承诺时限不得超过法定时限);
 * - acceptance and stage limits fit inside the committed limit;
 * - charged fees list their items, free items list none;
 * - material ids are unique, and exactly one application form is declared and every form id is unique;
 * - a licence-issuing item is not free of a procedure (checked elsewhere), here only that the code is declared.
 */
export function checkItemRules(item: Item): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (item.committedTimeLimitDays > item.legalTimeLimitDays) {
    issues.push({
      path: '/committedTimeLimitDays',
      code: 'TB_ITEM_COMMITTED_EXCEEDS_LEGAL',
      message: {
        zh: `承诺办结时限（${item.committedTimeLimitDays} 个工作日）不得超过法定办结时限（${item.legalTimeLimitDays} 个工作日）`,
        en: `the committed time limit (${item.committedTimeLimitDays} working days) must not exceed the legal time limit (${item.legalTimeLimitDays} working days)`,
      },
      params: { committed: item.committedTimeLimitDays, legal: item.legalTimeLimitDays },
    });
  }
  if (item.acceptanceTimeLimitDays !== undefined && item.acceptanceTimeLimitDays > item.legalTimeLimitDays) {
    issues.push({
      path: '/acceptanceTimeLimitDays',
      code: 'TB_ITEM_ACCEPTANCE_EXCEEDS_LEGAL',
      message: {
        zh: '受理时限不得超过法定办结时限',
        en: 'the acceptance time limit must not exceed the legal time limit',
      },
    });
  }
  for (const [stage, days] of Object.entries(item.stageTimeLimitsDays ?? {})) {
    if (typeof days === 'number' && days > item.committedTimeLimitDays) {
      issues.push({
        path: `/stageTimeLimitsDays/${stage}`,
        code: 'TB_ITEM_STAGE_EXCEEDS_COMMITTED',
        message: {
          zh: `环节时限（${days} 个工作日）不得超过承诺办结时限`,
          en: `the ${stage} stage time limit (${days} working days) must not exceed the committed time limit`,
        },
      });
    }
  }
  if (item.fees.charged && !(item.fees.items && item.fees.items.length > 0)) {
    issues.push({
      path: '/fees/items',
      code: 'TB_ITEM_FEE_ITEMS_MISSING',
      message: { zh: '收费事项须列明收费项目', en: 'a charged item must list its fee items' },
    });
  }
  if (!item.fees.charged && item.fees.items && item.fees.items.length > 0) {
    issues.push({
      path: '/fees/items',
      code: 'TB_ITEM_FEE_ITEMS_ON_FREE_ITEM',
      message: { zh: '不收费事项不应列出收费项目', en: 'a free item must not list fee items' },
    });
  }
  const materialIds = new Map<string, number>();
  item.materials.forEach((material, index) => {
    const first = materialIds.get(material.id);
    if (first !== undefined) {
      issues.push({
        path: `/materials/${index}/id`,
        code: 'TB_ITEM_DUPLICATE_MATERIAL',
        message: {
          zh: `材料编号 ${material.id} 与第 ${first + 1} 项重复`,
          en: `material id ${material.id} repeats material ${first + 1}`,
        },
      });
    } else materialIds.set(material.id, index);
  });
  const formIds = new Map<string, number>();
  item.forms.forEach((form, index) => {
    if (formIds.has(form.id)) {
      issues.push({
        path: `/forms/${index}/id`,
        code: 'TB_ITEM_DUPLICATE_FORM',
        message: { zh: `表单编号 ${form.id} 重复`, en: `form id ${form.id} is declared twice` },
      });
    } else formIds.set(form.id, index);
  });
  const applicationForms = item.forms.filter((form) => form.purpose === 'application').length;
  if (applicationForms !== 1) {
    issues.push({
      path: '/forms',
      code: 'TB_ITEM_APPLICATION_FORM_COUNT',
      message: {
        zh: `须恰好声明一个申请表单（当前 ${applicationForms} 个）`,
        en: `exactly one application form must be declared (found ${applicationForms})`,
      },
    });
  }
  return issues;
}
