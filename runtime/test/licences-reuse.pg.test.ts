import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOLDERS, licenceRecords } from '@tongban/examples';
import type { Licence } from '@tongban/schemas';
import { importDemoLicences } from '../src/domains/licences/demo';
import { issueLicence } from '../src/domains/licences/issue';
import type { ApplicationRow } from '../src/domains/applications/store';
import { login, uploadPdf, type Caller } from './support/api';
import { useTestApp } from './support/app';
import { foodLicenceApplication } from './support/food-licence';

// Issue #7: reuse of licences at intake (verified inside the intake transaction, refused with a reason) and the
// issuance of a signed licence when an approved application closes, reusable at once.
const ctx = useTestApp();

const records: Licence[] = [...licenceRecords({ count: 40 })];
const idOf = (username: string) => DEMO_HOLDERS.find((demo) => demo.username === username)!.idNumber;
const find = (username: string, typeCode: string) => records.find((r) => r.holder.idNumber === idOf(username) && r.typeCode === typeCode)!;
const BUSINESS = '111000000001001324001';
const RESIDENT_ID = '111000000001040103001';
const FOOD_BUSINESS = '111000000001001324002';
const LEGAL_REPRESENTATIVE = { name: '王晓明', idNumber: '449902199003154519' };

/** A food business licence application by demo-yunfan reusing its business licence and its representative's ID card. */
function application(fileId: string, licences: { m002?: Record<string, unknown>; m003?: Record<string, unknown>; representative?: boolean } = {}) {
  const base = foodLicenceApplication(fileId);
  const materials = base.materials.map((material) => {
    if (material.materialId === 'M002') return { materialId: 'M002', licenceId: find('demo-yunfan', BUSINESS).identifier, consent: true, ...licences.m002 };
    if (material.materialId === 'M003') return { materialId: 'M003', licenceId: find('demo-wang', RESIDENT_ID).identifier, consent: true, ...licences.m003 };
    return material;
  });
  const { legalRepresentative: _declared, ...withoutRepresentative } = base.applicant as typeof base.applicant & { legalRepresentative?: unknown };
  const applicant = licences.representative === false ? withoutRepresentative : { ...withoutRepresentative, legalRepresentative: LEGAL_REPRESENTATIVE };
  return { ...base, applicant, materials };
}

let applicant: Caller;
let fileId: string;

beforeAll(async () => {
  await importDemoLicences(ctx.database, ctx.app.licences, { count: 40 });
  applicant = await login(ctx.app, 'demo-yunfan');
  fileId = await uploadPdf(ctx.app, applicant, 'licence reuse');
});

