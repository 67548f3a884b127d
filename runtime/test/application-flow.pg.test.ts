import { describe, expect, it } from 'vitest';
import { login, uploadPdf } from './support/api';
import { useTestApp } from './support/app';
import { foodLicenceApplication } from './support/food-licence';

const ctx = useTestApp();

/** Runs the built-in review assistant (a job of the runtime's own worker) and checks it ran to a suggestion. */
async function runReviewAssistant(applicationId: string) {
  await ctx.app.services.jobs.runDue();
  const job = await ctx.database.knex('job').where({ application_id: applicationId, job_type: 'tongban.review-assistant' }).first();
  expect(job?.status).toBe('completed');
}

async function openTask(username: string, applicationId: string) {
  const staff = await login(ctx.app, username);
  const list = await staff.request<{ items: Array<{ id: string; applicationId: string; stage: string }> }>('GET', '/api/v1/tasks?limit=200');
  expect(list.status).toBe(200);
  const task = list.body.items.find((item) => item.applicationId === applicationId);
  expect(task, `${username} sees a task of the application`).toBeDefined();
  return { staff, task: task! };
}

describe('an application from submission to closure (食品经营许可)', () => {
  it('runs submit → review assistant → accept → review → decide → licence → deliver → closed, with its timeline', async () => {
    // 1. The applicant uploads a file and submits.
    const applicant = await login(ctx.app, 'demo-yunfan');
    const fileId = await uploadPdf(ctx.app, applicant);
    const submitted = await applicant.request<{ id: string; number: string; status: string; stage: string; dueAt: string }>(
      'POST', '/api/v1/applications', foodLicenceApplication(fileId), { 'idempotency-key': 'flow-test-0001' },
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body.number).toMatch(/^449902-\d{6}-\d{8}-[\dX]$/);
    expect(submitted.body.status).toBe('active');
    const id = submitted.body.id;

    // 2. The review assistant runs (here as an external worker), then acceptance.
    await runReviewAssistant(id);
    const acceptance = await openTask('449902.samr.accept', id);
    expect(acceptance.task.stage).toBe('accept');
    const accepted = await acceptance.staff.request('POST', `/api/v1/tasks/${acceptance.task.id}/complete`, {
      outcome: 'accept', formData: { acceptanceOpinion: '材料齐全，予以受理' },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await ctx.app.services.jobs.runDue();

    // 3. Review and decision.
    const review = await openTask('449902.samr.review', id);
    const reviewed = await review.staff.request('POST', `/api/v1/tasks/${review.task.id}/complete`, {
      formData: { reviewOutcome: 'pass', onSiteInspected: true, inspectionDate: '2026-11-25', inspectionResult: 'pass', reviewOpinion: '现场核查符合要求' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const decision = await openTask('449902.samr.decide', id);
    const decided = await decision.staff.request('POST', `/api/v1/tasks/${decision.task.id}/complete`, {
      outcome: 'approve', formData: { decisionOpinion: '准予许可' },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    // 4. The licence is issued, delivered, and the applicant told.
    await ctx.app.services.jobs.runDue();
    const issued = await ctx.database.knex('licence').where({ holder_id_number: '91449902MA5G2X1Y6D', source: 'issued' });
    expect(issued).toHaveLength(1);
    const delivery = await openTask('449902.samr.clerk', id);
    const delivered = await delivery.staff.request('POST', `/api/v1/tasks/${delivery.task.id}/complete`, {
      formData: { deliveredBy: 'electronic', recipientName: '王晓明', deliveredOn: '2026-11-26' },
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    await ctx.app.services.jobs.runDue();

    const detail = await applicant.request<{ status: string; result: string; acceptedAt: string; closedAt: string; tasks: Array<{ status: string }> }>('GET', `/api/v1/applications/${id}`);
    expect(detail.body).toMatchObject({ status: 'completed', result: 'approved' });
    expect(detail.body.acceptedAt).not.toBeNull();
    expect(detail.body.tasks.every((task) => task.status === 'completed')).toBe(true);

    const timeline = await applicant.request<{ events: Array<{ kind: string; outcome: string | null; opinion: string | null }>; chain: { ok: boolean } }>('GET', `/api/v1/applications/${id}/timeline`);
    expect(timeline.body.chain.ok).toBe(true);
    const decisions = timeline.body.events.filter((event) => event.kind === 'taskDecided').map((event) => [event.outcome, event.opinion]);
    expect(decisions).toEqual([['accept', '材料齐全，予以受理'], ['pass', '现场核查符合要求'], ['approve', '准予许可'], ['done', null]]);
    expect(timeline.body.events[0]!.kind).toBe('applicationSubmitted');
    expect(timeline.body.events.at(-1)!.kind).toBe('instanceCompleted');

    const notices = await ctx.database.knex('notification').where({ application_id: id }).orderBy('id').pluck('kind');
    expect(notices).toEqual(['approved']);

    // 5. The public lookup shows progress without personal data.
    const progress = await ctx.app.inject({ method: 'GET', url: `/api/v1/progress?number=${submitted.body.number}&idNumber=91449902MA5G2X1Y6D` });
    expect(progress.statusCode).toBe(200);
    expect(progress.json()).toMatchObject({ status: 'completed', result: 'approved' });
    expect(JSON.stringify(progress.json())).not.toContain('449902199003154519');
    const wrongId = await ctx.app.inject({ method: 'GET', url: `/api/v1/progress?number=${submitted.body.number}&idNumber=449902199003154519` });
    expect(wrongId.statusCode).toBe(404);
  });

  it('asks for supplementation listing what is missing, and resumes when the applicant supplements', async () => {
    const applicant = await login(ctx.app, 'demo-yunfan');
    const fileId = await uploadPdf(ctx.app, applicant, 'supplement test');
    const { body } = await applicant.request<{ id: string }>('POST', '/api/v1/applications', foodLicenceApplication(fileId));
    await runReviewAssistant(body.id);
    const acceptance = await openTask('449902.samr.accept', body.id);
    const supplementForm = { missingMaterials: [{ materialName: '经营场所平面布局图', requirement: '平面布局图不清晰，请重新提供' }] };
    const noList = await acceptance.staff.request<{ code: string; path: string }>('POST', `/api/v1/tasks/${acceptance.task.id}/complete`, {
      outcome: 'supplement', opinion: '缺材料', formData: supplementForm,
    });
    expect(noList.status).toBe(400);
    expect(noList.body).toMatchObject({ code: 'TB_TASK_MISSING_MATERIALS_REQUIRED', path: '/missingMaterials' });
    const asked = await acceptance.staff.request('POST', `/api/v1/tasks/${acceptance.task.id}/complete`, {
      outcome: 'supplement', opinion: '平面布局图不清晰，请重新提供', missingMaterials: ['M005'], formData: supplementForm,
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    await ctx.app.services.jobs.runDue();
    const notice = await ctx.database.knex('notification').where({ application_id: body.id, kind: 'supplement' }).first();
    expect(notice.body).toContain('补正');

    const waiting = await applicant.request<{ missingMaterials: string[]; stage: string }>('GET', `/api/v1/applications/${body.id}`);
    expect(waiting.body.missingMaterials).toEqual(['M005']);
    const incomplete = await applicant.request<{ code: string }>('POST', `/api/v1/applications/${body.id}/supplement`, { materials: [{ materialId: 'M004', files: [{ fileId }] }] });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('TB_APPLICATION_MATERIALS_INVALID');
    const newFile = await uploadPdf(ctx.app, applicant, 'clear layout plan');
    const supplemented = await applicant.request('POST', `/api/v1/applications/${body.id}/supplement`, { materials: [{ materialId: 'M005', files: [{ fileId: newFile }] }] });
    expect(supplemented.status).toBe(200);
    const again = await openTask('449902.samr.accept', body.id);
    expect(again.task.stage).toBe('accept');
    expect(again.task.id).not.toBe(acceptance.task.id);
  });
});
