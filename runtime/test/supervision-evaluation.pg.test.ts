import { describe, expect, it } from 'vitest';
import { login } from './support/api';
import { runToClosure, toAcceptance, useClockedApps } from './supervision.helpers';

/** 好差评 and the rectification of a bad grade to its end (issue #8, point 6). */
const ctx = useClockedApps(1, '2026-03-02T09:30:00+08:00');

interface RectificationView {
  id: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  escalations: number;
  escalatedTo: string | null;
  handlingDepartmentCode: string;
  outcome: { outcome: string; onTime: boolean } | null;
  staffId?: string | null;
}

const utc = (local: string) => new Date(local).toISOString();

describe('好差评 and 整改', () => {
  it('grades a step and the closed case once each, traces them to step and staff, and rectifies a bad grade to its end', async () => {
    // 1. An application closes on Tuesday 3 March.
    const { id, number, applicant } = await toAcceptance(ctx.app);
    await runToClosure(ctx.app, id, { beforeEach: () => ctx.set(new Date(ctx.now.getTime() + 30 * 60_000)) });
    ctx.set('2026-03-03T10:00:00+08:00');

    // 2. The applicant grades acceptance (a service step) as satisfied.
    const accepted = await applicant.request<{ evaluation: { stage: string; taskId: string; grade: string; staffId?: string }; rectification: null }>(
      'POST', '/api/v1/evaluations', { applicationNumber: number, stage: 'accept', grade: 'satisfied', channel: 'online', tags: ['办事快'] },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.rectification).toBeNull();
    expect(accepted.body.evaluation.staffId).toBeUndefined();
    const twice = await applicant.request<{ code: string }>('POST', '/api/v1/evaluations', { applicationNumber: number, stage: 'accept', grade: 'very-satisfied', channel: 'mobile' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('TB_EVALUATION_ALREADY_GIVEN');
    const stranger = await login(ctx.app, 'demo-wang');
    const notMine = await stranger.request<{ code: string }>('POST', '/api/v1/evaluations', { applicationNumber: number, stage: 'close', grade: 'satisfied', channel: 'online' });
    expect(notMine.body.code).toBe('TB_EVALUATION_NOT_APPLICANT');

    // 3. After closure the applicant grades the whole case very dissatisfied: a rectification opens (15 working days).
    ctx.set('2026-03-03T10:05:00+08:00');
    const bad = await applicant.request<{ evaluation: { id: string; rectificationId: string }; rectification: RectificationView }>('POST', '/api/v1/evaluations', {
      applicationNumber: number, stage: 'close', grade: 'very-dissatisfied', channel: 'mobile', tags: ['多次跑动'], comment: '送达时间比承诺晚',
    });
    expect(bad.status, JSON.stringify(bad.body)).toBe(201);
    expect(bad.body.rectification).toMatchObject({ status: 'open', handlingDepartmentCode: '449902-SAMR', dueAt: utc('2026-03-24T17:00:00+08:00') });
    const evaluable = await applicant.request<{ evaluable: string[]; evaluations: Array<{ stage: string }> }>('GET', `/api/v1/applications/${id}/evaluations`);
    expect(evaluable.body.evaluations.map((e) => e.stage)).toEqual(['accept', 'close']);
    expect(evaluable.body.evaluable.sort()).toEqual(['decide', 'deliver', 'review']);

    // 4. Traceable: the supervisor sees the step, the task and the member of staff of each grade.
    const supervisor = await login(ctx.app, 'district1.supervisor');
    const list = await supervisor.request<{ items: Array<{ stage: string; taskId: string | null; staffId: string | null; rectificationStatus: string | null }> }>('GET', '/api/v1/evaluations');
    expect(list.body.items.map((e) => [e.stage, e.staffId, e.rectificationStatus])).toEqual([
      ['close', '449902.samr.clerk', 'open'], ['accept', '449902.samr.accept', null],
    ]);
    expect(list.body.items.every((e) => e.taskId)).toBe(true);
    const own = await applicant.request<{ items: Array<{ staffId?: string }> }>('GET', '/api/v1/evaluations');
    expect(own.body.items).toHaveLength(2);
    expect(own.body.items.every((e) => e.staffId === undefined)).toBe(true);

    // 5. The rectification runs its course: verification and measures by the department, return visit, closure by the supervisor.
    const rectificationId = bad.body.evaluation.rectificationId;
    const department = await login(ctx.app, '449902.samr.decide');
    const byClerk = await supervisor.request('POST', `/api/v1/rectifications/${rectificationId}/verification`, { substantiated: true, finding: '属实' });
    expect(byClerk.status).toBe(403);
    const early = await supervisor.request<{ code: string }>('POST', `/api/v1/rectifications/${rectificationId}/close`, { outcome: 'resolved' });
    expect(early.body.code).toBe('TB_EVALUATION_RECTIFICATION_STEP_INVALID');
    const verified = await department.request<RectificationView>('POST', `/api/v1/rectifications/${rectificationId}/verification`, { substantiated: true, finding: '送达环节超出承诺时间半天，情况属实' });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    ctx.set('2026-03-05T10:00:00+08:00');
    const measured = await department.request<RectificationView>('POST', `/api/v1/rectifications/${rectificationId}/measures`, { measures: '调整送达排班，电子证照即时推送' });
    expect(measured.body.status).toBe('rectified');
    const visited = await department.request<RectificationView>('POST', `/api/v1/rectifications/${rectificationId}/return-visit`, { method: 'phone', applicantSatisfied: true, note: '申请人认可整改' });
    expect(visited.body.status).toBe('visited');
    const staffClose = await department.request('POST', `/api/v1/rectifications/${rectificationId}/close`, { outcome: 'resolved' });
    expect(staffClose.status).toBe(403);
    const closed = await supervisor.request<RectificationView>('POST', `/api/v1/rectifications/${rectificationId}/close`, { outcome: 'resolved', note: '整改到位' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: { outcome: 'resolved', onTime: true } });
    const timeline = await department.request<{ events: Array<{ kind: string }>; chain: { ok: boolean } }>('GET', `/api/v1/applications/${id}/timeline`);
    expect(timeline.body.chain.ok).toBe(true);
    expect(timeline.body.events.map((e) => e.kind).filter((kind) => kind.startsWith('rectification') || kind === 'evaluationReceived')).toEqual([
      'evaluationReceived', 'evaluationReceived', 'rectificationOpened', 'rectificationVerified', 'rectificationRectified', 'rectificationVisited', 'rectificationClosed',
    ]);
    // Nothing escalates a closed rectification.
    ctx.set('2026-04-30T10:00:00+08:00');
    await ctx.app.services.jobs.runDue();
    expect((await supervisor.request<RectificationView>('GET', `/api/v1/rectifications/${rectificationId}`)).body.escalations).toBe(0);

    // 6. The grades reach the summary and the ranking of the department.
    const summary = await supervisor.request<{ rows: Array<{ key: string; evaluations: number; badEvaluations: number; satisfactionRate: number; rectifications: { opened: number; closedOnTime: number } }> }>(
      'GET', '/api/v1/supervision/evaluations/summary?month=2026-03',
    );
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    expect(summary.body.rows).toEqual([expect.objectContaining({
      key: '449900-SAMR', evaluations: 2, badEvaluations: 1, satisfactionRate: 0.5, rectifications: expect.objectContaining({ opened: 1, closedOnTime: 1 }),
    })]);
    const ranking = await supervisor.request<{ rows: Array<{ key: string; satisfactionRate: number; closed: number }> }>('GET', '/api/v1/supervision/ranking?month=2026-03');
    expect(ranking.body.rows[0]).toMatchObject({ key: '449900-SAMR', satisfactionRate: 0.5, closed: 1 });
  });

  it('refuses a grade of a stage not reached yet', async () => {
    ctx.set('2026-05-04T10:00:00+08:00');
    const { number, applicant } = await toAcceptance(ctx.app);
    const early = await applicant.request<{ code: string; path: string }>('POST', '/api/v1/evaluations', { applicationNumber: number, stage: 'close', grade: 'satisfied', channel: 'online' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'TB_EVALUATION_STAGE_NOT_REACHED', path: '/stage' });
    const review = await applicant.request<{ code: string }>('POST', '/api/v1/evaluations', { applicationNumber: number, stage: 'review', grade: 'satisfied', channel: 'online' });
    expect(review.body.code).toBe('TB_EVALUATION_STAGE_NOT_REACHED');
  });

  it('escalates a rectification left open past its deadline to the city, then the province', async () => {
    ctx.set('2026-06-01T10:00:00+08:00');
    const { id, number, applicant } = await toAcceptance(ctx.app);
    await runToClosure(ctx.app, id);
    const bad = await applicant.request<{ rectification: RectificationView }>('POST', '/api/v1/evaluations', { applicationNumber: number, stage: 'accept', grade: 'dissatisfied', channel: 'window' });
    expect(bad.status, JSON.stringify(bad.body)).toBe(201);
    const rectification = bad.body.rectification;
    // 1 June + 15 working days (端午 19 June is a holiday) = 23 June 17:00.
    expect(rectification.dueAt).toBe(utc('2026-06-23T17:00:00+08:00'));
    ctx.set('2026-06-23T17:00:00+08:00');
    await ctx.app.services.jobs.runDue();
    const supervisor = await login(ctx.app, 'city.supervisor');
    expect((await supervisor.request<RectificationView>('GET', `/api/v1/rectifications/${rectification.id}`)).body).toMatchObject({ escalations: 0, overdue: false });
    ctx.set('2026-06-24T09:00:00+08:00');
    await ctx.app.services.jobs.runDue();
    expect((await supervisor.request<RectificationView>('GET', `/api/v1/rectifications/${rectification.id}`)).body).toMatchObject({ escalations: 1, escalatedTo: 'city', overdue: true });
    ctx.set('2026-07-20T09:00:00+08:00');
    await ctx.app.services.jobs.runDue();
    await ctx.app.services.jobs.runDue();
    expect((await supervisor.request<RectificationView>('GET', `/api/v1/rectifications/${rectification.id}`)).body).toMatchObject({ escalations: 2, escalatedTo: 'province' });
    const overdue = await supervisor.request<{ total: number; items: Array<{ id: string }> }>('GET', '/api/v1/rectifications?overdue=true');
    expect(overdue.body.items.map((item) => item.id)).toContain(rectification.id);
    const events = await ctx.databases[0]!.knex('event').where({ application_id: id, kind: 'rectificationEscalated' });
    expect(events).toHaveLength(2);
  });
});