describe('licence reuse at intake', () => {
  it('accepts valid licences of the applicant and its legal representative, and records them as verified', async () => {
    const submitted = await applicant.request<{ id: string }>('POST', '/api/v1/applications', application(fileId));
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);

    const rows = await ctx.database.knex('application_material').where({ application_id: submitted.body.id, kind: 'licence' }).orderBy('material_id');
    expect(rows.map((row) => [row.material_id, row.licence_id, row.verified])).toEqual([
      ['M002', find('demo-yunfan', BUSINESS).identifier, true],
      ['M003', find('demo-wang', RESIDENT_ID).identifier, true],
    ]);
    const reuse = await ctx.database.knex('licence_reuse').where({ application_id: submitted.body.id }).orderBy('material_id');
    expect(reuse.map((row) => [row.material_id, row.type_code, row.item_code, row.region_code])).toEqual([
      ['M002', BUSINESS, 'XK00001001', '449902'], ['M003', RESIDENT_ID, 'XK00001001', '449902'],
    ]);
    // The worklist sees the reused licences as verified materials.
    const staff = await login(ctx.app, '449902.samr.accept');
    const detail = await staff.request<{ materials: Array<{ materialId: string; licenceId: string | null; verified: boolean }> }>('GET', `/api/v1/applications/${submitted.body.id}`);
    expect(detail.body.materials.filter((m) => m.licenceId).every((m) => m.verified)).toBe(true);
  });

  it('refuses, with the reason and the path of each material, a licence that is unknown, of another type or another holder', async () => {
    const before = await ctx.database.knex('application').count({ n: '*' }).first();
    const unknown = await applicant.request<{ code: string; path: string }>('POST', '/api/v1/applications', application(fileId, {
      m002: { licenceId: `${find('demo-yunfan', BUSINESS).identifier.replace('.20.001.', '.77.001.')}` },
    }));
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'TB_LICENCE_REUSE_UNKNOWN', path: '/materials/1/licenceId' });

    const otherType = await applicant.request<{ code: string; message: { zh: string } }>('POST', '/api/v1/applications', application(fileId, {
      m002: { licenceId: find('demo-wang', RESIDENT_ID).identifier },
    }));
    expect(otherType.body).toMatchObject({ code: 'TB_LICENCE_REUSE_TYPE_MISMATCH', message: { zh: '材料“营业执照”须为营业执照' } });

    const otherHolder = await applicant.request<{ code: string; details: Array<{ path: string; code: string }> }>('POST', '/api/v1/applications', application(fileId, {
      m002: { licenceId: find('demo-zhizao', BUSINESS).identifier },
      representative: false,
    }));
    expect(otherHolder.body.code).toBe('TB_LICENCE_REUSE_NOT_HOLDER');
    // Both problems are listed: the other company's licence, and an ID card of an undeclared representative.
    expect(otherHolder.body.details.map((d) => [d.path, d.code])).toEqual([
      ['/materials/1/licenceId', 'TB_LICENCE_REUSE_NOT_HOLDER'], ['/materials/2/licenceId', 'TB_LICENCE_REUSE_NOT_HOLDER'],
    ]);
    const after = await ctx.database.knex('application').count({ n: '*' }).first();
    expect(after).toEqual(before);
  });

  it('refuses an expired, a suspended and a revoked licence, and reuse without consent', async () => {
    const licence = find('demo-yunfan', BUSINESS).identifier;
    const knex = ctx.database.knex;
    // 1. Expired: its validity ended yesterday (derived from the date, nothing stored says "expired").
    await knex('licence').where({ identifier: licence }).update({ valid_until: '2026-01-01' });
    const expired = await applicant.request<{ code: string; message: { en: string } }>('POST', '/api/v1/applications', application(fileId));
    expect(expired.body).toMatchObject({ code: 'TB_LICENCE_REUSE_EXPIRED', message: { en: `Licence ${licence} expired on 2026-01-01` } });
    await knex('licence').where({ identifier: licence }).update({ valid_until: null });

    // 2. Suspended, then revoked, by the issuing department's decision.
    await ctx.app.licences.changeStatus(licence, 'suspend', '责令停业整顿', 'test');
    expect((await applicant.request<{ code: string }>('POST', '/api/v1/applications', application(fileId))).body.code).toBe('TB_LICENCE_REUSE_SUSPENDED');
    await ctx.app.licences.changeStatus(licence, 'revoke', '吊销', 'test');
    const revoked = await applicant.request<{ code: string; message: { zh: string } }>('POST', '/api/v1/applications', application(fileId));
    expect(revoked.status).toBe(422);
    expect(revoked.body).toMatchObject({ code: 'TB_LICENCE_REUSE_REVOKED', message: { zh: `证照 ${licence} 已被撤销` } });
    await knex('licence').where({ identifier: licence }).update({ status: 'valid' });

    // 3. No consent: the checklist refuses before the licence is even looked up.
    const noConsent = await applicant.request<{ code: string; details: Array<{ path: string; code: string }> }>('POST', '/api/v1/applications', application(fileId, { m002: { consent: false } }));
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.details).toContainEqual(expect.objectContaining({ path: '/materials/1/consent', code: 'TB_MATERIAL_CONSENT_REQUIRED' }));
  });
});

