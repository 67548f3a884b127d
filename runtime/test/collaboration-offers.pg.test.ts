import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { login, uploadPdf, type Caller } from './support/api';
import { useTestApp } from './support/app';
import { startWorker } from '../src/worker';

// Issue #9 points 3 and 4: follow-on services (市场主体全生命周期) and proactive service (主动服务), as offers the
// applicant confirms or declines; never duplicated, and they expire.
const ctx = useTestApp();

interface Offer {
  id: string;
  kind: string;
  itemCode: string;
  status: string;
  title: string;
  message: { zh: string };
  regionCode: string;
  holder: { idNumber: string };
  source: { kind: string; key: string; applicationNumber: string | null };
  formData: Record<string, unknown>;
  materials: Array<{ materialId: string; licenceId: string | null }>;
  toComplete: { fields: Array<{ path: string }>; materials: Array<{ materialId: string }> };
  applicationId: string | null;
}

const ZHIZAO = { kind: 'organisation', name: '江屿市屿北智造科技有限公司', creditCode: '91449903MA7H3K2N7T', legalRepresentative: { name: '李秀英', idNumber: '449903198511022629' } };
// 李秀英's resident ID card: the open `M002` of the tax offer resolves to the legal representative's newest one.
const LI_ID_CARD = '1.2.156.3005.2.111000000001040103001.11449900MB00321257.8.001.9';

/** Runs due jobs until none is left (a job's completion may create the next). */
async function drainJobs(app: FastifyInstance) {
  for (let pass = 0; pass < 10 && (await app.services.jobs.runDue()) > 0; pass += 1);
}

