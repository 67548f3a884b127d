import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/catalogue';
import type { ServerResponse } from 'node:http';
import { authenticated, requirePrincipal, requireRole, type Principal } from '../../plugins/auth';
import type { SupervisionBus, SupervisionMessage } from './bus';
import type { Directory } from './directory';
import { toCsv, toXlsx } from './export';
import { rebuildLiveCounters, type GroupBy } from './monitoring-store';
import { consumeStreamTicket, issueStreamTicket } from './store';
import { inScope, supervisionScope, type DrillDown, type MonitoringService } from './monitoring';
import { resolvePeriod, type PeriodQuery } from './period';
import {
  clockResponse, decisionBody, drillProperties, errors, extensionBody, extensionSchema, figuresResponse, overdueResponse, pageQuery, periodProperties,
  rankingResponse, settingsResponse, suspensionBody, suspensionResponse, uuidParams, warningsResponse, evaluationSummaryResponse,
} from './schemas';
import type { SupervisionService } from './service';
import { parseWeights, SCORE_INDICATORS, type SupervisionSettings } from './settings';

/** What the supervision routes need. */
export interface SupervisionRouteOptions {
  supervision: SupervisionService;
  monitoring: MonitoringService;
  bus: SupervisionBus;
  directory: Directory;
  settings: SupervisionSettings;
  /** Open event streams, ended when the server closes. */
  streams: Set<ServerResponse>;
}

const iso = (value: Date | null | undefined) => (value ? value.toISOString() : null);
const withParams = (params: unknown) => params as Record<string, string>;

/**
 * Supervision: live figures with drill-down, the overdue list, warnings, the efficiency ranking and its export,
 * the evaluation summary, the live event stream; and each application's legal clock with the staff commands that
 * stop or extend it. Reads are for supervisors (their region) and department heads (their department).
 */