describe('licence issuance on closure', () => {
  async function complete(username: string, applicationId: string, body: Record<string, unknown>) {
    const staff = await login(ctx.app, username);
    const list = await staff.request<{ items: Array<{ id: string; applicationId: string }> }>('GET', '/api/v1/tasks?limit=200');
    const task = list.body.items.find((item) => item.applicationId === applicationId)!;
    const done = await staff.request('POST', `/api/v1/tasks/${task.id}/complete`, body);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
  }

  it('issues a signed licence when the approved application reaches the licence task, reusable at once', async () => {
    // 1. Submit and approve.
    const submitted = await applicant.request<{ id: string }>('POST', '/api/v1/applications', application(fileId));
    expect(submitted.status).toBe(201);
    const id = submitted.body.id;
    await ctx.app.services.jobs.runDue(); // the built-in review assistant
    await complete('449902.samr.accept', id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全，予以受理' } });
    await ctx.app.services.jobs.runDue();
    await complete('449902.samr.review', id, { formData: { reviewOutcome: 'pass', onSiteInspected: true, inspectionDate: '2026-11-25', inspectionResult: 'pass', reviewOpinion: '符合要求' } });
    await complete('449902.samr.decide', id, { outcome: 'approve', formData: { decisionOpinion: '准予许可' } });

    // 2. The built-in worker runs tongban.licence-issue in the job's transaction.
    await ctx.app.services.jobs.runDue();
    const issued = await ctx.database.knex('licence').where({ application_id: id }).first();
    expect(issued).toMatchObject({ type_code: FOOD_BUSINESS, source: 'issued', holder_id_number: '91449902MA5G2X1Y6D', issuer_department_code: '449902-SAMR', status: 'valid' });
    expect(issued.signature).toMatch(/^[0-9a-f]{128}$/);
    expect(issued.data).toEqual({
      operatorName: '江屿市云帆餐饮管理有限公司', creditCode: '91449902MA5G2X1Y6D', legalRepresentative: '王晓明',
      address: '江屿市滨江区望江路88号一楼', mainBusiness: '餐饮服务经营者', businessItems: '热食类食品制售、冷食类食品制售',
    });
    const row = (await ctx.database.knex('application').where({ id }).first()) as ApplicationRow;
    expect(row.state.variables[row.state.rootKey]).toMatchObject({ licenceId: issued.identifier });
    const verification = await ctx.app.inject({ method: 'POST', url: '/api/v1/licences/verify', payload: { identifier: issued.identifier } });
    expect(verification.json()).toMatchObject({ result: 'valid', signed: true });
    const mine = await applicant.request<{ licences: Array<{ identifier: string }> }>('GET', `/api/v1/licences/mine?typeCode=${FOOD_BUSINESS}`);
    expect(mine.body.licences.map((l) => l.identifier)).toEqual([issued.identifier]);

    // 3. Issuing again for the same application (a retried job) answers the same licence.
    const again = await ctx.database.knex.transaction((trx) => issueLicence(ctx.app.licences, trx, row, { now: new Date(), actor: 'test' }));
    expect(again.identifier).toBe(issued.identifier);
    expect(await ctx.database.knex('licence').where({ application_id: id }).count({ n: '*' }).first()).toEqual({ n: '1' });
  });

  it('lets the next application reuse a licence issued a moment before', async () => {
    // A business licence issued here (as 企业开办 would) replaces the aggregated one, which is revoked.
    const first = (await ctx.database.knex('application').where({ applicant_id_number: '91449902MA5G2X1Y6D' }).orderBy('submitted_at').first()) as ApplicationRow;
    const licenceData = {
      name: '江屿市云帆餐饮管理有限公司', creditCode: '91449902MA5G2X1Y6D', entityType: '有限责任公司（自然人投资或控股）', legalRepresentative: '王晓明',
      registeredCapital: 100, establishedOn: '2026-11-20', address: '江屿市滨江区望江路88号', businessScope: '餐饮服务',
    };
    const issued = await ctx.database.knex.transaction((trx) => issueLicence(ctx.app.licences, trx, first, { typeCode: BUSINESS, jobVariables: { licenceData }, now: new Date(), actor: 'test' }));
    await ctx.app.licences.changeStatus(find('demo-yunfan', BUSINESS).identifier, 'revoke', '换发新照', 'test');

    const next = await applicant.request<{ id: string }>('POST', '/api/v1/applications', application(fileId, { m002: { licenceId: issued.identifier } }));
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    const reuse = await ctx.database.knex('licence_reuse').where({ application_id: next.body.id, material_id: 'M002' }).first();
    expect(reuse.licence_identifier).toBe(issued.identifier);
  });
});
