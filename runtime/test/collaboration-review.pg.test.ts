import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpReviewModel } from '../src/domains/collaboration/review-model';
import { login, uploadPdf, type Caller } from './support/api';
import { useTestApp } from './support/app';
import { foodLicenceApplication } from './support/food-licence';

// Issue #9 point 1: the review assistant (智能审核辅助) checks materials before a clerk sees the case.
const ctx = useTestApp();

interface Report {
  result: string;
  autoAccepted: boolean;
  findings: Array<{ ruleId: string; severity: string; source: string; evidence: Record<string, unknown>; message: { zh: string } }>;
  model: { status: string };
}

const YUNFAN_LICENCE = '1.2.156.3005.2.111000000001001324001.11449900MB002001XL.20.001.9';

/** The open task of an application in a user's worklist. */
async function taskOf(username: string, applicationId: string) {
  const staff = await login(ctx.app, username);
  const list = await staff.request<{ items: Array<{ id: string; applicationId: string; stage: string }> }>('GET', '/api/v1/tasks?limit=200');
  return { staff, task: list.body.items.find((item) => item.applicationId === applicationId) };
}

/** A food licence application whose files declare no size (the review compares what is declared with what is stored). */
async function submitFood(applicant: Caller, formData: Record<string, unknown> = {}) {
  const fileId = await uploadPdf(ctx.app, applicant, `review ${Math.random()}`);
  const base = foodLicenceApplication(fileId);
  const file = { fileId, name: 'material.pdf', mediaType: 'application/pdf' };
  const materials = base.materials.map((material) => ('files' in material ? { materialId: material.materialId, files: [file] } : material));
  const submitted = await applicant.request<{ id: string }>('POST', '/api/v1/applications', { ...base, materials, formData: { ...base.formData, ...formData } });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return submitted.body.id;
}

