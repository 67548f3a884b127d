import { describe, expect, it } from 'vitest';
import { login, uploadPdf } from './support/api';
import { useTestApp } from './support/app';

// Issue #9 point 2: parallel approval (并联审批) of 企业投资项目核准 (XK00007001), led by the development and reform
// commission, with market regulation, housing and construction, and ecology and environment deciding in parallel.
const ctx = useTestApp();

const JIANSHE = { kind: 'organisation', name: '江屿滨江建设集团有限公司', creditCode: '91449902MA1Q8W4RXK' };

interface Branches {
  leadDepartmentCode: string;
  leadDepartmentName: string;
  state: string;
  branches: Array<{
    taskId: string; departmentCode: string; departmentName: string; state: string; status: string; outcome: string | null; opinion: string | null;
    decidedBy: string | null; decidedByName: string | null; decidedAt: string | null; endedReason: { zh: string; en: string } | null;
  }>;
}

async function submitProject(projectName: string) {
  const applicant = await login(ctx.app, 'demo-jianshe');
  const fileId = await uploadPdf(ctx.app, applicant, `project ${projectName}`);
  const licence = (await ctx.database.knex('licence').where({ holder_id_number: JIANSHE.creditCode, type_code: '111000000001001324001' }).first('identifier', 'data')) as { identifier: string; data: Record<string, string> };
  const submitted = await applicant.request<{ id: string; regionCode: string; departmentCode: string }>('POST', '/api/v1/applications', {
    itemCode: 'XK00007001', regionCode: '4499', channel: 'online', applicant: JIANSHE,
    formData: {
      organisationName: JIANSHE.name, creditCode: JIANSHE.creditCode, legalRepresentative: licence.data.legalRepresentative,
      legalRepresentativeIdNumber: '449902199003154519', address: licence.data.address, contactName: '王晓明', contactPhone: '13800138000',
      projectName, projectCode: '2026-449900-48-01-000123', projectLocation: '江屿市滨江区临港大道', industry: 'urban',
      constructionScale: '新建综合管廊 12 公里及配套设施', totalInvestmentTenThousand: 86000, startYear: 2027, completionYear: 2029,
      landSupplyMode: 'transfer', involvesNewLand: false, fundingSources: [{ source: 'own', amountTenThousand: 86000 }],
      isAgent: false, deliveryMethod: 'window', declarationAccepted: true,
    },
    materials: [
      { materialId: 'M001', files: [{ fileId, name: '项目申请书.pdf', mediaType: 'application/pdf' }] },
      { materialId: 'M002', licenceId: licence.identifier, consent: true },
    ],
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  expect(submitted.body).toMatchObject({ regionCode: '4499', departmentCode: '449900-DRC' });
  return { applicant, id: submitted.body.id };
}

async function openTask(username: string, applicationId: string) {
  const staff = await login(ctx.app, username);
  const list = await staff.request<{ items: Array<{ id: string; applicationId: string; name: string; departmentCode: string }> }>('GET', '/api/v1/tasks?limit=200');
  const task = list.body.items.find((item) => item.applicationId === applicationId);
  expect(task, `${username} sees a task of the application`).toBeDefined();
  return { staff, task: task! };
}

async function complete(username: string, applicationId: string, body: Record<string, unknown>) {
  const { staff, task } = await openTask(username, applicationId);
  const done = await staff.request('POST', `/api/v1/tasks/${task.id}/complete`, body);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return task;
}

/** Review assistant, acceptance and the lead department's first review: the parallel approval starts. */
async function toParallelApproval(projectName: string) {
  const { applicant, id } = await submitProject(projectName);
  await ctx.app.services.jobs.runDue();
  await complete('drc.accept', id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全，予以受理' } });
  await ctx.app.services.jobs.runDue();
  await complete('drc.review', id, { formData: { reviewOutcome: 'pass', reviewOpinion: '符合产业政策和规划，提请并联审批' } });
  return { applicant, id };
}

describe('parallel approval (企业投资项目核准)', () => {
  it('gives each department its task, shows every branch to the applicant and the lead department, and closes when all approve', async () => {
    const { applicant, id } = await toParallelApproval('滨江综合管廊一期');

    // Each approving department's decider sees its own task, and the lead department sees the branches.
    const lead = await login(ctx.app, 'drc.review');
    const started = await lead.request<Branches>('GET', `/api/v1/applications/${id}/branches`);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ leadDepartmentCode: '449900-DRC', leadDepartmentName: '江屿市发展和改革委员会', state: 'in-progress' });
    expect(started.body.branches.map((branch) => [branch.departmentCode, branch.state]).sort()).toEqual([
      ['449900-EE', 'pending'], ['449900-HUD', 'pending'], ['449900-SAMR', 'pending'],
    ]);

    await complete('samr.decide', id, { outcome: 'approve', formData: { jointOpinion: '同意，项目单位依法办理登记' } });
    await complete('hud.decide', id, { outcome: 'approve', formData: { jointOpinion: '同意，须符合工程建设强制性标准', jointConditions: '开工前办理施工许可' } });
    const midway = await applicant.request<Branches>('GET', `/api/v1/applications/${id}/branches`);
    expect(midway.body.state).toBe('in-progress');
    const hud = midway.body.branches.find((branch) => branch.departmentCode === '449900-HUD')!;
    // The applicant sees who decided by name, not staff ids.
    expect(hud).toMatchObject({ state: 'approved', outcome: 'approve', opinion: '同意，须符合工程建设强制性标准', decidedBy: null });
    expect(hud.decidedByName).toBeTruthy();
    expect(hud.decidedAt).not.toBeNull();

    await complete('ee.decide', id, { outcome: 'approve', formData: { jointOpinion: '同意，落实环评批复要求' } });
    const joined = await lead.request<Branches>('GET', `/api/v1/applications/${id}/branches`);
    expect(joined.body.state).toBe('approved');
    expect(joined.body.branches.every((branch) => branch.decidedBy?.endsWith('.decide'))).toBe(true);

    // The lead department decides and delivers; the case closes approved.
    await complete('drc.decide', id, { outcome: 'approve', formData: { decisionOpinion: '予以核准' } });
    await complete('drc.clerk', id, { formData: { deliveredBy: 'electronic', deliveredOn: '2026-11-26' } });
    await ctx.app.services.jobs.runDue();
    const closed = await applicant.request<{ status: string; result: string }>('GET', `/api/v1/applications/${id}`);
    expect(closed.body).toMatchObject({ status: 'completed', result: 'approved' });
  });

  it('ends the other departments’ tasks with the reason when one department denies', async () => {
    const { applicant, id } = await toParallelApproval('临港化工仓储项目');
    await complete('samr.decide', id, { outcome: 'approve', formData: { jointOpinion: '同意' } });
    const denied = await complete('hud.decide', id, {
      outcome: 'deny', formData: { jointOpinion: '项目选址位于城市蓝线管控范围内，不予同意', jointLegalBasis: '《城市蓝线管理办法》第十条' },
    });

    // The environment bureau's task ended; its decider sees why, beside the task.
    const ee = await login(ctx.app, 'ee.decide');
    expect((await ee.request<{ items: Array<{ applicationId: string }> }>('GET', '/api/v1/tasks?limit=200')).body.items.some((task) => task.applicationId === id)).toBe(false);
    const cancelled = await ee.request<{ items: Array<{ id: string; applicationId: string; status: string }> }>('GET', '/api/v1/tasks?status=cancelled&limit=200');
    const ended = cancelled.body.items.find((task) => task.applicationId === id)!;
    expect(ended.status).toBe('cancelled');
    const detail = await ee.request<{ endedReason: { zh: string; en: string } }>('GET', `/api/v1/tasks/${ended.id}`);
    expect(detail.body.endedReason.zh).toBe('江屿市住房和城乡建设局对“住房城乡建设部门审批”不予同意，并联审批终止。理由：项目选址位于城市蓝线管控范围内，不予同意');
    const late = await ee.request<{ code: string }>('POST', `/api/v1/tasks/${ended.id}/complete`, { outcome: 'approve', formData: { jointOpinion: '同意' } });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TB_TASK_NOT_OPEN');

    // The applicant and the lead department see every branch: approved, denied, ended with its reason.
    for (const caller of [applicant, await login(ctx.app, 'drc.decide'), ee]) {
      const view = await caller.request<Branches>('GET', `/api/v1/applications/${id}/branches`);
      expect(view.status).toBe(200);
      expect(view.body.state).toBe('denied');
      const byDepartment = new Map(view.body.branches.map((branch) => [branch.departmentCode, branch]));
      expect(byDepartment.get('449900-SAMR')).toMatchObject({ state: 'approved', endedReason: null });
      expect(byDepartment.get('449900-HUD')).toMatchObject({ state: 'denied', taskId: denied.id, opinion: '项目选址位于城市蓝线管控范围内，不予同意' });
      expect(byDepartment.get('449900-EE')).toMatchObject({ state: 'ended', status: 'cancelled', decidedAt: null });
      expect(byDepartment.get('449900-EE')!.endedReason?.en).toContain('refused');
    }

    // The case ends rejected, the applicant is told, and the timeline says why the approval ended.
    await ctx.app.services.jobs.runDue();
    const closed = await applicant.request<{ status: string; result: string }>('GET', `/api/v1/applications/${id}`);
    expect(closed.body).toMatchObject({ status: 'completed', result: 'rejected' });
    expect(await ctx.database.knex('notification').where({ application_id: id }).pluck('kind')).toEqual(['rejected']);
    const timeline = await applicant.request<{ events: Array<{ kind: string; opinion: string | null; departmentCode: string | null }> }>('GET', `/api/v1/applications/${id}/timeline`);
    const endedEvent = timeline.body.events.find((event) => event.kind === 'parallelApprovalEnded')!;
    expect(endedEvent.departmentCode).toBe('449900-HUD');
    expect(endedEvent.opinion).toContain('不予同意');

    // A department with no part in the case sees nothing of it.
    const outsider = await login(ctx.app, 'pnr.decide');
    expect((await outsider.request('GET', `/api/v1/applications/${id}/branches`)).status).toBe(403);
  });
});
