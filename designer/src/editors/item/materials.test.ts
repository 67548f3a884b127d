import { describe, expect, it } from 'vitest';
import { conditionSyntax, coupledChanges, materialIssues, newMaterial, nextMaterialId } from './materials';

describe('materials › checklist logic', () => {
  it('numbers new materials after the highest M-id and skips taken ids', () => {
    expect(nextMaterialId([])).toBe('M001');
    expect(nextMaterialId([{ id: 'M001' }, { id: 'M007' }, { id: 'X1' }])).toBe('M008');
    expect(newMaterial([{ id: 'M002' }], '身份证')).toMatchObject({ id: 'M003', name: '身份证', requirement: 'required', source: 'applicant' });
  });

  it('removes the condition when a material stops being conditional and seeds one when it becomes conditional', () => {
    expect(coupledChanges({ requirement: 'conditional', condition: '=a' }, { requirement: 'optional' })).toEqual({ condition: undefined });
    expect(coupledChanges({ requirement: 'required' }, { requirement: 'conditional' })).toEqual({ condition: '=true' });
    expect(coupledChanges({ requirement: 'required' }, { requirement: 'conditional', condition: '=b' })).toEqual({});
  });

  it('removes the licence type and producing department when the source changes', () => {
    expect(coupledChanges({ source: 'licence', licenceTypeCode: 'X' }, { source: 'applicant' })).toEqual({ licenceTypeCode: undefined });
    expect(coupledChanges({ source: 'department', producedBy: 'CITY-PSB' }, { source: 'licence' })).toEqual({ producedBy: undefined });
  });

  it('checks the FEEL syntax of conditions', () => {
    expect(conditionSyntax({ requirement: 'required' })).toBeNull();
    expect(conditionSyntax({ requirement: 'conditional', condition: '=applicantType = "organisation"' })).toEqual({ ok: true });
    expect(conditionSyntax({ requirement: 'conditional', condition: '=age >' })).toMatchObject({ ok: false });
    expect(conditionSyntax({ requirement: 'conditional', condition: 'age > 18' })).toMatchObject({ ok: false, message: { zh: 'FEEL 表达式须以 = 开头' } });
  });

  it('groups item issues by material field', () => {
    const issues = [
      { path: '/materials/1/name', code: 'TB_SCHEMA_MIN_LENGTH', message: { zh: '', en: '' } },
      { path: '/materials/1/condition', code: 'TB_SCHEMA_REQUIRED', message: { zh: '', en: '' } },
      { path: '/materials/10/name', code: 'TB_SCHEMA_MIN_LENGTH', message: { zh: '', en: '' } },
      { path: '/materials/1', code: 'TB_SCHEMA_INVALID', message: { zh: '', en: '' } },
    ];
    const byField = materialIssues(issues, 1);
    expect([...byField.keys()].sort()).toEqual(['', 'condition', 'name']);
  });
});
