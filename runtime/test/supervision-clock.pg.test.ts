import { describe, expect, it } from 'vitest';
import { login } from './support/api';
import { completeTask, openTask, submitFoodLicence, toAcceptance, useClockedApps } from './supervision.helpers';

/** Supervision's legal clock on the real PostgreSQL (issue #8, points 1–2). */
const ctx = useClockedApps();

interface Clock {
  state: string;
  receiptDate: string;
  committedTimeLimitDays: number;
  dueAt: string;
  baseDueAt: string;
  yellowAt: string | null;
  extensionDays: number;
  suspendedWorkingDays: number;
  progress: { used: number; workingDaysLeft: number; overdue: boolean } | null;
  acceptance: { dueAt: string; decidedAt: string | null; deemedAcceptedAt: string | null };
  suspensions: Array<{ id: string; kind: string; open: boolean; countedWorkingDays: number; workingHours: number; reason: string | null }>;
  extensions: Array<{ id: string; status: string; days: number }>;
  tasks: Array<{ taskId: string; stage: string; dueAt: string; closedAt: string | null; onTime: boolean | null; suspendedWorkingDays: number }>;
}

const utc = (local: string) => new Date(local).toISOString();

async function clockOf(id: string, username = '449902.samr.review') {
  const caller = await login(ctx.app, username);
  const response = await caller.request<Clock>('GET', `/api/v1/applications/${id}/clock`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

describe('the legal clock', () => {
  it('counts 5 working days across 国庆 to the make-up Saturday (Art. 82) and keeps application.dueAt', async () => {
    // Given: received Monday 2026-09-28 10:00 — 29 and 30 Sep, 8 and 9 Oct, then Saturday 10 Oct (国庆调休上班).
    ctx.set('2026-09-28T10:00:00+08:00');
    const { id, dueAt } = await submitFoodLicence(ctx.app);
    // Then
    const clock = await clockOf(id);
    expect(clock).toMatchObject({ receiptDate: '2026-09-28', committedTimeLimitDays: 5, dueAt: utc('2026-10-10T17:00:00+08:00'), state: 'normal' });
    expect(dueAt).toBe(clock.dueAt);
    // Yellow at 80 % (4 days) = one day left: the cut-off of Friday 9 Oct.
    expect(clock.yellowAt).toBe(utc('2026-10-09T17:00:00+08:00'));
    expect(clock.acceptance.dueAt).toBe(utc('2026-09-29T17:00:00+08:00'));
    const row = await ctx.databases[0]!.knex('application').where({ id }).first('due_at');
    expect(new Date(row.due_at).toISOString()).toBe(clock.dueAt);
  });

  it('counts an application received after the 17:00 cut-off from the next working day, after the holiday', async () => {
    ctx.set('2026-09-30T17:30:00+08:00');
    const { id } = await submitFoodLicence(ctx.app);
    const clock = await clockOf(id);
    // Receipt day Thursday 8 Oct; then 9, Saturday 10, 12, 13, 14 Oct.
    expect(clock).toMatchObject({ receiptDate: '2026-10-08', dueAt: utc('2026-10-14T17:00:00+08:00') });
  });

  it('gives each staged task its own deadline from stageTimeLimitsDays, on the worklist too', async () => {
    ctx.set('2026-03-02T10:00:00+08:00');
    const { id } = await toAcceptance(ctx.app);
    const { task } = await openTask(ctx.app, '449902.samr.accept', id);
    // accept: 1 working day.
    expect(task.dueAt).toBe(utc('2026-03-03T17:00:00+08:00'));
    ctx.set('2026-03-02T11:00:00+08:00');
    await completeTask(ctx.app, '449902.samr.accept', id, { outcome: 'accept', formData: { acceptanceOpinion: '予以受理' } });
    await ctx.app.services.jobs.runDue();
    const review = await openTask(ctx.app, '449902.samr.review', id);
    expect(review.task.dueAt).toBe(utc('2026-03-05T17:00:00+08:00'));
    const clock = await clockOf(id);
    expect(clock.tasks.map((t) => [t.stage, t.dueAt, t.onTime])).toEqual([
      ['accept', utc('2026-03-03T17:00:00+08:00'), true],
      ['review', utc('2026-03-05T17:00:00+08:00'), null],
    ]);
    expect(clock.acceptance.decidedAt).toBe(utc('2026-03-02T11:00:00+08:00'));
  });

  it('stops the clock while the applicant supplements (补正) and shows the stop', async () => {
    // Given: received Monday 2026-03-09 10:00, due Monday 16 Mar 17:00.
    ctx.set('2026-03-09T10:00:00+08:00');
    const { id, applicant } = await toAcceptance(ctx.app);
    expect((await clockOf(id)).dueAt).toBe(utc('2026-03-16T17:00:00+08:00'));
    // When: supplementation is asked Tuesday 10:00 and answered Thursday 14:00 (2 days 4 hours of office time).
    ctx.set('2026-03-10T10:00:00+08:00');
    await completeTask(ctx.app, '449902.samr.accept', id, {
      outcome: 'supplement', opinion: '平面布局图不清晰', missingMaterials: ['M005'],
      formData: { missingMaterials: [{ materialName: '经营场所平面布局图', requirement: '请重新提供' }] },
    });
    await ctx.app.services.jobs.runDue();
    const stopped = await clockOf(id);
    expect(stopped.state).toBe('suspended');
    expect(stopped.suspensions).toMatchObject([{ kind: 'supplementation', open: true }]);
    ctx.set('2026-03-12T14:00:00+08:00');
    const { uploadPdf } = await import('./support/api');
    const fileId = await uploadPdf(ctx.app, applicant, 'clear plan');
    const supplemented = await applicant.request('POST', `/api/v1/applications/${id}/supplement`, { materials: [{ materialId: 'M005', files: [{ fileId }] }] });
    expect(supplemented.status).toBe(200);
    // Then: 20 working hours round up to 3 working days; the deadline moves to Thursday 19 Mar.
    const resumed = await clockOf(id);
    expect(resumed.suspensions).toMatchObject([{ kind: 'supplementation', open: false, workingHours: 20, countedWorkingDays: 3 }]);
    expect(resumed).toMatchObject({ state: 'normal', suspendedWorkingDays: 3, dueAt: utc('2026-03-19T17:00:00+08:00'), baseDueAt: utc('2026-03-16T17:00:00+08:00') });
  });

  it('suspends for a declared Art. 45 kind only, tells the applicant, and moves the deadline when it ends', async () => {
    ctx.set('2026-04-13T10:00:00+08:00');
    const { id } = await toAcceptance(ctx.app);
    await completeTask(ctx.app, '449902.samr.accept', id, { outcome: 'accept', formData: { acceptanceOpinion: '予以受理' } });
    await ctx.app.services.jobs.runDue();
    const reviewer = await login(ctx.app, '449902.samr.review');
    // The food licence declares only inspection (勘验鉴定).
    const hearing = await reviewer.request<{ code: string; path: string }>('POST', `/api/v1/applications/${id}/suspensions`, { kind: 'hearing', reason: '听证', expectedWorkingDays: 5 });
    expect(hearing.status).toBe(422);
    expect(hearing.body).toMatchObject({ code: 'TB_SUPERVISION_SUSPENSION_KIND_UNDECLARED', path: '/kind' });
    const applicantTry = await (await login(ctx.app, 'demo-yunfan')).request('POST', `/api/v1/applications/${id}/suspensions`, { kind: 'inspection', reason: 'x', expectedWorkingDays: 1 });
    expect(applicantTry.status).toBe(403);
    ctx.set('2026-04-14T09:30:00+08:00');
    const started = await reviewer.request<{ id: string }>('POST', `/api/v1/applications/${id}/suspensions`, { kind: 'inspection', reason: '委托第三方对冷库温控设备检测', expectedWorkingDays: 3 });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const again = await reviewer.request<{ code: string }>('POST', `/api/v1/applications/${id}/suspensions`, { kind: 'inspection', reason: '再次', expectedWorkingDays: 1 });
    expect(again.body.code).toBe('TB_SUPERVISION_CLOCK_ALREADY_STOPPED');
    const notice = await ctx.databases[0]!.knex('notification').where({ application_id: id, kind: 'suspension' }).first();
    expect(notice.body).toContain('预计需要 3 个工作日');
    // Ended Friday 17 Apr 09:30: 3 working days exactly.
    ctx.set('2026-04-17T09:30:00+08:00');
    const ended = await reviewer.request<{ countedWorkingDays: number; dueAt: string }>('POST', `/api/v1/applications/${id}/suspensions/${started.body.id}/end`, { note: '检测合格' });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ countedWorkingDays: 3, dueAt: utc('2026-04-23T17:00:00+08:00') });
    const clock = await clockOf(id);
    // The review task's stage deadline moved by the same 3 days.
    expect(clock.tasks.find((task) => task.stage === 'review')).toMatchObject({ suspendedWorkingDays: 3, dueAt: utc('2026-04-21T17:00:00+08:00') });
    const timeline = await reviewer.request<{ events: Array<{ kind: string; name: string | null }> }>('GET', `/api/v1/applications/${id}/timeline`);
    expect(timeline.body.events.map((event) => event.kind)).toEqual(expect.arrayContaining(['clockSuspended', 'clockResumed']));
  });

  it('extends the deadline on a decider’s approval (Art. 42), within the legal maximum, never self-approved', async () => {
    ctx.set('2026-05-11T10:00:00+08:00');
    const { id } = await toAcceptance(ctx.app);
    await completeTask(ctx.app, '449902.samr.accept', id, { outcome: 'accept', formData: { acceptanceOpinion: '予以受理' } });
    const reviewer = await login(ctx.app, '449902.samr.review');
    const tooMany = await reviewer.request<{ code: string }>('POST', `/api/v1/applications/${id}/extensions`, { days: 11, reason: '情况复杂' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('TB_SUPERVISION_EXTENSION_LIMIT_EXCEEDED');
    const requested = await reviewer.request<{ id: string; status: string }>('POST', `/api/v1/applications/${id}/extensions`, { days: 5, reason: '需征求卫生部门意见' });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);
    const self = await reviewer.request('POST', `/api/v1/applications/${id}/extensions/${requested.body.id}/decision`, { approve: true, opinion: '同意' });
    expect(self.status).toBe(403);
    const decider = await login(ctx.app, '449902.samr.decide');
    const approved = await decider.request<{ status: string; dueAt: string }>('POST', `/api/v1/applications/${id}/extensions/${requested.body.id}/decision`, { approve: true, opinion: '同意延长5个工作日' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    // 18 May + 5 working days = 25 May.
    expect(approved.body).toMatchObject({ status: 'approved', dueAt: utc('2026-05-25T17:00:00+08:00') });
    const twice = await decider.request<{ code: string }>('POST', `/api/v1/applications/${id}/extensions/${requested.body.id}/decision`, { approve: true, opinion: '同意' });
    expect(twice.body.code).toBe('TB_SUPERVISION_EXTENSION_DECIDED');
    const clock = await clockOf(id);
    expect(clock).toMatchObject({ extensionDays: 5, dueAt: utc('2026-05-25T17:00:00+08:00') });
    const notice = await ctx.databases[0]!.knex('notification').where({ application_id: id, kind: 'extension' }).first();
    expect(notice.body).toContain('延长办理期限 5 个工作日');
    const more = await reviewer.request<{ code: string }>('POST', `/api/v1/applications/${id}/extensions`, { days: 6, reason: '再延' });
    expect(more.body.code).toBe('TB_SUPERVISION_EXTENSION_LIMIT_EXCEEDED');
  });

  it('flags an application with no acceptance decision past its limit as deemed accepted (Art. 32), once', async () => {
    ctx.set('2026-06-01T10:00:00+08:00');
    const { id } = await toAcceptance(ctx.app);
    // The acceptance limit of the food licence is 1 working day: Tuesday 2 June 17:00.
    ctx.set('2026-06-02T17:00:00+08:00');
    await ctx.app.services.jobs.runDue();
    expect((await clockOf(id)).acceptance.deemedAcceptedAt).toBeNull();
    ctx.set('2026-06-03T09:00:00+08:00');
    await ctx.app.services.jobs.runDue();
    await ctx.app.services.jobs.runDue();
    const clock = await clockOf(id);
    expect(clock.acceptance.deemedAcceptedAt).toBe(utc('2026-06-03T09:00:00+08:00'));
    const events = await ctx.databases[0]!.knex('event').where({ application_id: id, kind: 'deemedAccepted' });
    expect(events).toHaveLength(1);
  });
});
