import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formVariables, listFormFields } from './fields';
import type { FormSchema } from './form-model';

const food = JSON.parse(readFileSync(new URL('../test/fixtures/food-business-licence.form.json', import.meta.url), 'utf8')) as FormSchema;

describe('listFormFields', () => {
  it('lists the bound components of a form with their value paths', () => {
    const fields = listFormFields(food);
    expect(fields.map((field) => field.path)).toEqual([
      '/applicant', '/applicant/name', '/applicant/creditCode', '/applicant/legalRepresentative', '/applicant/mobile', '/applicant/email',
      '/applicant/premises', '/businessForm', '/businessItems', '/specialFoods', '/online', '/website/name', '/area', '/staff',
      '/staff/*/name', '/staff/*/idNumber', '/staff/*/role', '/staff/*/healthCertificate', '/staffCount', '/applicationDate', '/openingTime',
      '/remarks',
    ]);
  });

  it('describes rules, options, conditions and labels', () => {
    const fields = listFormFields(food);
    const byPath = (path: string) => fields.find((field) => field.path === path);
    expect(byPath('/applicant/creditCode')).toMatchObject({
      id: 'CreditCode',
      key: 'creditCode',
      type: 'textfield',
      binding: 'value',
      label: '统一社会信用代码',
      required: true,
      validation: { pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$', patternErrorMessage: '统一社会信用代码应为 18 位' },
      location: '/components/1/components/1',
    });
    expect(byPath('/area')).toMatchObject({ validation: { min: 1, max: 100000, decimalDigits: 2 } });
    expect(byPath('/staff')).toMatchObject({ binding: 'list', type: 'dynamiclist', label: '从业人员' });
    expect(byPath('/staff/*/healthCertificate')).toMatchObject({ hide: '=this.role = "other"', hiddenWhen: ['=this.role = "other"'] });
    expect(byPath('/businessForm')?.options).toEqual({
      source: 'static',
      values: [{ label: '食品销售经营者', value: 'sales' }, { label: '餐饮服务经营者', value: 'catering' }, { label: '单位食堂', value: 'canteen' }],
    });
    expect(byPath('/staffCount')).toMatchObject({ expression: { expression: '=count(staff)', computeOn: 'change' } });
    expect(byPath('/remarks')).toMatchObject({ readonly: '=businessForm = "canteen"', feel: [{ property: 'readonly', expression: '=businessForm = "canteen"' }] });
    expect(byPath('/openingTime')).toMatchObject({ label: '每日开始营业时间' });
  });

  it('includes the hide conditions of the ancestors', () => {
    const fields = listFormFields({
      type: 'default',
      components: [{ type: 'group', path: 'g', conditional: { hide: '=a' }, components: [{ type: 'textfield', key: 't', conditional: { hide: '=b' } }] }],
    });
    expect(fields[1]?.hiddenWhen).toEqual(['=a', '=b']);
  });
});

describe('formVariables', () => {
  it('separates what the form writes from what it reads from its context', () => {
    expect(formVariables(food)).toEqual({
      outputs: ['applicant', 'businessForm', 'businessItems', 'specialFoods', 'online', 'website', 'area', 'staff', 'staffCount', 'applicationDate', 'openingTime', 'remarks'],
      inputs: [],
    });
  });
});