async function complete(username: string, applicationId: string, body: Record<string, unknown>) {
  const staff = await login(ctx.app, username);
  const list = await staff.request<{ items: Array<{ id: string; applicationId: string }> }>('GET', '/api/v1/tasks?limit=200');
  const task = list.body.items.find((item) => item.applicationId === applicationId);
  expect(task, `${username} sees a task of the application`).toBeDefined();
  const done = await staff.request('POST', `/api/v1/tasks/${task!.id}/complete`, body);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

/** Uploads a tiny PNG (a photo material). */
async function uploadPng(app: FastifyInstance, caller: Caller): Promise<string> {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`photo ${Math.random()}`)]);
  const boundary = '----tongban-collaboration';
  const response = await app.inject({
    method: 'POST', url: '/api/v1/files',
    headers: { authorization: `Bearer ${caller.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\nContent-Type: image/png\r\n\r\n`), png, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().fileId as string;
}

const pdf = (fileId: string, name = '材料.pdf') => ({ fileId, name, mediaType: 'application/pdf' });

describe('follow-on services (企业开办 → 新办纳税人、单位社保登记)', () => {
  it('offers the follow-on items prefilled when the company is registered; the applicant confirms one and declines the other', async () => {
    // 1. The company registers (企业开办) with social insurance ticked.
    const company = await login(ctx.app, 'demo-zhizao');
    const fileId = await uploadPdf(ctx.app, company, 'articles of association');
    const startup = await company.request<{ id: string; number: string }>('POST', '/api/v1/applications', {
      itemCode: 'XK00002001', regionCode: '449903', channel: 'online', applicant: ZHIZAO,
      formData: {
        companyName: ZHIZAO.name, entityType: 'llc-natural-persons', registeredCapitalTenThousand: 500, businessScope: '软件开发；信息技术咨询服务',
        companyAddress: '江屿市屿北区科技园路8号', premisesOwnership: 'leased', legalRepresentativeName: '李秀英', legalRepresentativeIdNumber: '449903198511022629',
        legalRepresentativePhone: '13900139000',
        shareholders: [{ kind: 'person', name: '李秀英', idNumber: '449903198511022629', subscribedTenThousand: 500, contributionDeadline: '2030-12-31' }],
        needsSeal: true, needsInvoice: true, needsSocialInsurance: true, needsHousingFund: false, plannedEmployees: 12, isAgent: false,
        deliveryMethod: 'electronic', declarationAccepted: true,
      },
      materials: ['M001', 'M002', 'M003', 'M005', 'M007'].map((materialId) => ({ materialId, files: [pdf(fileId)] })),
    });
    expect(startup.status, JSON.stringify(startup.body)).toBe(201);
    await drainJobs(ctx.app);
    await complete('449903.samr.accept', startup.body.id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全' } });
    await complete('449903.samr.decide', startup.body.id, { outcome: 'approve', formData: { decisionOpinion: '准予设立登记' } });
    await drainJobs(ctx.app);

    // 2. The business licence is issued and the two follow-on items wait in the company's inbox, prefilled.
    const closed = await company.request<{ status: string; result: string }>('GET', `/api/v1/applications/${startup.body.id}`);
    expect(closed.body).toMatchObject({ status: 'completed', result: 'approved' });
    const licence = await ctx.database.knex('licence').where({ application_id: startup.body.id }).first('identifier', 'data');
    expect(licence.data).toMatchObject({ legalRepresentative: '李秀英', address: '江屿市屿北区科技园路8号' });
    const inbox = await company.request<{ total: number; items: Offer[] }>('GET', '/api/v1/offers?status=pending');
    expect(inbox.body.items.map((offer) => offer.itemCode).sort()).toEqual(['GG00011001', 'QT00010001']);
    const tax = inbox.body.items.find((offer) => offer.itemCode === 'QT00010001')!;
    expect(tax).toMatchObject({
      kind: 'follow-on', status: 'pending', regionCode: '449903', source: { kind: 'application', key: startup.body.id, applicationNumber: startup.body.number },
      formData: {
        organisationName: ZHIZAO.name, creditCode: ZHIZAO.creditCode, legalRepresentative: '李秀英', legalRepresentativeIdNumber: '449903198511022629',
        address: '江屿市屿北区科技园路8号', contactPhone: '13900139000', invoiceTypes: ['digital-general'],
      },
      materials: [{ materialId: 'M001', licenceId: licence.identifier }, { materialId: 'M002', licenceId: LI_ID_CARD }],
    });
    expect(tax.formData).not.toHaveProperty('declarationAccepted');
    expect(tax.toComplete.materials.map((material) => material.materialId)).toEqual(['M003']);
    expect(tax.toComplete.fields.map((field) => field.path)).toEqual(expect.arrayContaining(['/taxpayerType', '/bankAccount']));
    const notices = await ctx.database.knex('notification').where({ recipient_id_number: ZHIZAO.creditCode, kind: 'follow-on-offer' }).pluck('title');
    expect(notices).toHaveLength(2);
    const timeline = await company.request<{ events: Array<{ kind: string; data: { outcomes?: Array<{ itemCode: string; status: string }> } }> }>('GET', `/api/v1/applications/${startup.body.id}/timeline`);
    expect(timeline.body.events.find((event) => event.kind === 'followOnOffered')?.data.outcomes?.map((outcome) => outcome.status)).toEqual(['offered', 'offered']);

    // 3. Someone else cannot act on the company's offer.
    const stranger = await login(ctx.app, 'demo-yunfan');
    expect((await stranger.request<{ code: string }>('POST', `/api/v1/offers/${tax.id}/accept`, {})).body.code).toBe('TB_OFFER_NOT_HOLDER');

    // 4. The company confirms the tax registration with what only it knows; the review passes and accepts it at once.
    const form = await uploadPdf(ctx.app, company, 'tax form');
    const accepted = await company.request<{ offer: Offer; application: { id: string; itemCode: string } }>('POST', `/api/v1/offers/${tax.id}/accept`, {
      formData: {
        taxpayerType: 'small-scale', accountingStandard: 'small-enterprise', financeManagerName: '李秀英', financeManagerIdNumber: '449903198511022629',
        financeManagerPhone: '13900139000', taxOfficerName: '李秀英', taxOfficerIdNumber: '449903198511022629', estimatedMonthlySalesTenThousand: 30,
        bankName: 'icbc', bankAccount: '6222020200112233445', declarationAccepted: true,
      },
      materials: [{ materialId: 'M003', files: [pdf(form, '综合申请表.pdf')] }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.offer).toMatchObject({ status: 'accepted', applicationId: accepted.body.application.id });
    expect(accepted.body.application.itemCode).toBe('QT00010001');
    const reused = await ctx.database.knex('application_material').where({ application_id: accepted.body.application.id, kind: 'licence' }).orderBy('material_id').select('material_id', 'licence_id', 'verified');
    expect(reused.map((row) => [row.material_id, row.verified])).toEqual([['M001', true], ['M002', true]]);
    expect(reused[0].licence_id).toBe(licence.identifier);
    await drainJobs(ctx.app);
    const review = await company.request<{ latest: { result: string; autoAccepted: boolean } }>('GET', `/api/v1/applications/${accepted.body.application.id}/review`);
    expect(review.body.latest).toMatchObject({ result: 'pass', autoAccepted: true });
    const started = await company.request<{ events: Array<{ kind: string; data: { sourceNumber?: string } }> }>('GET', `/api/v1/applications/${accepted.body.application.id}/timeline`);
    expect(started.body.events.find((event) => event.kind === 'startedFromOffer')?.data.sourceNumber).toBe(startup.body.number);

    // 5. Confirming again answers the same application; the social insurance offer is declined, and stays declined.
    const again = await company.request<{ application: { id: string } }>('POST', `/api/v1/offers/${tax.id}/accept`, {});
    expect(again.body.application.id).toBe(accepted.body.application.id);
    const social = inbox.body.items.find((offer) => offer.itemCode === 'GG00011001')!;
    expect(social.formData).toMatchObject({ unitType: 'enterprise', organisationName: ZHIZAO.name });
    const declined = await company.request<Offer>('POST', `/api/v1/offers/${social.id}/decline`, { reason: '暂不招用员工' });
    expect(declined.body.status).toBe('declined');
    const late = await company.request<{ code: string }>('POST', `/api/v1/offers/${social.id}/accept`, {});
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TB_OFFER_NOT_PENDING');
    expect(await ctx.database.knex('application').where({ applicant_id_number: ZHIZAO.creditCode, item_code: 'GG00011001' }).count({ n: '*' }).first()).toMatchObject({ n: '0' });
  });
});

describe('proactive service (主动服务)', () => {
  it('offers the disability subsidies when a disability certificate is issued, prefilled from it, and starts the application on acceptance', async () => {
    // 1. 王晓明 applies for a disability certificate; he is assessed grade 2 (physical) and it is issued.
    const wang = await login(ctx.app, 'demo-wang');
    const photo = await uploadPng(ctx.app, wang);
    const form = await uploadPdf(ctx.app, wang, 'disability application');
    const household = (await ctx.database.knex('licence').where({ holder_id_number: '449902199003154519', type_code: '111000000001040103002' }).first('identifier')).identifier as string;
    const applied = await wang.request<{ id: string; number: string }>('POST', '/api/v1/applications', {
      itemCode: 'QR00004001', regionCode: '449902', channel: 'online', applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' },
      formData: {
        applicantName: '王晓明', applicantIdNumber: '449902199003154519', contactPhone: '13800138000', address: '江屿市滨江区望江路1号', gender: 'male',
        householdAddress: '江屿市南港区榕树路793号', disabilityCategory: 'physical', disabilityDescription: '车祸致左下肢截肢', assessmentHospital: 'city-people',
        isGuardianApplying: false, deliveryMethod: 'window', declarationAccepted: true,
      },
      materials: [
        { materialId: 'M001', licenceId: household, consent: true },
        { materialId: 'M003', files: [{ fileId: photo, name: 'photo.png', mediaType: 'image/png' }] },
        { materialId: 'M004', files: [pdf(form)] },
      ],
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    await drainJobs(ctx.app);
    await complete('449902.dpf.accept', applied.body.id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全' } });
    await drainJobs(ctx.app);
    await complete('449902.dpf.review', applied.body.id, { outcome: 'pass', formData: { assessedCategory: 'physical', assessedGrade: '2', assessmentDoctor: '陈医生', assessedOn: '2026-11-20' } });
    await complete('449902.dpf.review', applied.body.id, { formData: { reviewOutcome: 'pass', reviewOpinion: '评定结果属实' } });
    await complete('449902.dpf.decide', applied.body.id, { outcome: 'approve', formData: { decisionOpinion: '核发残疾人证' } });
    await drainJobs(ctx.app);
    const certificate = await ctx.database.knex('licence').where({ application_id: applied.body.id }).first('identifier', 'data');
    expect(certificate.data).toMatchObject({ category: '肢体残疾', grade: '二级' });

    // 2. The subsidies offer is in his inbox, prefilled from the certificate, before the certificate is even delivered.
    const inbox = await wang.request<{ items: Offer[] }>('GET', '/api/v1/offers');
    const offer = inbox.body.items.find((entry) => entry.itemCode === 'JF00005001')!;
    expect(offer).toMatchObject({
      kind: 'proactive', status: 'pending', regionCode: '449902', source: { kind: 'licence', key: certificate.identifier, applicationNumber: applied.body.number },
      formData: {
        applicantName: '王晓明', applicantIdNumber: '449902199003154519', address: '江屿市南港区榕树路793号', disabilityCertificateNumber: '44990219900315451942',
        disabilityGrade: '2', subsidyTypes: ['nursing'],
      },
      materials: [{ materialId: 'M001', licenceId: certificate.identifier }, { materialId: 'M002', licenceId: expect.stringContaining('111000000001040103002') }],
    });
    expect(offer.message.zh).toContain('两项补贴');
    const steps = await wang.request<{ events: Array<{ kind: string }> }>('GET', `/api/v1/applications/${applied.body.id}/timeline`);
    expect(steps.body.events.map((event) => event.kind)).toContain('proactiveOffered');

    // 3. Replaying the same event offers nothing new (never duplicated).
    const admin = await login(ctx.app, 'admin');
    const replay = await admin.request<{ outcomes: Array<{ status: string; offerId: string }> }>('POST', '/api/v1/proactive/events', { kind: 'licenceIssued', licenceId: certificate.identifier });
    expect(replay.body.outcomes).toEqual([{ itemCode: 'JF00005001', ruleId: 'disability-certificate-issued', status: 'existing', offerId: offer.id }]);

    // 4. He accepts, adding what only he knows; the application starts with the certificate reused.
    const tableFile = await uploadPdf(ctx.app, wang, 'subsidy form');
    const accepted = await wang.request<{ application: { id: string; itemCode: string; regionCode: string } }>('POST', `/api/v1/offers/${offer.id}/accept`, {
      formData: { contactPhone: '13800138000', bankAccount: '6222020200112233445', declarationAccepted: true },
      materials: [{ materialId: 'M003', files: [pdf(tableFile)] }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.application).toMatchObject({ itemCode: 'JF00005001', regionCode: '449902' });
    const material = await ctx.database.knex('application_material').where({ application_id: accepted.body.application.id, material_id: 'M001' }).first();
    expect(material).toMatchObject({ kind: 'licence', licence_id: certificate.identifier, verified: true });
  });

  it('offers a service when an archived case closed, never twice for the same case, and lets the offer expire', async () => {
    // Given a migrated case: 张建国's disability certificate, approved in an earlier system; his certificate and his
    // 低保 certificate have since been renewed in the licence library.
    await ctx.database.knex('licence').where({ holder_id_number: '449904196208093157' }).whereIn('type_code', ['11100000000109831R001', '11100000000104985W002'])
      .update({ valid_until: '2030-12-31' });
    await ctx.database.knex('archive_case').insert({
      case_number: '449904-202301-00000123-5', item_code: 'QR00004001', item_name: '残疾人证新办', department_code: '449904-DPF', region_code: '449904',
      level: 'county', applicant_kind: 'person', applicant_name: '张建国', applicant_id_number: '449904196208093157', channel: 'window',
      submitted_at: new Date('2023-01-05T09:00:00+08:00'), closed_at: new Date('2023-01-20T16:00:00+08:00'), result: 'approved', committed_time_limit_days: 10,
    });
    const admin = await login(ctx.app, 'admin');
    const event = { kind: 'archiveCaseClosed', caseNumber: '449904-202301-00000123-5' };
    const first = await admin.request<{ outcomes: Array<{ status: string; offerId: string }> }>('POST', '/api/v1/proactive/events', event);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.outcomes).toEqual([expect.objectContaining({ itemCode: 'JF00005001', ruleId: 'archived-disability-certificate', status: 'offered' })]);
    const zhang = await login(ctx.app, 'demo-zhang');
    const offer = (await zhang.request<Offer>('GET', `/api/v1/offers/${first.body.outcomes[0]!.offerId}`)).body;
    expect(offer).toMatchObject({ status: 'pending', regionCode: '449904', source: { kind: 'archive-case', key: event.caseNumber }, formData: { subsidyTypes: ['living'], lowIncomeStatus: 'minimum-living' } });

    // The same event again: nothing new.
    const second = await admin.request<{ outcomes: Array<{ status: string }> }>('POST', '/api/v1/proactive/events', event);
    expect(second.body.outcomes.map((outcome) => outcome.status)).toEqual(['existing']);
    expect(await ctx.database.knex('offer').where({ holder_id_number: '449904196208093157' }).count({ n: '*' }).first()).toMatchObject({ n: '1' });

    // Past its time the offer is expired: it cannot be accepted, and the same event does not offer it again.
    await ctx.database.knex('offer').where({ id: offer.id }).update({ expires_at: new Date(Date.now() - 60_000) });
    // The runtime's worker sweeps it to expired in the database, unread.
    const stopWorker = startWorker(ctx.app, 20);
    try {
      await expect.poll(async () => (await ctx.database.knex('offer').where({ id: offer.id }).first('status')).status, { timeout: 5000 }).toBe('expired');
    } finally {
      await stopWorker();
    }
    const listed = await zhang.request<{ items: Offer[] }>('GET', '/api/v1/offers');
    expect(listed.body.items.find((entry) => entry.id === offer.id)?.status).toBe('expired');
    const refused = await zhang.request<{ code: string }>('POST', `/api/v1/offers/${offer.id}/accept`, {});
    expect(refused.body.code).toBe('TB_OFFER_EXPIRED');
    const third = await admin.request<{ outcomes: Array<{ status: string }> }>('POST', '/api/v1/proactive/events', event);
    expect(third.body.outcomes.map((outcome) => outcome.status)).toEqual(['existing']);
    const unknown = await admin.request<{ code: string }>('POST', '/api/v1/proactive/events', { kind: 'archiveCaseClosed', caseNumber: 'NO-SUCH-CASE' });
    expect(unknown.body.code).toBe('TB_OFFER_EVENT_SOURCE_NOT_FOUND');
    expect((await zhang.request('POST', '/api/v1/proactive/events', event)).status).toBe(403);
  });

  it('offers the newborn’s medical insurance enrolment when a birth certificate is issued (rule published as data)', async () => {
    // 1. An item manager declares the rule on 城乡居民基本医疗保险参保办理 and it is published (four eyes).
    const code = 'GG00118001';
    const manager = await login(ctx.app, 'city.manager');
    const approver = await login(ctx.app, 'city.approver');
    const draft = await manager.request<{ item: Record<string, unknown>; bpmn: string; forms: Record<string, unknown>; rev: number }>('POST', `/api/v1/manage/items/${code}/draft`, { reason: '出生一件事主动服务' });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const birthRule = {
      id: 'newborn-medical-insurance',
      trigger: { event: 'licenceIssued', licenceTypeCode: '111000000001011002001' },
      eligibility: '=holder.kind = "person"',
      formData: { applicantName: '=holder.name', applicantIdNumber: '=holder.idNumber', applicationReason: '="为新生儿" + licence.data.name + "办理城乡居民医保参保（出生一件事）"' },
      expiresInDays: 60,
    };
    const saved = await manager.request<{ validation: { ok: boolean } }>('PUT', `/api/v1/manage/items/${code}/draft`, {
      item: { ...draft.body.item, proactiveOffers: [birthRule] }, bpmn: draft.body.bpmn, forms: draft.body.forms, rev: draft.body.rev, reason: '声明主动服务规则',
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.validation.ok).toBe(true);
    expect((await manager.request('POST', `/api/v1/manage/items/${code}/draft/submit`, { reason: '提交' })).status).toBe(200);
    expect((await approver.request('POST', `/api/v1/manage/items/${code}/draft/approve`, { reason: '同意' })).status).toBe(200);
    const published = await approver.request('POST', `/api/v1/manage/items/${code}/draft/publish`, { reason: '发布' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    // 2. 李秀英 has her baby's birth certificate issued.
    const li = await login(ctx.app, 'demo-li');
    const idCard = (await ctx.database.knex('licence').where({ holder_id_number: '449903198511022629', type_code: '111000000001040103001' }).first('identifier')).identifier as string;
    const form = await uploadPdf(ctx.app, li, 'birth registration form');
    const applied = await li.request<{ id: string; departmentCode: string }>('POST', '/api/v1/applications', {
      itemCode: 'GG00008001', regionCode: '449903', channel: 'mobile', applicant: { kind: 'person', name: '李秀英', idNumber: '449903198511022629' },
      formData: {
        babyName: '李安然', babyGender: 'female', birthDate: '2026-11-20', birthTime: '08:15', birthWeightGrams: 3350, gestationWeeks: 39, birthInstitution: 'maternal',
        motherName: '李秀英', motherIdType: 'resident-id', motherIdNumber: '449903198511022629', contactPhone: '13900139000',
        fatherInfoProvided: true, fatherName: '王晓明', fatherIdNumber: '449902199003154519', bundleHouseholdRegistration: true, isAgent: false,
        deliveryMethod: 'electronic', declarationAccepted: true,
      },
      materials: [{ materialId: 'M001', licenceId: idCard, consent: true }, { materialId: 'M002', files: [pdf(form, '父亲身份证.pdf')] }, { materialId: 'M003', files: [pdf(form)] }],
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    await complete('449903.health.accept', applied.body.id, { outcome: 'accept', formData: { acceptanceOpinion: '信息核对无误' } });
    await complete('449903.health.decide', applied.body.id, { outcome: 'approve', formData: { decisionOpinion: '签发' } });
    await drainJobs(ctx.app);
    const certificate = await ctx.database.knex('licence').where({ application_id: applied.body.id }).first('identifier', 'data');
    expect(certificate.data).toMatchObject({ name: '李安然', birthPlace: '江屿市妇幼保健院' });

    // 3. The offer is in her inbox.
    const inbox = await li.request<{ items: Offer[] }>('GET', '/api/v1/offers?status=pending');
    const offer = inbox.body.items.find((entry) => entry.itemCode === code)!;
    expect(offer).toMatchObject({ kind: 'proactive', source: { kind: 'licence', key: certificate.identifier }, formData: { applicationReason: '为新生儿李安然办理城乡居民医保参保（出生一件事）' } });
  });
});
