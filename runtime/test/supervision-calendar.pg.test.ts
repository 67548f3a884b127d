import { describe, expect, it } from 'vitest';
import { login } from './support/api';
import { submitFoodLicence, useClockedApps } from './supervision.helpers';

/** The working-day calendar administered with an audit trail (issue #8, point 1), seen by every runtime instance. */
const ctx = useClockedApps(2, '2026-03-02T10:00:00+08:00');

const utc = (local: string) => new Date(local).toISOString();

describe('calendar administration', () => {
  it('shows a year with its coverage: 2026 published, 2027 provisional', async () => {
    const y2026 = await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar?year=2026' });
    expect(y2026.json()).toMatchObject({ year: 2026, coverage: 'published', workingDays: 248 });
    expect(y2026.json().days).toContainEqual(expect.objectContaining({ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班' }));
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/calendar?year=2027' })).json()).toMatchObject({ coverage: 'provisional' });
    const deadline = await ctx.app.inject({ method: 'GET', url: `/api/v1/calendar/deadline?from=${encodeURIComponent('2026-09-28T10:00:00+08:00')}&days=5` });
    expect(deadline.json()).toMatchObject({ receiptDate: '2026-09-28', dueAt: '2026-10-10T17:00:00.000+08:00', coverage: 'published' });
  });

  it('lets an administrator declare a day off, with an audit row, moving open deadlines in every instance', async () => {
    // Given: an application received Monday 2 March 10:00, due Monday 9 March 17:00.
    const { id } = await submitFoodLicence(ctx.app);
    const admin = await login(ctx.app, 'admin');
    const supervisor = await login(ctx.app, 'city.supervisor');
    expect((await supervisor.request('PUT', '/api/v1/calendar/days/2026-03-05', { kind: 'holiday', reason: 'x' })).status).toBe(403);
    const invalid = await admin.request<{ code: string; path: string }>('PUT', '/api/v1/calendar/days/2026-02-30', { kind: 'holiday', reason: '测试' });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'TB_CALENDAR_DATE_INVALID', path: '/date' });
    // Instance B reads the calendar before the edit (and caches it).
    const before = (await ctx.apps[1]!.inject({ method: 'GET', url: `/api/v1/calendar/deadline?from=${encodeURIComponent('2026-03-02T10:00:00+08:00')}&days=5` })).json();
    expect(before.dueAt).toBe('2026-03-09T17:00:00.000+08:00');

    // When: Thursday 5 March becomes a day off (e.g. a local emergency holiday).
    const set = await admin.request<{ date: string; kind: string }>('PUT', '/api/v1/calendar/days/2026-03-05', { kind: 'holiday', name: '临时休息日', source: '江屿市人民政府通告', reason: '台风停工' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);

    // Then: the open application's deadline moved a working day, and instance B computes with the new calendar at once.
    const clock = await supervisor.request<{ dueAt: string }>('GET', `/api/v1/applications/${id}/clock`);
    expect(clock.body.dueAt).toBe(utc('2026-03-10T17:00:00+08:00'));
    const start = Date.now();
    let after = before;
    while (after.dueAt === before.dueAt && Date.now() - start < 5000) {
      after = (await ctx.apps[1]!.inject({ method: 'GET', url: `/api/v1/calendar/deadline?from=${encodeURIComponent('2026-03-02T10:00:00+08:00')}&days=5` })).json();
    }
    expect(after.dueAt).toBe('2026-03-10T17:00:00.000+08:00');
    const audit = await supervisor.request<{ items: Array<{ date: string; action: string; actor: string; reason: string; before: unknown; after: { kind: string } }> }>('GET', '/api/v1/calendar/audit?date=2026-03-05');
    expect(audit.body.items).toEqual([expect.objectContaining({ date: '2026-03-05', action: 'insert', actor: 'admin', reason: '台风停工', before: null, after: expect.objectContaining({ kind: 'holiday' }) })]);

    // And removing it restores the deadline.
    const removed = await admin.request('DELETE', `/api/v1/calendar/days/2026-03-05?reason=${encodeURIComponent('通告撤销')}`);
    expect(removed.status).toBe(204);
    expect((await supervisor.request<{ dueAt: string }>('GET', `/api/v1/applications/${id}/clock`)).body.dueAt).toBe(utc('2026-03-09T17:00:00+08:00'));
    expect((await admin.request('DELETE', `/api/v1/calendar/days/2026-03-05?reason=again`)).status).toBe(404);
  });

  it('replaces a provisional year with the published notice', async () => {
    const admin = await login(ctx.app, 'admin');
    const replaced = await admin.request<{ coverage: string; changed: string[]; days: unknown[] }>('PUT', '/api/v1/calendar/years/2027', {
      source: '国办发明电〔2026〕1号', reason: '国务院办公厅公布2027年节假日安排',
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-02-05', kind: 'holiday', name: '春节' },
        { date: '2027-02-06', kind: 'holiday', name: '春节' },
        { date: '2027-02-14', kind: 'workday', name: '春节调休上班' },
      ],
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(replaced.body.coverage).toBe('published');
    expect(replaced.body.days).toHaveLength(4);
    expect(replaced.body.changed).toContain('2027-02-14');
    const outside = await admin.request<{ code: string }>('PUT', '/api/v1/calendar/years/2027', { source: '国办发明电〔2026〕1号', reason: 'x', days: [{ date: '2028-01-01', kind: 'holiday' }] });
    expect(outside.body.code).toBe('TB_CALENDAR_DATE_OUTSIDE_YEAR');
    const audit = await admin.request<{ items: Array<{ action: string }> }>('GET', '/api/v1/calendar/audit?year=2027&limit=500');
    expect(audit.body.items.every((item) => item.action === 'replace')).toBe(true);
    expect(audit.body.items.length).toBe(replaced.body.changed.length);
  });
});
