import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { authenticated, requireRole } from '../../plugins/auth';
import type { CalendarStore } from '../../engine/calendar';
import type { CalendarAdmin } from './service';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
const errors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef } as const;
const date = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const kind = { type: 'string', enum: ['holiday', 'workday'] } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const nullableString = { type: ['string', 'null'] } as const;
const dayView = {
  type: 'object', additionalProperties: false,
  properties: { date: { type: 'string' }, kind: { type: 'string' }, name: nullableString, source: nullableString, updatedBy: { type: 'string' }, updatedAt: { type: 'string' } },
} as const;
const yearView = {
  type: 'object', additionalProperties: false,
  properties: {
    year: { type: 'integer' }, coverage: { type: 'string', enum: ['published', 'provisional', 'missing'] }, workingDays: { type: 'integer' },
    days: { type: 'array', items: dayView }, changed: { type: 'array', items: { type: 'string' } },
  },
} as const;

/**
 * The working-day calendar: anyone may read it and compute a deadline; administrators set or remove a date or
 * replace a year (the State Council's notice), each with a reason, in the audit trail.
 */
export async function calendarRoutes(app: FastifyInstance, options: { admin: CalendarAdmin; calendars: CalendarStore }): Promise<void> {
  const { admin, calendars } = options;

  app.get('/calendar', {
    schema: {
      tags: ['calendar'], summary: 'Public holidays and make-up working days of a year, its coverage and number of working days',
      querystring: { type: 'object', additionalProperties: false, required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } },
      response: { 200: yearView, ...errors },
    },
  }, async (request) => admin.year((request.query as { year: number }).year));

  app.get('/calendar/deadline', {
    schema: {
      tags: ['calendar'], summary: 'The deadline of N working days from an instant (Art. 82, the after-hours cut-off) and the receipt day',
      querystring: {
        type: 'object', additionalProperties: false, required: ['from', 'days'],
        properties: { from: { type: 'string', format: 'date-time' }, days: { type: 'integer', minimum: -3650, maximum: 3650 } },
      },
      response: {
        200: {
          type: 'object', additionalProperties: false,
          properties: { from: { type: 'string' }, days: { type: 'integer' }, receiptDate: { type: 'string' }, dueAt: { type: 'string' }, coverage: { type: 'string' } },
        },
        ...errors,
      },
    },
  }, async (request) => {
    const query = request.query as { from: string; days: number };
    const calendar = await calendars.get();
    const dueAt = calendar.addWorkingDays(query.from, query.days);
    return { from: query.from, days: query.days, receiptDate: calendar.receiptDate(query.from), dueAt: calendar.format(dueAt), coverage: calendar.coverageOf(dueAt) };
  });

  app.put('/calendar/days/:date', {
    preValidation: authenticated,
    schema: {
      tags: ['calendar'], security: [{ bearer: [] }], summary: 'Set a date as a public holiday or a make-up working day (administrators; audited)',
      params: { type: 'object', additionalProperties: false, required: ['date'], properties: { date } },
      body: { type: 'object', additionalProperties: false, required: ['kind', 'reason'], properties: { kind, name: text(100), source: text(200), reason: text(500) } },
      response: { 200: dayView, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, 'admin');
    return admin.setDay(principal.id, (request.params as { date: string }).date, request.body as { kind: 'holiday' | 'workday'; name?: string; source?: string; reason: string });
  });

  app.delete('/calendar/days/:date', {
    preValidation: authenticated,
    schema: {
      tags: ['calendar'], security: [{ bearer: [] }], summary: 'Remove a date’s entry; the weekday rule applies again (administrators; audited)',
      params: { type: 'object', additionalProperties: false, required: ['date'], properties: { date } },
      querystring: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: text(500) } },
      response: { 204: { type: 'null' }, ...errors },
    },
  }, async (request, reply) => {
    const principal = requireRole(request, 'admin');
    await admin.deleteDay(principal.id, (request.params as { date: string }).date, (request.query as { reason: string }).reason);
    return reply.status(204).send();
  });

  app.put('/calendar/years/:year', {
    preValidation: authenticated,
    schema: {
      tags: ['calendar'], security: [{ bearer: [] }], summary: 'Replace a year with a notice’s days, e.g. a provisional year once the State Council publishes it',
      params: { type: 'object', additionalProperties: false, required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } },
      body: {
        type: 'object', additionalProperties: false, required: ['source', 'reason', 'days'],
        properties: {
          source: text(200), reason: text(500),
          days: { type: 'array', maxItems: 200, items: { type: 'object', additionalProperties: false, required: ['date', 'kind'], properties: { date, kind, name: text(100) } } },
        },
      },
      response: { 200: yearView, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, 'admin');
    const body = request.body as { source: string; reason: string; days: Array<{ date: string; kind: 'holiday' | 'workday'; name?: string }> };
    if (/provisional|暂定/i.test(body.source)) {
      throw new AppError('TB_REQUEST_INVALID', { path: '/source', details: [{ path: '/source', code: 'TB_CALENDAR_SOURCE_PROVISIONAL', message: { zh: '请填写正式发布的通知文号', en: 'name the published notice' }, location: 'body' }] });
    }
    return admin.replaceYear(principal.id, (request.params as { year: number }).year, body);
  });

  app.get('/calendar/audit', {
    preValidation: authenticated,
    schema: {
      tags: ['calendar'], security: [{ bearer: [] }], summary: 'The calendar’s audit trail, newest first (administrators and supervisors)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { date, year: { type: 'integer', minimum: 2000, maximum: 2100 }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
      },
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object', additionalProperties: false,
                properties: {
                  id: { type: 'integer' }, date: { type: 'string' }, action: { type: 'string' }, before: { type: ['object', 'null'], additionalProperties: true },
                  after: { type: ['object', 'null'], additionalProperties: true }, actor: { type: 'string' }, reason: nullableString, at: { type: 'string' },
                },
              },
            },
          },
        },
        ...errors,
      },
    },
  }, async (request) => {
    requireRole(request, 'admin', 'supervisor');
    const query = request.query as { date?: string; year?: number; limit?: number };
    return { items: await admin.auditTrail({ ...query, limit: query.limit ?? 100 }) };
  });
}