export async function supervisionRoutes(app: FastifyInstance, options: SupervisionRouteOptions): Promise<void> {
  const { supervision, monitoring, bus, directory, settings, streams } = options;
  const scopeOf = (request: FastifyRequest) => supervisionScope(requirePrincipal(request), directory);
  const drillOf = (query: Record<string, unknown>): DrillDown => ({
    ...(query.department ? { department: String(query.department) } : {}),
    ...(query.district ? { district: String(query.district) } : {}),
    ...(query.level ? { level: String(query.level) } : {}),
    ...(query.item ? { item: String(query.item) } : {}),
  });

  app.get('/supervision/settings', {
    preValidation: authenticated,
    schema: { tags: ['supervision'], summary: 'The supervision rules in force: warning share, limits, default score weights', security: [{ bearer: [] }], response: { 200: settingsResponse, ...errors } },
  }, async (request) => {
    await scopeOf(request);
    return { ...settings, indicators: [...SCORE_INDICATORS], stream: { mode: bus.mode } };
  });

  app.get('/supervision/figures', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'Live figures by department, district, level or item: in progress, due soon, overdue, suspended; closures and on-time rate of a period',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { groupBy: { type: 'string', enum: ['department', 'district', 'level', 'item'], default: 'department' }, ...drillProperties, ...periodProperties },
      },
      response: { 200: figuresResponse, ...errors },
    },
  }, async (request) => {
    const query = request.query as Record<string, unknown> & PeriodQuery & { groupBy: GroupBy };
    const scope = await scopeOf(request);
    return monitoring.figures(scope, drillOf(query), query.groupBy ?? 'department', resolvePeriod(query, monitoring.today()));
  });

  app.get('/supervision/overdue', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'Open cases overdue (or due soon), most overdue first, with who holds each and for how long',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { state: { type: 'string', enum: ['overdue', 'due-soon', 'late'], default: 'overdue' }, ...drillProperties, ...pageQuery },
      },
      response: { 200: overdueResponse, ...errors },
    },
  }, async (request) => {
    const query = request.query as Record<string, unknown> & { state?: string; limit?: number; offset?: number };
    const state = query.state ?? 'overdue';
    const states = state === 'late' ? ['overdue', 'due-soon'] : [state];
    return monitoring.overdueList(await scopeOf(request), drillOf(query), states, { limit: query.limit ?? 50, offset: query.offset ?? 0 });
  });

  app.get('/supervision/warnings', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: 'Deadline warnings recorded recently, newest first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { warningLevel: { type: 'string', enum: ['yellow', 'red'] }, since: { type: 'string', format: 'date-time' }, ...drillProperties, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
      },
      response: { 200: warningsResponse, ...errors },
    },
  }, async (request) => {
    const query = request.query as Record<string, unknown> & { warningLevel?: string; since?: string; limit?: number };
    return monitoring.warnings(await scopeOf(request), drillOf(query), {
      ...(query.warningLevel ? { level: query.warningLevel } : {}), ...(query.since ? { since: new Date(query.since) } : {}), limit: query.limit ?? 100,
    });
  });

  const rankingQuery = {
    type: 'object', additionalProperties: false,
    properties: {
      by: { type: 'string', enum: ['department', 'district'], default: 'department' },
      weights: { type: 'string', maxLength: 300, description: 'Override weights, e.g. onTime=0.4,satisfaction=0.3' },
      department: drillProperties.department, district: drillProperties.district, ...periodProperties,
    },
  } as const;
  const rankingOf = async (request: FastifyRequest) => {
    const query = request.query as Record<string, unknown> & PeriodQuery & { by?: 'department' | 'district'; weights?: string };
    const scope = await scopeOf(request);
    const weights = query.weights ? parseWeights(query.weights, settings.weights) : settings.weights;
    return monitoring.ranking(scope, drillOf(query), query.by ?? 'department', resolvePeriod(query, monitoring.today()), weights);
  };

  app.get('/supervision/ranking', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'Efficiency ranking for a period (month, quarter, year or custom) by department or district, with the trend',
      querystring: rankingQuery,
      response: { 200: rankingResponse, ...errors },
    },
  }, async (request) => rankingOf(request));

  app.get('/supervision/ranking/export', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: 'The ranking as CSV or Excel (.xlsx)',
      querystring: {
        ...rankingQuery,
        properties: { ...rankingQuery.properties, format: { type: 'string', enum: ['csv', 'xlsx'], default: 'xlsx' }, lang: { type: 'string', enum: ['zh', 'en'], default: 'zh' } },
      },
      response: { 200: { description: 'text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', type: 'string', format: 'binary' }, ...errors },
    },
  }, async (request, reply) => {
    const query = request.query as { format?: 'csv' | 'xlsx'; lang?: 'zh' | 'en' };
    const format = query.format ?? 'xlsx';
    const ranking = await rankingOf(request);
    const table = monitoring.rankingTable(ranking, query.lang ?? 'zh');
    const name = `ranking-${ranking.by}-${ranking.period.label.replace(/[^0-9A-Za-z.-]/g, '_')}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(toXlsx([table]));
  });

  app.get('/supervision/evaluations/summary', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: '好差评 by department or district: grades, satisfaction, bad reviews and their rectifications',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { by: { type: 'string', enum: ['department', 'district'], default: 'department' }, department: drillProperties.department, district: drillProperties.district, ...periodProperties },
      },
      response: { 200: evaluationSummaryResponse, ...errors },
    },
  }, async (request) => {
    const query = request.query as Record<string, unknown> & PeriodQuery & { by?: 'department' | 'district' };
    return monitoring.evaluationSummary(await scopeOf(request), drillOf({ department: query.department, district: query.district }), query.by ?? 'department', resolvePeriod(query, monitoring.today()));
  });

  app.post('/supervision/stream/tickets', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'A one-time ticket (valid 60 s) to open the event stream with EventSource, which cannot send headers',
      response: { 201: { type: 'object', additionalProperties: false, properties: { ticket: { type: 'string' }, expiresAt: { type: 'string' } } }, ...errors },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    await supervisionScope(principal, directory);
    const { ticket, expiresAt } = await issueStreamTicket(app.db.knex, principal, new Date(), 60_000);
    return reply.status(201).send({ ticket, expiresAt: expiresAt.toISOString() });
  });

  app.get('/supervision/stream', {
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'Server-sent events in the caller’s scope: warning, figures, deemedAccepted, rectification, resync. Authenticate with the Authorization header, or with ?ticket= from POST /supervision/stream/tickets',
      querystring: { type: 'object', additionalProperties: false, properties: { ticket: { type: 'string', minLength: 20, maxLength: 100 } } },
      response: { 200: { description: 'text/event-stream', type: 'string' }, ...errors },
    },
  }, async (request, reply) => {
    const ticket = (request.query as { ticket?: string }).ticket;
    let principal: Principal;
    if (request.principal) principal = request.principal;
    else if (ticket) {
      const issued = await consumeStreamTicket(app.db.knex, ticket, new Date());
      if (!issued) throw new AppError('TB_AUTH_INVALID_TOKEN');
      principal = issued as unknown as Principal;
    } else principal = requirePrincipal(request);
    const scope = await supervisionScope(principal, directory);
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no',
    });
    let sequence = 0;
    const send = (event: string, data: unknown) => {
      sequence += 1;
      response.write(`id: ${sequence}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    response.write('retry: 3000\n\n');
    send('ready', { scope, mode: bus.mode, at: new Date().toISOString() });
    const unsubscribe = bus.subscribe((message: SupervisionMessage) => {
      if (message.type === 'calendar') return;
      if (message.type === 'resync' || inScope(scope, message)) send(message.type, message);
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    streams.add(response);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    };
    request.raw.on('close', end);
    response.on('close', end);
  });

  app.post('/supervision/live/rebuild', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: 'Rebuild the live counters from the open clocks (operations)',
      response: { 200: { type: 'object', additionalProperties: false, properties: { groups: { type: 'integer' } } }, ...errors },
    },
  }, async (request) => {
    requireRole(request, 'admin');
    return { groups: await rebuildLiveCounters(app.db.knex) };
  });

  // -------------------------------------------------------------------------------------------------------------
  // The legal clock of one application

  app.get('/applications/:id/clock', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'The legal clock of an application: deadline, stops, extensions, warnings, stage deadlines, deemed acceptance',
      params: uuidParams, response: { 200: clockResponse, ...errors },
    },
  }, async (request) => supervision.clockView(requirePrincipal(request), withParams(request.params).id!));

  app.post('/applications/:id/suspensions', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }],
      summary: 'Suspend the clock for a hearing, testing, expert review … the item declares (Art. 45); the applicant is told',
      params: uuidParams, body: suspensionBody, response: { 201: suspensionResponse, ...errors },
    },
  }, async (request, reply) => {
    const body = request.body as { kind: string; reason: string; expectedWorkingDays: number };
    const stop = await supervision.startSuspension(requirePrincipal(request), withParams(request.params).id!, body);
    const clock = await supervision.clockView(requirePrincipal(request), withParams(request.params).id!);
    return reply.status(201).send({
      id: stop.id, kind: stop.kind, reason: stop.reason, expectedWorkingDays: stop.expected_working_days, startedAt: stop.started_at.toISOString(),
      endedAt: null, workingHours: null, countedWorkingDays: null, dueAt: clock.dueAt,
    });
  });

  app.post('/applications/:id/suspensions/:suspensionId/end', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: 'End a suspension: the deadline moves by its working days, rounded up',
      params: {
        type: 'object', additionalProperties: false, required: ['id', 'suspensionId'],
        properties: { id: { type: 'string', format: 'uuid' }, suspensionId: { type: 'string', format: 'uuid' } },
      },
      body: { type: ['object', 'null'], additionalProperties: false, properties: { note: { type: 'string', minLength: 1, maxLength: 1000 } } },
      response: { 200: suspensionResponse, ...errors },
    },
  }, async (request) => {
    const params = withParams(request.params);
    const { stop, clock } = await supervision.endSuspension(requirePrincipal(request), params.id!, params.suspensionId!, (request.body as { note?: string } | null)?.note);
    const calendar = await monitoring.calendar();
    return {
      id: stop.id, kind: stop.kind, reason: stop.reason, expectedWorkingDays: stop.expected_working_days, startedAt: stop.started_at.toISOString(),
      endedAt: iso(stop.ended_at), workingHours: Math.round(((stop.working_ms ?? 0) / 3_600_000) * 100) / 100,
      countedWorkingDays: (stop.counted_ms ?? 0) / calendar.workingDayMillis, dueAt: clock.due_at.toISOString(),
    };
  });

  const extensionView = (row: { id: string; days: number; reason: string; status: string; requested_by: string; requested_at: Date; decided_by: string | null; decided_at: Date | null; opinion: string | null }, dueAt?: Date) => ({
    id: row.id, days: row.days, reason: row.reason, status: row.status, requestedBy: row.requested_by, requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by, decidedAt: iso(row.decided_at), opinion: row.opinion, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}),
  });

  app.post('/applications/:id/extensions', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: 'Request an extension of the period (Art. 42), to be decided by a decider',
      params: uuidParams, body: extensionBody, response: { 201: extensionSchema, ...errors },
    },
  }, async (request, reply) => {
    const row = await supervision.requestExtension(requirePrincipal(request), withParams(request.params).id!, request.body as { days: number; reason: string });
    return reply.status(201).send(extensionView(row));
  });

  app.post('/applications/:id/extensions/:extensionId/decision', {
    preValidation: authenticated,
    schema: {
      tags: ['supervision'], security: [{ bearer: [] }], summary: 'Approve or refuse an extension (a decider of the handling department, not the requester)',
      params: {
        type: 'object', additionalProperties: false, required: ['id', 'extensionId'],
        properties: { id: { type: 'string', format: 'uuid' }, extensionId: { type: 'string', format: 'uuid' } },
      },
      body: decisionBody, response: { 200: extensionSchema, ...errors },
    },
  }, async (request) => {
    const params = withParams(request.params);
    const row = await supervision.decideExtension(requirePrincipal(request), params.id!, params.extensionId!, request.body as { approve: boolean; opinion: string });
    return extensionView(row, row.dueAt);
  });

  app.addHook('preClose', async () => {
    for (const response of streams) response.end();
    streams.clear();
  });
}
