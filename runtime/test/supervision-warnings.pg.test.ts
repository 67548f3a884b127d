import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from './support/api';
import { toAcceptance, useClockedApps } from './supervision.helpers';

/**
 * Deadline warnings by system jobs (issue #8, point 3): each recorded once even with two runtime instances running
 * the worker at the same time, written into the hash-chained history, and pushed over server-sent events to the
 * supervisors in scope — from whichever instance fired them (PostgreSQL LISTEN/NOTIFY).
 */
const ctx = useClockedApps(2, '2026-03-02T10:00:00+08:00');

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An SSE client over a real socket: collects events until closed. */
async function openStream(url: string, token?: string) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const events: StreamEvent[] = [];
  const done = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return { status: response.status, events, close: async () => { controller.abort(); await done; } };
}

async function until(predicate: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe('deadline warnings across two runtime instances', () => {
  let base = '';
  beforeAll(async () => {
    base = await ctx.apps[0]!.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await ctx.apps[0]!.close();
  });

  /** A stream URL with a one-time ticket, as an EventSource would open it. */
  async function ticketUrl(username: string) {
    const caller = await login(ctx.app, username);
    const issued = await caller.request<{ ticket: string }>('POST', '/api/v1/supervision/stream/tickets');
    expect(issued.status).toBe(201);
    return `${base}/api/v1/supervision/stream?ticket=${issued.body.ticket}`;
  }

  it('refuses the stream without a token or ticket, to staff outside supervision, and a ticket used twice', async () => {
    const anonymous = await fetch(`${base}/api/v1/supervision/stream`);
    expect(anonymous.status).toBe(401);
    const clerk = await login(ctx.app, '449902.samr.accept');
    const refused = await fetch(`${base}/api/v1/supervision/stream`, { headers: { authorization: `Bearer ${clerk.token}` } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe('TB_AUTH_FORBIDDEN');
    expect((await clerk.request('POST', '/api/v1/supervision/stream/tickets')).status).toBe(403);
    const url = await ticketUrl('city.supervisor');
    const first = await openStream(url);
    expect(first.status).toBe(200);
    await first.close();
    const again = await fetch(url);
    expect(again.status).toBe(401);
    expect((await again.json()).code).toBe('TB_AUTH_INVALID_TOKEN');
  });

  it('records each yellow and red once while both instances run the worker, and streams them to the supervisors in scope', async () => {
    // 1. Supervisors listen on instance A: the district's, the city's, and another district's.
    const district = await openStream(await ticketUrl('district1.supervisor'));
    const city = await openStream(await ticketUrl('city.supervisor'));
    // The Authorization header works as well (fetch-based clients).
    const other = await openStream(`${base}/api/v1/supervision/stream`, (await login(ctx.app, 'district2.supervisor')).token);
    expect([district.status, city.status, other.status]).toEqual([200, 200, 200]);
    expect(await until(() => district.events.some((e) => e.event === 'ready'))).toBe(true);

    // 2. Five applications reach acceptance on Monday 2 March 10:00 (due Monday 9 March 17:00).
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await toAcceptance(ctx.app)).id);

    // 3. Friday 6 March 17:30, past the yellow instants: only instance B runs its worker, so what A streams came by NOTIFY.
    ctx.set('2026-03-06T17:30:00+08:00');
    const [a, b] = ctx.apps as [typeof ctx.app, typeof ctx.app];
    expect(await b.services.jobs.runDue(100)).toBeGreaterThan(0);
    // 4. Tuesday 10 March: the reds are due. Both instances run their workers at once, a few jobs per pass, until done.
    ctx.set('2026-03-10T10:00:00+08:00');
    let ran = 0;
    for (;;) {
      const [byA, byB] = await Promise.all([a.services.jobs.runDue(3), b.services.jobs.runDue(3)]);
      ran += byA + byB;
      if (byA + byB === 0) break;
    }
    expect(ran).toBeGreaterThan(0);
    const knex = ctx.databases[0]!.knex;
    const warnings = await knex('supervision_warning').whereIn('application_id', ids).select('application_id', 'target', 'level', 'fired_by');
    // Per application: yellow and red of the application, and of its acceptance task (1-day stage limit).
    for (const id of ids) {
      const own = warnings.filter((w: { application_id: string }) => w.application_id === id);
      expect(own.map((w: { target: string; level: string }) => `${w.target === 'application' ? 'application' : 'task'}:${w.level}`).sort())
        .toEqual(['application:red', 'application:yellow', 'task:red', 'task:yellow']);
    }
    // Each warning has exactly one event in the history, and the chains verify.
    const events = await knex('event').whereIn('application_id', ids).where({ kind: 'deadlineWarning' });
    expect(events).toHaveLength(warnings.length);
    const reviewer = await login(ctx.app, '449902.samr.accept');
    const timeline = await reviewer.request<{ events: Array<{ kind: string; name: string | null }>; chain: { ok: boolean } }>('GET', `/api/v1/applications/${ids[0]}/timeline`);
    expect(timeline.body.chain.ok).toBe(true);
    expect(timeline.body.events.filter((e) => e.kind === 'deadlineWarning').map((e) => e.name)).toEqual(expect.arrayContaining([
      '红色预警：办件已超过办理时限', '黄色预警：办件临近办理时限',
    ]));
    // Every warning job ran exactly once.
    const jobs = await knex('job').whereIn('application_id', ids).where({ job_type: 'tongban.supervision.warning' }).select('status', 'attempts');
    expect(jobs.filter((job: { status: string }) => job.status === 'completed')).toHaveLength(warnings.length);
    expect(jobs.every((job: { status: string; attempts: number }) => job.status !== 'completed' || job.attempts === 1)).toBe(true);

    // 5. A duplicated job (as after a crash between claim and completion elsewhere) records nothing more.
    const [template] = await knex('job').whereIn('application_id', ids).where({ job_type: 'tongban.supervision.warning', status: 'completed' }).limit(1);
    await knex('job').insert({ ...template, id: `${template.id}-again`, status: 'ready', attempts: 0, completed_at: null, locked_by: null, locked_until: null, headers: JSON.stringify(template.headers), variables: JSON.stringify(template.variables) });
    await Promise.all(ctx.apps.map((app) => app.services.jobs.runDue(10)));
    expect(await knex('supervision_warning').whereIn('application_id', ids).count({ n: '*' })).toEqual([{ n: String(warnings.length) }]);

    // 6. The streams on instance A got every warning of their scope — also those instance B fired — and nothing else.
    const ofApplications = (stream: { events: StreamEvent[] }) => stream.events.filter((e) => e.event === 'warning' && ids.includes(String(e.data.applicationId)));
    expect(await until(() => ofApplications(district).length === warnings.length && ofApplications(city).length === warnings.length)).toBe(true);
    expect(new Set(ofApplications(district).map((e) => e.data.id)).size).toBe(warnings.length);
    expect(ofApplications(other)).toHaveLength(0);
    expect(ofApplications(district)[0]!.data).toMatchObject({ departmentCode: '449900-SAMR', districtCode: '449902', itemCode: 'XK00001001' });
    expect(district.events.some((e) => e.event === 'figures')).toBe(true);
    await Promise.all([district.close(), city.close(), other.close()]);

    // 7. The live figures count them overdue at once.
    const supervisor = await login(ctx.app, 'district1.supervisor');
    const figures = await supervisor.request<{ totals: { inProgress: number; overdue: number; dueSoon: number }; rows: Array<{ key: string; name: string; overdue: number }> }>('GET', '/api/v1/supervision/figures?groupBy=department');
    expect(figures.status, JSON.stringify(figures.body)).toBe(200);
    expect(figures.body.totals).toMatchObject({ inProgress: 5, overdue: 5, dueSoon: 0 });
    expect(figures.body.rows[0]).toMatchObject({ key: '449900-SAMR', name: '滨江区市场监督管理局', overdue: 5 });
    const warningsList = await supervisor.request<{ items: Array<{ level: string }> }>('GET', '/api/v1/supervision/warnings?warningLevel=red');
    expect(warningsList.body.items).toHaveLength(10);
  });
});
