import { describe, expect, it } from 'vitest';
import { login, uploadPdf } from './support/api';
import { useTestApp } from './support/app';
import { foodLicenceApplication } from './support/food-licence';

// Issue #9 point 5: nearby handling (就近办). A township service point (滨江区 449902's first township, 449902001)
// receives a food business licence application (XK00001001, handled at county and city level), pre-checks the
// materials (预审) and hands the originals over; the county's market regulation bureau handles the case.
const ctx = useTestApp();
const TOWNSHIP = '449902001';

interface TimelineEvent { kind: string; actor: string; data: Record<string, unknown> }

describe('nearby handling (就近办)', () => {
  it('routes a case received at a township to the county’s worklist, with pre-check and handover in the timeline and figures', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    // 1. The township clerk pre-checks the applicant's materials at the counter before submitting for them (帮代办).
    const clerk = await login(ctx.app, 'township.clerk');
    const fileId = await uploadPdf(ctx.app, clerk, 'nearby originals');
    const submission = foodLicenceApplication(fileId, { regionCode: TOWNSHIP, channel: 'window' });
    const preCheck = await clerk.request<{ id: string; competentRegionCode: string; result: string; applicationId: string | null }>('POST', '/api/v1/service-points/pre-checks', {
      submission,
      materials: [{ materialId: 'M001', result: 'ok', original: true, copies: 1 }, { materialId: 'M004', result: 'ok', original: true, copies: 1 }],
      conclusion: 'complete',
      note: '原件已核验',
    });
    expect(preCheck.status, JSON.stringify(preCheck.body)).toBe(201);
    expect(preCheck.body).toMatchObject({ competentRegionCode: '449902', applicationId: null });

    // 2. Submitting links the pre-check; the case belongs to the county, received at the township.
    const submitted = await clerk.request<{ id: string; number: string }>('POST', '/api/v1/applications', submission);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const id = submitted.body.id;
    const application = await ctx.database.knex('application').where({ id }).first('region_code', 'service_point_region_code', 'department_code');
    expect(application).toMatchObject({ region_code: '449902', service_point_region_code: TOWNSHIP, department_code: '449902-SAMR' });
    // The number carries the competent region: the county's sequence, not the township's.
    expect(submitted.body.number.startsWith('449902-')).toBe(true);

    // 3. The review assistant runs, then the task is in the county clerk's worklist, not the township's.
    await ctx.app.services.jobs.runDue();
    const county = await login(ctx.app, '449902.samr.accept');
    const countyTasks = await county.request<{ items: Array<{ id: string; applicationId: string; stage: string }> }>('GET', '/api/v1/tasks?limit=200');
    const task = countyTasks.body.items.find((item) => item.applicationId === id);
    expect(task?.stage).toBe('accept');
    const townshipTasks = await clerk.request<{ items: Array<{ applicationId: string }> }>('GET', '/api/v1/tasks?limit=200');
    expect(townshipTasks.body.items.some((item) => item.applicationId === id)).toBe(false);
    const notTheirs = await clerk.request<{ code: string }>('POST', `/api/v1/tasks/${task!.id}/complete`, { outcome: 'accept', formData: { acceptanceOpinion: '越权' } });
    expect(notTheirs.status).toBe(403);

    // 4. The service point lists what it received and hands the originals over; the county confirms receipt once.
    const received = await clerk.request<{ items: Array<{ id: string; preChecked: boolean; handover: string }> }>('GET', '/api/v1/service-points/applications');
    expect(received.body.items.find((item) => item.id === id)).toMatchObject({ preChecked: true, handover: 'none' });
    const handover = await clerk.request<{ id: string; status: string }>('POST', `/api/v1/applications/${id}/handovers`, {
      originals: [{ materialId: 'M001', copies: 1 }, { materialId: 'M004', copies: 1 }], method: 'shuttle', note: '每日班车送达',
    });
    expect(handover.status, JSON.stringify(handover.body)).toBe(201);
    expect(handover.body.status).toBe('sent');
    const byTownship = await clerk.request<{ code: string }>('POST', `/api/v1/handovers/${handover.body.id}/receive`, {});
    expect(byTownship.status).toBe(403);
    expect(byTownship.body.code).toBe('TB_NEARBY_NOT_COMPETENT');
    const confirmed = await county.request<{ status: string }>('POST', `/api/v1/handovers/${handover.body.id}/receive`, { note: '原件收讫' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.status).toBe('received');
    const again = await county.request<{ code: string }>('POST', `/api/v1/handovers/${handover.body.id}/receive`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TB_NEARBY_HANDOVER_RECEIVED');

    // 5. Both points are on the application's page and in its timeline.
    const place = await county.request<{ servicePointRegionCode: string; competentRegionCode: string; preChecks: unknown[]; handovers: Array<{ status: string }> }>(
      'GET', `/api/v1/applications/${id}/service-point`,
    );
    expect(place.body).toMatchObject({ servicePointRegionCode: TOWNSHIP, competentRegionCode: '449902' });
    expect(place.body.preChecks).toHaveLength(1);
    expect(place.body.handovers.map((row) => row.status)).toEqual(['received']);
    const timeline = await county.request<{ events: TimelineEvent[] }>('GET', `/api/v1/applications/${id}/timeline`);
    const kinds = timeline.body.events.map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['servicePointPreChecked', 'originalsHandedOver', 'originalsReceived']));
    expect(timeline.body.events.find((event) => event.kind === 'servicePointPreChecked')?.actor).toBe('township.clerk');
    expect(timeline.body.events.find((event) => event.kind === 'originalsReceived')?.actor).toBe('449902.samr.accept');

    // 6. Supervision sees the township's work: received, pre-checked and handed over, in the district's figures.
    const supervisor = await login(ctx.app, 'district1.supervisor');
    const to = new Date(Date.now() + 60_000).toISOString();
    const figures = await supervisor.request<{ items: Array<Record<string, unknown>> }>('GET', `/api/v1/service-points/figures?regionCode=449902&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body.items.find((item) => item.servicePointRegionCode === TOWNSHIP)).toMatchObject({
      received: 1, preChecks: 1, preChecksComplete: 1, preChecksLinked: 1, handovers: 1, handoversReceived: 1,
    });
    const outside = await supervisor.request<{ code: string }>('GET', `/api/v1/service-points/figures?regionCode=449903&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(outside.status).toBe(403);
  });

  it('refuses a pre-check by staff of another region, and a handover of a case not received at a service point', async () => {
    const other = await login(ctx.app, 'village.clerk');
    const fileId = await uploadPdf(ctx.app, other, 'nearby other');
    // The village clerk (449902001001) cannot pre-check for the township above it.
    const wrongPlace = await other.request<{ code: string; path: string }>('POST', '/api/v1/service-points/pre-checks', {
      submission: foodLicenceApplication(fileId, { regionCode: TOWNSHIP, channel: 'window' }), materials: [{ materialId: 'M001', result: 'ok' }], conclusion: 'complete',
    });
    expect(wrongPlace.status).toBe(403);
    expect(wrongPlace.body).toMatchObject({ code: 'TB_NEARBY_NOT_SERVICE_POINT', path: '/submission/regionCode' });

    // A case submitted online to the county itself has no service point to hand anything over.
    const applicant = await login(ctx.app, 'demo-yunfan');
    const online = await applicant.request<{ id: string }>('POST', '/api/v1/applications', foodLicenceApplication(await uploadPdf(ctx.app, applicant, 'online')));
    expect(online.status).toBe(201);
    const clerk = await login(ctx.app, 'township.clerk');
    const handover = await clerk.request<{ code: string }>('POST', `/api/v1/applications/${online.body.id}/handovers`, { originals: [{ materialId: 'M001', copies: 1 }], method: 'courier' });
    expect(handover.status).toBe(409);
    expect(handover.body.code).toBe('TB_NEARBY_NOT_RECEIVED_AT_SERVICE_POINT');
  });
});
