import { describe, expect, it } from 'vitest';
import type { Item } from '@tongban/schemas';
import { checkOverrides, regionAncestry, resolveImplementation, type ImplementationPolicy } from './implementation';

const standard = {
  schemaVersion: 1, code: 'XK09990001', name: '测试事项', type: 'licensing', subCategoryCode: 'market-access.food', implementingDepartment: '449900-SAMR',
  levels: ['city', 'county'], serviceObjects: ['person'], legalBasis: [{ title: '《行政许可法》' }], legalTimeLimitDays: 20, committedTimeLimitDays: 10,
  stageTimeLimitsDays: { accept: 1, decide: 2 }, fees: { charged: true, items: [{ name: '工本费', amountYuan: 10 }] }, channels: ['online'], visitsRequired: 0,
  contact: { phone: '0761-88123012' }, materials: [{ id: 'M001', name: '申请书', requirement: 'required', source: 'applicant' }],
  procedure: { processId: 'p', resource: 'p.bpmn' }, forms: [{ id: 'f', purpose: 'application', resource: 'f.json' }],
} as unknown as Item;
const open: ImplementationPolicy = { allowExtraMaterials: true, allowFeeReduction: true };
const closed: ImplementationPolicy = { allowExtraMaterials: false, allowFeeReduction: false };
const lookups = { departments: new Map([['449900-SAMR', '4499'], ['449902-SAMR', '449902'], ['449903-SAMR', '449903']]), licenceTypes: new Set<string>() };
const codes = (problems: Array<{ pointer: string; code: string }>) => problems.map((problem) => [problem.code, problem.pointer]);

describe('checkOverrides', () => {
  it('accepts the allowed fields within their rules', () => {
    expect(checkOverrides(standard, open, '449902', {
      implementingDepartment: '449902-SAMR', committedTimeLimitDays: 5, contact: { phone: '0761-88990000' },
      windows: [{ name: '滨江区政务服务中心', address: '滨江路1号', regionCode: '449902' }],
      fees: { charged: true, items: [{ name: '工本费', amountYuan: 5 }] }, extraMaterials: [{ id: 'R001', name: '本地证明', requirement: 'optional', source: 'applicant' }],
    }, lookups)).toEqual([]);
  });

  it('refuses a committed time limit beyond the legal one, and one below a stage limit', () => {
    expect(codes(checkOverrides(standard, open, '449902', { committedTimeLimitDays: 21 }, lookups))).toEqual([['TB_ITEM_COMMITTED_EXCEEDS_LEGAL', '/committedTimeLimitDays']]);
    expect(codes(checkOverrides(standard, open, '449902', { committedTimeLimitDays: 1 }, lookups))).toEqual([['TB_ITEM_STAGE_EXCEEDS_COMMITTED', '/stageTimeLimitsDays/decide']]);
  });

  it('lets regions lower or waive fees but never add or raise one, and only when the standard allows it', () => {
    expect(checkOverrides(standard, open, '449902', { fees: { charged: false } }, lookups)).toEqual([]);
    expect(codes(checkOverrides(standard, open, '449902', { fees: { charged: true, items: [{ name: '工本费', amountYuan: 20 }] } }, lookups)))
      .toEqual([['TB_VERSION_FEE_NOT_LAWFUL', '/fees/items/0/amountYuan']]);
    expect(codes(checkOverrides(standard, open, '449902', { fees: { charged: true, items: [{ name: '加急费', amountYuan: 1 }] } }, lookups)))
      .toEqual([['TB_VERSION_FEE_NOT_LAWFUL', '/fees/items/0/name']]);
    const free = { ...standard, fees: { charged: false } } as Item;
    expect(codes(checkOverrides(free, open, '449902', { fees: { charged: true, items: [{ name: '工本费', amountYuan: 1 }] } }, lookups)))
      .toEqual([['TB_VERSION_FEE_NOT_LAWFUL', '/fees/charged']]);
    expect(codes(checkOverrides(standard, closed, '449902', { fees: { charged: false } }, lookups))).toEqual([['TB_VERSION_OVERRIDE_NOT_ALLOWED', '/fees']]);
  });

  it('refuses extra materials the standard does not allow, or that clash with its ids', () => {
    const extra = [{ id: 'M001', name: '重复', requirement: 'optional' as const, source: 'applicant' as const }];
    expect(codes(checkOverrides(standard, closed, '449902', { extraMaterials: extra }, lookups))).toEqual([['TB_VERSION_OVERRIDE_NOT_ALLOWED', '/extraMaterials']]);
    expect(codes(checkOverrides(standard, open, '449902', { extraMaterials: extra }, lookups))).toEqual([['TB_ITEM_DUPLICATE_MATERIAL', '/extraMaterials/0/id']]);
  });

  it('refuses a department of another region and a field outside the allowed set', () => {
    expect(codes(checkOverrides(standard, open, '449902', { implementingDepartment: '449903-SAMR' }, lookups))).toEqual([['TB_VERSION_OVERRIDE_OUT_OF_REGION', '/implementingDepartment']]);
    expect(codes(checkOverrides(standard, open, '449902', { legalTimeLimitDays: 5 } as never, lookups))).toEqual([['TB_VERSION_OVERRIDE_NOT_ALLOWED', '/legalTimeLimitDays']]);
  });
});

describe('resolveImplementation', () => {
  it('applies the chain from the broadest region, the narrowest winning field by field, extra materials merged', () => {
    const resolved = resolveImplementation(standard, open, [
      { regionCode: '449902001', level: 'township', revision: 1, effectiveFrom: '', overrides: { contact: { phone: '0761-11111111' }, extraMaterials: [{ id: 'R002', name: '乡镇证明', requirement: 'optional', source: 'applicant' }] } },
      { regionCode: '4499', level: 'city', revision: 3, effectiveFrom: '', overrides: { committedTimeLimitDays: 8, contact: { phone: '0761-22222222' } } },
      { regionCode: '449902', level: 'county', revision: 2, effectiveFrom: '', overrides: { committedTimeLimitDays: 5, extraMaterials: [{ id: 'R001', name: '区证明', requirement: 'optional', source: 'applicant' }] } },
    ]);
    expect(resolved.item.committedTimeLimitDays).toBe(5);
    expect(resolved.item.contact.phone).toBe('0761-11111111');
    expect(resolved.item.materials.map((material) => material.id)).toEqual(['M001', 'R001', 'R002']);
    expect(resolved.applied.map((entry) => [entry.regionCode, entry.fields])).toEqual([
      ['4499', ['committedTimeLimitDays', 'contact']], ['449902', ['committedTimeLimitDays', 'extraMaterials']], ['449902001', ['contact', 'extraMaterials']],
    ]);
    expect(resolved.item.legalTimeLimitDays).toBe(20);
  });

  it('leaves out overrides the version in force no longer allows, and says which', () => {
    const resolved = resolveImplementation(standard, closed, [
      { regionCode: '449902', level: 'county', revision: 4, effectiveFrom: '', overrides: { committedTimeLimitDays: 5, fees: { charged: false } } },
    ]);
    expect(resolved.item.fees).toEqual(standard.fees);
    expect(resolved.item.committedTimeLimitDays).toBe(5);
    expect(resolved.ignored).toEqual([{ regionCode: '449902', revision: 4, field: 'fees', code: 'TB_VERSION_OVERRIDE_NOT_ALLOWED' }]);
  });

  it('walks village → township → county → city → province', () => {
    expect(regionAncestry('449902001201')).toEqual(['449902001201', '449902001', '449902', '4499', '44']);
    expect(regionAncestry('4499')).toEqual(['4499', '44']);
  });
});
