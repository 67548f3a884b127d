import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { createPublishedItem, demoApplicant, managers, simpleApplication } from './items-fixtures';

// Issue #5, point 6: regional implementation lists (实施清单), resolved by walking up the region tree.
const ctx = useTestApp();
const CODE = 'XK09990301';
const VILLAGE = '449902001001';
const get = async (url: string) => {
  const response = await ctx.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

beforeAll(async () => {
  await createPublishedItem(ctx.app, CODE, {}, { implementationPolicy: { allowExtraMaterials: true, allowFeeReduction: true } });
});

describe('regional implementation lists', () => {
  it('resolves the item for a village by walking up township → county → city, the nearest region winning field by field', async () => {
    const { manager } = await managers(ctx.app);
    const set = (region: string, overrides: Record<string, unknown>) => manager.request<{ revision: number; level: string }>('PUT', `/api/v1/manage/items/${CODE}/implementations/${region}`, { overrides, reason: `${region} 实施清单` });
    expect((await set('4499', { committedTimeLimitDays: 8, contact: { phone: '0761-88000001', address: '市民中心B区' } })).body).toMatchObject({ revision: 1, level: 'city' });
    expect((await set('449902', { committedTimeLimitDays: 6, implementingDepartment: '449902-SAMR', fees: { charged: false } })).body).toMatchObject({ level: 'county' });
    const township = await set('449902001', {
      windows: [{ name: '沙溪街道便民服务中心', address: '沙溪街道政务服务大厅', regionCode: '449902001' }],
      extraMaterials: [{ id: 'R001', name: '街道出具的场所说明', requirement: 'required', source: 'applicant', formats: ['pdf'] }],
    });
    expect(township.status, JSON.stringify(township.body)).toBe(200);

    const village = await get(`/api/v1/items/${CODE}?region=${VILLAGE}`);
    expect(village.status).toBe(200);
    expect(village.body.item).toMatchObject({
      committedTimeLimitDays: 6, implementingDepartment: '449902-SAMR', fees: { charged: false }, legalTimeLimitDays: 20,
      contact: { phone: '0761-88000001' }, windows: [{ name: '沙溪街道便民服务中心' }],
    });
    expect(village.body.item.materials.map((material: { id: string }) => material.id)).toEqual(['M001', 'M002', 'R001']);
    expect(village.body.implementation.applied.map((entry: { regionCode: string }) => entry.regionCode)).toEqual(['4499', '449902', '449902001']);

    const otherDistrict = await get(`/api/v1/items/${CODE}?region=449903`);
    expect(otherDistrict.body.item).toMatchObject({ committedTimeLimitDays: 8, implementingDepartment: '449900-SAMR', fees: { charged: true } });
    expect(otherDistrict.body.item.materials).toHaveLength(2);
    expect((await get(`/api/v1/items/${CODE}`)).body.item.committedTimeLimitDays).toBe(10);
  });

  it('applies the region\'s implementation at intake: its materials are required and its committed time limit sets the due date', async () => {
    const applicant = await demoApplicant(ctx.app);
    const missing = await applicant.caller.request<{ code: string; details: Array<{ path: string }> }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant, VILLAGE));
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('TB_APPLICATION_MATERIALS_INVALID');
    const inCounty = await applicant.caller.request<{ dueAt: string; departmentCode: string; submittedAt: string }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant, '449902'));
    const inOther = await applicant.caller.request<{ dueAt: string; departmentCode: string }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant, '449903'));
    expect(inCounty.status, JSON.stringify(inCounty.body)).toBe(201);
    expect(inOther.status).toBe(201);
    expect(inCounty.body.departmentCode).toBe('449902-SAMR');
    expect(Date.parse(inCounty.body.dueAt)).toBeLessThan(Date.parse(inOther.body.dueAt));
  });

  it('refuses overrides outside the allowed set or breaking their rules, naming the field', async () => {
    const { manager } = await managers(ctx.app);
    const put = (code: string, region: string, overrides: Record<string, unknown>) =>
      manager.request<{ code: string; path: string; details: Array<{ path: string; code: string }> }>('PUT', `/api/v1/manage/items/${code}/implementations/${region}`, { overrides, reason: '调整' });
    const legal = await put(CODE, '449902', { legalTimeLimitDays: 5 });
    expect(legal.status).toBe(400);
    expect(legal.body.details[0]).toMatchObject({ path: '/overrides/legalTimeLimitDays', code: 'TB_SCHEMA_UNKNOWN_FIELD' });
    const committed = await put(CODE, '449902', { committedTimeLimitDays: 25 });
    expect(committed.status).toBe(422);
    expect(committed.body).toMatchObject({ code: 'TB_ITEM_IMPLEMENTATION_INVALID', path: '/overrides/committedTimeLimitDays' });
    const raised = await put(CODE, '449902', { fees: { charged: true, items: [{ name: '工本费', amountYuan: 50 }] } });
    expect(raised.body.details[0]).toMatchObject({ path: '/overrides/fees/items/0/amountYuan', code: 'TB_VERSION_FEE_NOT_LAWFUL' });
    const extra = await put('XK00001001', '449902', { extraMaterials: [{ id: 'R001', name: '额外材料', requirement: 'required', source: 'applicant' }] });
    expect(extra.body.details[0]).toMatchObject({ path: '/overrides/extraMaterials', code: 'TB_VERSION_OVERRIDE_NOT_ALLOWED' });
    const foreignDepartment = await put(CODE, '449902', { implementingDepartment: '449903-SAMR' });
    expect(foreignDepartment.body.details[0]).toMatchObject({ code: 'TB_VERSION_OVERRIDE_OUT_OF_REGION' });
    const province = await put(CODE, '44', { committedTimeLimitDays: 9 });
    expect(province.status).toBe(403);
    expect(province.body.code).toBe('TB_AUTH_OUT_OF_SCOPE');
  });

  it('applies a revision from its effective time, and after a withdrawal the region inherits from above again', async () => {
    const { manager } = await managers(ctx.app);
    const future = new Date(Date.now() + 24 * 3600_000).toISOString();
    const scheduled = await manager.request<{ revision: number }>('PUT', `/api/v1/manage/items/${CODE}/implementations/449902`, { overrides: { committedTimeLimitDays: 4 }, effectiveFrom: future, reason: '明日起再缩短' });
    expect(scheduled.body.revision).toBe(2);
    expect((await get(`/api/v1/items/${CODE}?region=449902`)).body.item.committedTimeLimitDays).toBe(6);

    const withdrawn = await manager.request<{ withdrawnRevisions: number }>('POST', `/api/v1/manage/items/${CODE}/implementations/449902/withdraw`, { reason: '改由市级统一实施' });
    expect(withdrawn.body.withdrawnRevisions).toBe(2);
    const after = await get(`/api/v1/items/${CODE}?region=449902`);
    expect(after.body.item).toMatchObject({ committedTimeLimitDays: 8, implementingDepartment: '449900-SAMR' });
    const list = await manager.request<{ implementations: Array<{ regionCode: string; revision: number; status: string }> }>('GET', `/api/v1/manage/items/${CODE}/implementations`);
    expect(list.body.implementations.filter((entry) => entry.regionCode === '449902').map((entry) => [entry.revision, entry.status])).toEqual([[2, 'withdrawn'], [1, 'withdrawn']]);
    await expect(ctx.database.knex('item_implementation').where({ item_code: CODE, region_code: '4499' }).update({ overrides: '{}' })).rejects.toThrow(/immutable/);

    const feed = await get(`/api/v1/changes?item=${CODE}&kind=implementationChanged`);
    expect(feed.body.events.map((event: { data: { regionCode: string } }) => event.data.regionCode)).toEqual(['4499', '449902', '449902001', '449902', '449902']);
  });
});