describe('review assistant (tongban.review-assistant)', () => {
  it('checks a food licence before the clerk sees it and shows the suggestion beside the task', async () => {
    // 1. Given an application whose form disagrees with the reused business licence and whose staff health
    //    certificate is older than a year (the item's own FEEL rule).
    const applicant = await login(ctx.app, 'demo-yunfan');
    const id = await submitFood(applicant, { staff: [{ name: '张建国', idNumber: '449904196208093157', healthCertificateDate: '2020-03-01' }] });
    expect((await taskOf('449902.samr.accept', id)).task).toBeUndefined();

    // 2. When the built-in worker runs the review assistant.
    await ctx.app.services.jobs.runDue();

    // 3. Then the clerk's task detail carries the suggestion with each finding's rule and evidence.
    const { staff, task } = await taskOf('449902.samr.accept', id);
    expect(task?.stage).toBe('accept');
    const detail = await staff.request<{ review: Report | null; endedReason: unknown }>('GET', `/api/v1/tasks/${task!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.endedReason).toBeNull();
    const review = detail.body.review!;
    expect(review.result).toBe('attention');
    expect(review.model.status).toBe('off');
    const byRule = new Map(review.findings.map((finding) => [finding.ruleId, finding]));
    expect(byRule.get('item.staff-health-certificate')).toMatchObject({ severity: 'warning', source: 'item', evidence: { rule: 'staff-health-certificate', basis: '《中华人民共和国食品安全法》第四十五条' } });
    expect(byRule.get('licence.address')).toMatchObject({ severity: 'warning', evidence: { licence: YUNFAN_LICENCE, field: 'address', formValue: '江屿市滨江区望江路88号', licenceValue: '江屿市长汀区凤岗大道829号' } });
    expect(byRule.get('licence.legal-representative')?.evidence).toMatchObject({ formValue: '王晓明', licenceValue: '任博佳' });
    expect(review.findings.every((finding) => finding.severity !== 'error')).toBe(true);
    expect(byRule.has('item.catering-premises-area')).toBe(false);

    // 4. The applicant sees the same report, and the timeline records the review.
    const mine = await applicant.request<{ latest: Report; reports: Report[] }>('GET', `/api/v1/applications/${id}/review`);
    expect(mine.body.latest.result).toBe('attention');
    expect(mine.body.reports).toHaveLength(1);
    const timeline = await applicant.request<{ events: Array<{ kind: string; data: Record<string, unknown> }> }>('GET', `/api/v1/applications/${id}/timeline`);
    expect(timeline.body.events.find((event) => event.kind === 'reviewCompleted')?.data).toMatchObject({ result: 'attention', warnings: 3 });
    const variables = (await ctx.database.knex('application').where({ id }).first()).state.variables;
    expect(JSON.stringify(variables)).toContain('"reviewResult":"attention"');
  });

  it('fails a case whose form carries an identifier with a wrong check digit', async () => {
    const applicant = await login(ctx.app, 'demo-yunfan');
    // 449903198511022629 is valid; the last digit changed breaks GB 11643 (the form's pattern still passes).
    const id = await submitFood(applicant, { foodSafetyManagerIdNumber: '449903198511022620' });
    await ctx.app.services.jobs.runDue();
    const { latest } = (await applicant.request<{ latest: Report }>('GET', `/api/v1/applications/${id}/review`)).body;
    expect(latest.result).toBe('fail');
    const finding = latest.findings.find((entry) => entry.ruleId === 'identity.field')!;
    expect(finding).toMatchObject({ severity: 'error', evidence: { value: '449903********2620', code: 'TB_RESIDENT_ID_CHECK_DIGIT' } });
    expect(finding.message.zh).toContain('/foodSafetyManagerIdNumber');
  });

  it('accepts automatically when every check passes and the procedure routes on the result (新办纳税人)', async () => {
    // Given a company whose tax registration agrees with its business licence in every respect.
    const applicant = await login(ctx.app, 'demo-yunfan');
    const fileId = await uploadPdf(ctx.app, applicant, 'tax registration form');
    const submission = (formData: Record<string, unknown>) => ({
      itemCode: 'QT00010001',
      regionCode: '449902',
      channel: 'online',
      applicant: { kind: 'organisation', name: '江屿市云帆餐饮管理有限公司', creditCode: '91449902MA5G2X1Y6D' },
      formData: {
        organisationName: '江屿市云帆餐饮管理有限公司', creditCode: '91449902MA5G2X1Y6D', legalRepresentative: '任博佳',
        legalRepresentativeIdNumber: '449902199003154519', address: '江屿市长汀区凤岗大道829号', contactName: '王晓明', contactPhone: '13800138000',
        taxpayerType: 'small-scale', accountingStandard: 'small-enterprise', financeManagerName: '李秀英', financeManagerIdNumber: '449903198511022629',
        financeManagerPhone: '13900139000', taxOfficerName: '王晓明', taxOfficerIdNumber: '449902199003154519', invoiceTypes: [],
        bankName: 'icbc', bankAccount: '6222020200112233445', declarationAccepted: true, ...formData,
      },
      materials: [
        { materialId: 'M001', licenceId: YUNFAN_LICENCE, consent: true },
        { materialId: 'M002', files: [{ fileId, name: '身份证复印件.pdf', mediaType: 'application/pdf' }] },
        { materialId: 'M003', files: [{ fileId, name: '综合申请表.pdf', mediaType: 'application/pdf' }] },
      ],
    });
    const passing = await applicant.request<{ id: string }>('POST', '/api/v1/applications', submission({}));
    expect(passing.status, JSON.stringify(passing.body)).toBe(201);
    const attention = await applicant.request<{ id: string }>('POST', '/api/v1/applications', submission({ address: '江屿市滨江区望江路88号' }));
    expect(attention.status, JSON.stringify(attention.body)).toBe(201);
    await ctx.app.services.jobs.runDue();

    // Then the passing case skips acceptance: it counts as accepted and goes straight to the decision.
    const passed = (await applicant.request<{ latest: Report }>('GET', `/api/v1/applications/${passing.body.id}/review`)).body.latest;
    expect(passed.findings).toEqual([]);
    expect(passed).toMatchObject({ result: 'pass', autoAccepted: true });
    expect((await taskOf('449902.tax.accept', passing.body.id)).task).toBeUndefined();
    expect((await taskOf('449902.tax.decide', passing.body.id)).task?.stage).toBe('decide');
    const view = await applicant.request<{ acceptedAt: string | null }>('GET', `/api/v1/applications/${passing.body.id}`);
    expect(view.body.acceptedAt).not.toBeNull();
    const steps = await applicant.request<{ events: Array<{ kind: string; outcome: string | null }> }>('GET', `/api/v1/applications/${passing.body.id}/timeline`);
    expect(steps.body.events.map((event) => event.kind)).toEqual(expect.arrayContaining(['reviewCompleted', 'applicationAutoAccepted']));

    // And the case that needs attention goes to the acceptance clerk as usual.
    expect((await taskOf('449902.tax.accept', attention.body.id)).task?.stage).toBe('accept');
    const held = (await applicant.request<{ latest: Report }>('GET', `/api/v1/applications/${attention.body.id}/review`)).body.latest;
    expect(held).toMatchObject({ result: 'attention', autoAccepted: false });
  });
});

describe('review assistant with an external model service', () => {
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  /** A local fake model service answering after `delayMs`. */
  async function fakeModel(delayMs: number, answer: unknown): Promise<string> {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += String(chunk); });
      request.on('end', () => {
        const parsed = JSON.parse(body) as { applicant: { idNumber: string }; findings: unknown[] };
        setTimeout(() => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ...(answer as object), echo: { idNumber: parsed.applicant.idNumber, findings: parsed.findings.length } }));
        }, delayMs);
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/review`;
  }

  it('adds the model’s findings (never more than a warning) and falls back to the rules alone when it is too slow', async () => {
    const collaboration = ctx.app.services.collaboration!;
    const applicant = await login(ctx.app, 'demo-yunfan');
    const answer = { findings: [{ ruleId: 'layout-plan', severity: 'error', message: { zh: '平面布局图未标注排水设施', en: 'The layout plan shows no drainage' }, materialId: 'M005' }] };
    collaboration.settings.reviewModelTimeoutMs = 1000;
    collaboration.reviews.model = new HttpReviewModel({ url: await fakeModel(0, answer) });
    try {
      const answered = await submitFood(applicant);
      await ctx.app.services.jobs.runDue();
      const report = (await applicant.request<{ latest: Report }>('GET', `/api/v1/applications/${answered}/review`)).body.latest;
      expect(report.model.status).toBe('ok');
      expect(report.findings.find((finding) => finding.source === 'model')).toMatchObject({ ruleId: 'model.layout-plan', severity: 'warning' });

      collaboration.settings.reviewModelTimeoutMs = 150;
      collaboration.reviews.model = new HttpReviewModel({ url: await fakeModel(2000, answer) });
      const slow = await submitFood(applicant);
      const started = Date.now();
      await ctx.app.services.jobs.runDue();
      expect(Date.now() - started).toBeLessThan(1500);
      const fallback = (await applicant.request<{ latest: Report }>('GET', `/api/v1/applications/${slow}/review`)).body.latest;
      expect(fallback.model.status).toBe('timeout');
      expect(fallback.result).toBe('attention');
      expect(fallback.findings.map((finding) => finding.ruleId)).toContain('model.unavailable');
      expect(fallback.findings.some((finding) => finding.ruleId === 'model.layout-plan')).toBe(false);
      expect((await taskOf('449902.samr.accept', slow)).task?.stage).toBe('accept');
    } finally {
      collaboration.reviews.model = undefined;
    }
  });
});
