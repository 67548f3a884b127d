import { beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../src/domains/supervision/export';
import { login } from './support/api';
import { completeJob, completeTask, openTask, submitFoodLicence, useClockedApps } from './supervision.helpers';

/**
 * Monitoring and ranking (issue #8, points 4–5) on a small dataset built by hand: archived cases (the rollup trigger)
 * and live applications run through the API, with every expected figure worked out below.
 */
const ctx = useClockedApps(1, '2026-03-02T10:00:00+08:00');

/** An archived case in 449902 or 449903, closed on the given day. */
function archived(caseNumber: string, fields: {
  department: string; item: string; region: string; result: string; committed: number; elapsed: number; late?: boolean; channel: string;
  visits: number; online: boolean; licence: boolean; grade?: string; closedOn: string;
}) {
  const closedAt = new Date(`${fields.closedOn}T15:00:00+08:00`);
  return {
    case_number: caseNumber, item_code: fields.item, department_code: fields.department, region_code: fields.region, level: 'county',
    applicant_kind: 'person', applicant_name: '张三', applicant_id_number: '449902199003154519', channel: fields.channel,
    submitted_at: new Date(closedAt.getTime() - 20 * 86_400_000), closed_at: closedAt,
    due_at: new Date(closedAt.getTime() + (fields.late ? -86_400_000 : 86_400_000)), result: fields.result,
    committed_time_limit_days: fields.committed, elapsed_working_days: fields.elapsed, visits: fields.visits, handled_online: fields.online,
    licence_reused: fields.licence, evaluation_grade: fields.grade ?? null, source_system: '江屿市网上办事大厅（2018版）',
  };
}

const SAMR = { department: '449900-SAMR', item: 'XK00001001' };
const HUD = { department: '449900-HUD', item: 'XK00158001' };

interface RankingRow {
  key: string; name: string; rank: number; score: number; closed: number; onTimeRate: number; overdueRate: number; avgHandlingDays: number;
  p90HandlingDays: number; speed: number; satisfactionRate: number | null; licenceReuseRate: number; onlineShare: number; noVisitShare: number;
  previousRank: number | null; previousScore: number | null; rankChange: number | null; scoreChange: number | null;
}

describe('monitoring and ranking on a hand-built dataset', () => {
  let overdueId = '';

  beforeAll(async () => {
    const knex = ctx.databases[0]!.knex;
    // February (the previous period): B1 SAMR on time by window; B2 HUD on time online, reused licence, very satisfied.
    // March: A1–A3 SAMR 449902 (A2 late, A3 withdrawn), A4 SAMR 449903, A5–A6 HUD 449902 (A6 late).
    await knex('archive_case').insert([
      archived('B1', { ...SAMR, region: '449902', result: 'approved', committed: 5, elapsed: 3, channel: 'window', visits: 1, online: false, licence: false, closedOn: '2026-02-10' }),
      archived('B2', { ...HUD, region: '449902', result: 'approved', committed: 20, elapsed: 5, channel: 'online', visits: 0, online: true, licence: true, grade: 'very-satisfied', closedOn: '2026-02-11' }),
      archived('A1', { ...SAMR, region: '449902', result: 'approved', committed: 5, elapsed: 2, channel: 'online', visits: 0, online: true, licence: true, grade: 'very-satisfied', closedOn: '2026-03-04' }),
      archived('A2', { ...SAMR, region: '449902', result: 'approved', committed: 5, elapsed: 7, late: true, channel: 'window', visits: 1, online: false, licence: false, grade: 'dissatisfied', closedOn: '2026-03-05' }),
      archived('A3', { ...SAMR, region: '449902', result: 'withdrawn', committed: 5, elapsed: 1, channel: 'window', visits: 1, online: false, licence: false, closedOn: '2026-03-06' }),
      archived('A4', { ...SAMR, region: '449903', result: 'approved', committed: 10, elapsed: 4, channel: 'mobile', visits: 0, online: true, licence: true, grade: 'satisfied', closedOn: '2026-03-09' }),
      archived('A5', { ...HUD, region: '449902', result: 'rejected', committed: 20, elapsed: 10, channel: 'window', visits: 1, online: false, licence: false, grade: 'basically-satisfied', closedOn: '2026-03-10' }),
      archived('A6', { ...HUD, region: '449902', result: 'approved', committed: 20, elapsed: 25, late: true, channel: 'window', visits: 2, online: false, licence: false, closedOn: '2026-03-11' }),
    ]);

    // L1: received Monday 2 March 10:00, closed Tuesday 3 March 12:00 — 10 working hours, 1.25 days, on time.
    const app = ctx.app;
    const l1 = await submitFoodLicence(app);
    await completeJob(app, 'tongban.review-assistant', { reviewResult: 'pass' });
    ctx.set('2026-03-02T10:30:00+08:00');
    await completeTask(app, '449902.samr.accept', l1.id, { outcome: 'accept', formData: { acceptanceOpinion: '予以受理' } });
    await app.services.jobs.runDue();
    ctx.set('2026-03-02T11:00:00+08:00');
    await completeTask(app, '449902.samr.review', l1.id, { formData: { reviewOutcome: 'pass', onSiteInspected: false, reviewOpinion: '符合' } });
    await completeTask(app, '449902.samr.decide', l1.id, { outcome: 'approve', formData: { decisionOpinion: '准予许可' } });
    await completeJob(app, 'tongban.licence-issue', { licenceId: 'l1' });
    ctx.set('2026-03-03T12:00:00+08:00');
    await completeTask(app, '449902.samr.clerk', l1.id, { formData: { deliveredBy: 'electronic', recipientName: '王晓明', deliveredOn: '2026-03-03' } });
    await app.services.jobs.runDue();
    ctx.set('2026-03-20T10:00:00+08:00');
    const graded = await l1.applicant.request('POST', '/api/v1/evaluations', { applicationNumber: l1.number, stage: 'close', grade: 'very-satisfied', channel: 'online' });
    expect(graded.status).toBe(201);

    // L2: received Monday 9 March 10:00, due Monday 16 March 17:00; the red fires on 17 March; closed 18 March 10:00 (7 days).
    ctx.set('2026-03-09T10:00:00+08:00');
    const l2 = await submitFoodLicence(app);
    await completeJob(app, 'tongban.review-assistant', { reviewResult: 'pass' });
    await completeTask(app, '449902.samr.accept', l2.id, { outcome: 'accept', formData: { acceptanceOpinion: '予以受理' } });
    await completeTask(app, '449902.samr.review', l2.id, { formData: { reviewOutcome: 'pass', onSiteInspected: false, reviewOpinion: '符合' } });
    await completeTask(app, '449902.samr.decide', l2.id, { outcome: 'approve', formData: { decisionOpinion: '准予许可' } });
    await completeJob(app, 'tongban.licence-issue', { licenceId: 'l2' });
    ctx.set('2026-03-17T09:00:00+08:00');
    await app.services.jobs.runDue();
    await app.services.jobs.runDue();
    ctx.set('2026-03-18T10:00:00+08:00');
    await completeTask(app, '449902.samr.clerk', l2.id, { formData: { deliveredBy: 'electronic', recipientName: '王晓明', deliveredOn: '2026-03-18' } });
    await app.services.jobs.runDue();

    // L3: received 30 March 10:00 (due 7 April 17:00, after 清明), the reviewer claims it on 30 March 11:00 and sits on it.
    ctx.set('2026-03-30T10:00:00+08:00');
    const l3 = await submitFoodLicence(app);
    overdueId = l3.id;
    await completeJob(app, 'tongban.review-assistant', { reviewResult: 'pass' });
    await completeTask(app, '449902.samr.accept', l3.id, { outcome: 'accept', formData: { acceptanceOpinion: '予以受理' } });
    ctx.set('2026-03-30T11:00:00+08:00');
    const { staff, task } = await openTask(app, '449902.samr.review', l3.id);
    expect((await staff.request('POST', `/api/v1/tasks/${task.id}/claim`)).status).toBe(200);
    ctx.set('2026-04-08T10:00:00+08:00');
    await app.services.jobs.runDue();
    await app.services.jobs.runDue();
  });

  it('ranks departments for a month with the documented indicators, score and trend', async () => {
    const supervisor = await login(ctx.app, 'city.supervisor');
    const ranking = await supervisor.request<{ period: { from: string; to: string }; previousPeriod: { label: string }; rows: RankingRow[] }>('GET', '/api/v1/supervision/ranking?month=2026-03');
    expect(ranking.status, JSON.stringify(ranking.body)).toBe(200);
    expect(ranking.body.previousPeriod.label).toBe('2026-02');
    const [samr, hud] = ranking.body.rows;
    // SAMR: closed A1 A2 A4 L1 L2; on time A1 A4 L1; went overdue A2 L2; handling 2 + 7 + 4 + 1.25 + 7 = 21.25 over committed 30;
    // online and no-visit A1 A4 L1 L2; licences A1 A4; grades A1 A2 A4 L1 (three good).
    expect(samr).toMatchObject({
      key: '449900-SAMR', name: '江屿市市场监督管理局', rank: 1, closed: 5, onTimeRate: 0.6, overdueRate: 0.4, avgHandlingDays: 4.25, p90HandlingDays: 7,
      speed: 0.2917, satisfactionRate: 0.75, licenceReuseRate: 0.4, onlineShare: 0.8, noVisitShare: 0.8,
    });
    // 100 × (0.25·0.6 + 0.15·0.6 + 0.1·0.2917 + 0.2·0.75 + 0.1·0.4 + 0.1·0.8 + 0.1·0.8) = 61.92
    expect(samr!.score).toBe(61.92);
    // HUD: A5 on time, A6 late; handling 35 over 40; one grade (basically satisfied).
    expect(hud).toMatchObject({
      key: '449900-HUD', rank: 2, closed: 2, onTimeRate: 0.5, overdueRate: 0.5, avgHandlingDays: 17.5, p90HandlingDays: 25, speed: 0.125,
      satisfactionRate: 1, licenceReuseRate: 0, onlineShare: 0, noVisitShare: 0, score: 41.25,
    });
    // February: SAMR 55 (no grades: the score divides by 0.8), HUD 97.5 — the two swapped places.
    expect(samr).toMatchObject({ previousRank: 2, previousScore: 55, rankChange: 1, scoreChange: 6.92 });
    expect(hud).toMatchObject({ previousRank: 1, previousScore: 97.5, rankChange: -1, scoreChange: -56.25 });
  });

  it('ranks districts, and re-weights the score on request', async () => {
    const supervisor = await login(ctx.app, 'city.supervisor');
    const byDistrict = await supervisor.request<{ rows: RankingRow[] }>('GET', '/api/v1/supervision/ranking?month=2026-03&by=district');
    expect(byDistrict.body.rows.map((row) => [row.key, row.name, row.rank, row.score])).toEqual([
      ['449903', '屿北区', 1, 96],
      ['449902', '滨江区', 2, 47.96],
    ]);
    const onTimeOnly = await supervisor.request<{ weights: Record<string, number>; rows: RankingRow[] }>('GET', '/api/v1/supervision/ranking?month=2026-03&weights=onTime=1,overdue=0,speed=0,satisfaction=0,licenceReuse=0,online=0,noVisit=0');
    expect(onTimeOnly.body.rows.map((row) => [row.key, row.score])).toEqual([['449900-SAMR', 60], ['449900-HUD', 50]]);
    const bad = await supervisor.request<{ code: string }>('GET', '/api/v1/supervision/ranking?month=2026-03&weights=fast=1');
    expect(bad.body.code).toBe('TB_SUPERVISION_WEIGHTS_INVALID');
  });

  it('answers live figures with drill-down from department to district, level and item, in the caller’s scope', async () => {
    const city = await login(ctx.app, 'city.supervisor');
    const figures = await city.request<{ totals: Record<string, number>; rows: Array<Record<string, unknown>> }>('GET', '/api/v1/supervision/figures?month=2026-03');
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body.rows).toEqual([
      expect.objectContaining({ key: '449900-SAMR', inProgress: 1, overdue: 1, dueSoon: 0, closed: 5, ended: 1, onTime: 3, late: 2, wentOverdue: 2, onTimeRate: 0.6 }),
      expect.objectContaining({ key: '449900-HUD', inProgress: 0, closed: 2, onTime: 1, onTimeRate: 0.5 }),
    ]);
    const byDistrict = await city.request<{ rows: Array<{ key: string; closed: number; inProgress: number }> }>('GET', '/api/v1/supervision/figures?month=2026-03&department=449900-SAMR&groupBy=district');
    expect(byDistrict.body.rows.map((row) => [row.key, row.closed, row.inProgress])).toEqual([['449902', 4, 1], ['449903', 1, 0]]);
    const byItem = await city.request<{ rows: Array<{ key: string; name: string; closed: number }> }>('GET', '/api/v1/supervision/figures?month=2026-03&department=449900-SAMR&district=449902&level=county&groupBy=item');
    expect(byItem.body.rows).toEqual([expect.objectContaining({ key: 'XK00001001', name: '食品经营许可（新办）', closed: 4 })]);
    // By item the rollups are monthly: a part of a month widens to the month, and says so.
    const partial = await city.request<{ coveredPeriod: { from: string; to: string }; rows: Array<{ closed: number }> }>('GET', '/api/v1/supervision/figures?from=2026-03-10&to=2026-03-12&department=449900-SAMR&groupBy=item');
    expect(partial.body.coveredPeriod).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    const exact = await city.request<{ coveredPeriod: { from: string; to: string }; totals: { closed: number } }>('GET', '/api/v1/supervision/figures?from=2026-03-04&to=2026-03-05&department=449900-SAMR');
    // By department the days are exact: A1 (4 March) and A2 (5 March).
    expect(exact.body).toMatchObject({ coveredPeriod: { from: '2026-03-04', to: '2026-03-05' }, totals: { closed: 2 } });
    const district2 = await login(ctx.app, 'district2.supervisor');
    const own = await district2.request<{ totals: { closed: number; inProgress: number } }>('GET', '/api/v1/supervision/figures?month=2026-03');
    expect(own.body.totals).toMatchObject({ closed: 1, inProgress: 0 });
    const outside = await district2.request<{ code: string }>('GET', '/api/v1/supervision/figures?district=449902');
    expect(outside.status).toBe(403);
    const clerk = await login(ctx.app, '449902.samr.accept');
    expect((await clerk.request('GET', '/api/v1/supervision/figures')).status).toBe(403);
    // A department head sees their own department only.
    const head = await login(ctx.app, '449902.samr.decide');
    const headFigures = await head.request<{ rows: Array<{ key: string }> }>('GET', '/api/v1/supervision/figures?month=2026-03');
    expect(headFigures.body.rows.map((row) => row.key)).toEqual(['449900-SAMR']);
  });

  it('lists overdue cases with who holds each and for how long', async () => {
    const supervisor = await login(ctx.app, 'district1.supervisor');
    const list = await supervisor.request<{ total: number; items: Array<Record<string, unknown> & { holders: Array<Record<string, unknown>> }> }>('GET', '/api/v1/supervision/overdue');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.total).toBe(1);
    const [item] = list.body.items;
    expect(item).toMatchObject({
      applicationId: overdueId, state: 'overdue', stage: 'review', departmentName: '滨江区市场监督管理局', dueAt: new Date('2026-04-07T17:00:00+08:00').toISOString(),
      // 7 April 17:00 → 8 April 10:00 is one working hour.
      overdueWorkingDays: 0.13,
    });
    // Claimed 30 March 11:00: 6 h that day, 31 Mar–3 Apr and 7 Apr (清明 4–6 Apr off) 40 h, 1 h on 8 April = 47 h.
    expect(item!.holders).toEqual([expect.objectContaining({ kind: 'user', userId: '449902.samr.review', stage: 'review', heldWorkingHours: 47, heldWorkingDays: 5.88 })]);
    const other = await login(ctx.app, 'district2.supervisor');
    expect((await other.request<{ total: number }>('GET', '/api/v1/supervision/overdue')).body.total).toBe(0);
  });

  it('exports the ranking as CSV and Excel', async () => {
    const supervisor = await login(ctx.app, 'city.supervisor');
    const csv = await ctx.app.inject({ method: 'GET', url: '/api/v1/supervision/ranking/export?month=2026-03&format=csv', headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="ranking-department-2026-03.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^排名,部门编码,名称,综合得分,办结量,按时办结率,超期率/);
    expect(lines[1]).toMatch(/^1,449900-SAMR,江屿市市场监督管理局,61.92,5,0.6,0.4,4.25,7,0.2917,0.75,/);
    const xlsx = await ctx.app.inject({ method: 'GET', url: '/api/v1/supervision/ranking/export?month=2026-03&format=xlsx&lang=en&by=district', headers: { authorization: `Bearer ${supervisor.token}` } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = readZip(xlsx.rawPayload);
    const sheet = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toContain('<t xml:space="preserve">Score</t>');
    expect(sheet).toContain('<c r="B2" s="0" t="inlineStr"><is><t xml:space="preserve">449903</t></is></c>');
    expect(sheet).toContain('<c r="D2" s="3"><v>96</v></c>');
    expect(files.get('xl/workbook.xml')).toContain('name="Regions 2026-03"');
  });

  it('rebuilds the live counters from the clocks to the same figures', async () => {
    const admin = await login(ctx.app, 'admin');
    const before = await admin.request<{ totals: unknown }>('GET', '/api/v1/supervision/figures?month=2026-03');
    expect((await admin.request('POST', '/api/v1/supervision/live/rebuild')).status).toBe(200);
    const after = await admin.request<{ totals: unknown }>('GET', '/api/v1/supervision/figures?month=2026-03');
    expect(after.body.totals).toEqual(before.body.totals);
  });
});
