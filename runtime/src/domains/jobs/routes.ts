import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { authenticated, requireRole } from '../../plugins/auth';
import type { JobService } from './service';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
const errors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef } as const;
const jobParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' } },
} as const;
const worker = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' } as const;
const variables = { type: 'object', maxProperties: 200 } as const;

/**
 * Jobs for external workers (Zeebe's activate / complete / fail / throw error) and incidents. Workers authenticate
 * as administrators or as a service account with the `admin` role in this build.
 */
export async function jobRoutes(app: FastifyInstance, options: { jobs: JobService }): Promise<void> {
  const { jobs } = options;

  app.post('/jobs/activate', {
    preValidation: authenticated,
    schema: {
      tags: ['jobs'], summary: 'Fetch and lock due jobs of a type for an external worker', security: [{ bearer: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['type', 'worker'],
        properties: {
          type: { type: 'string', minLength: 1, maxLength: 200 },
          worker,
          maxJobs: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
          lockSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 60 },
        },
      },
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['jobs'],
          properties: {
            jobs: {
              type: 'array',
              items: {
                type: 'object', additionalProperties: false,
                properties: {
                  id: { type: 'string' }, type: { type: 'string' }, applicationId: { type: 'string' }, applicationNumber: { type: 'string' },
                  elementId: { type: 'string' }, retries: { type: 'integer' }, headers: { type: 'object', additionalProperties: { type: 'string' } },
                  variables: { type: 'object', additionalProperties: true }, lockedUntil: { type: 'string' },
                },
              },
            },
          },
        },
        ...errors,
      },
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const body = request.body as { type: string; worker: string; maxJobs?: number; lockSeconds?: number };
    if (jobs.builtinTypes.includes(body.type)) {
      throw new AppError('TB_AUTH_FORBIDDEN', { path: '/type', params: { reason: { zh: '该作业类型由平台内置处理', en: 'this job type is handled by the platform itself' } } });
    }
    return { jobs: await jobs.activate(body.type, body.worker, body.maxJobs ?? 10, (body.lockSeconds ?? 60) * 1000) };
  });

  const done = { 200: { type: 'object', additionalProperties: false, properties: { ok: { type: 'boolean' } } }, ...errors } as const;

  app.post('/jobs/:id/complete', {
    preValidation: authenticated,
    schema: {
      tags: ['jobs'], summary: 'Complete a locked job with output variables', security: [{ bearer: [] }], params: jobParams,
      body: { type: 'object', additionalProperties: false, required: ['worker'], properties: { worker, variables } },
      response: done,
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const body = request.body as { worker: string; variables?: Record<string, unknown> };
    await jobs.complete((request.params as { id: string }).id, body.worker, body.variables ?? {});
    return { ok: true };
  });

  app.post('/jobs/:id/fail', {
    preValidation: authenticated,
    schema: {
      tags: ['jobs'], summary: 'Report a failure; with no retries left the job becomes an incident', security: [{ bearer: [] }], params: jobParams,
      body: {
        type: 'object', additionalProperties: false, required: ['worker', 'retries', 'errorMessage'],
        properties: {
          worker, retries: { type: 'integer', minimum: 0, maximum: 100 }, errorMessage: { type: 'string', minLength: 1, maxLength: 2000 },
          backoffSeconds: { type: 'integer', minimum: 0, maximum: 86400 },
        },
      },
      response: done,
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const body = request.body as { worker: string; retries: number; errorMessage: string; backoffSeconds?: number };
    await jobs.failExternal((request.params as { id: string }).id, body.worker, body.retries, body.errorMessage, body.backoffSeconds === undefined ? undefined : body.backoffSeconds * 1000);
    return { ok: true };
  });

  app.post('/jobs/:id/error', {
    preValidation: authenticated,
    schema: {
      tags: ['jobs'], summary: 'Throw a BPMN error (a business outcome caught by an error boundary)', security: [{ bearer: [] }], params: jobParams,
      body: {
        type: 'object', additionalProperties: false, required: ['worker', 'errorCode'],
        properties: { worker, errorCode: { type: 'string', minLength: 1, maxLength: 200 }, errorMessage: { type: 'string', maxLength: 2000 }, variables },
      },
      response: done,
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const body = request.body as { worker: string; errorCode: string; errorMessage?: string; variables?: Record<string, unknown> };
    await jobs.throwError((request.params as { id: string }).id, body.worker, body.errorCode, body.errorMessage, body.variables);
    return { ok: true };
  });

  app.get('/incidents', {
    preValidation: authenticated,
    schema: {
      tags: ['jobs'], summary: 'Open incidents (failed jobs, expression errors) to fix and retry', security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, offset: { type: 'integer', minimum: 0, default: 0 } },
      },
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['items', 'total'],
          properties: {
            total: { type: 'integer' },
            items: {
              type: 'array',
              items: {
                type: 'object', additionalProperties: false,
                properties: {
                  id: { type: 'string' }, applicationId: { type: 'string' }, applicationNumber: { type: 'string' }, jobId: { type: ['string', 'null'] },
                  elementId: { type: 'string' }, kind: { type: 'string' }, message: { type: 'string' }, createdAt: { type: 'string' },
                },
              },
            },
          },
        },
        ...errors,
      },
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const { limit, offset } = request.query as { limit?: number; offset?: number };
    const base = app.db.knex('incident as x').join('application as a', 'a.id', 'x.application_id').where('x.status', 'open');
    const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string | number }];
    const rows = await base.clone().select('x.*', 'a.number').orderBy('x.created_at').limit(limit ?? 50).offset(offset ?? 0);
    return {
      total: Number(total),
      items: rows.map((row: Record<string, unknown>) => ({
        id: row.id, applicationId: row.application_id, applicationNumber: row.number, jobId: row.job_id ?? null,
        elementId: row.element_id, kind: row.kind, message: row.message, createdAt: new Date(row.created_at as string).toISOString(),
      })),
    };
  });

  app.post('/incidents/:id/resolve', {
    preValidation: authenticated,
    schema: {
      tags: ['jobs'], summary: 'Retry an incident after a fix', security: [{ bearer: [] }], params: jobParams,
      body: { type: 'object', additionalProperties: false, properties: { retries: { type: 'integer', minimum: 1, maximum: 100 } } },
      response: done,
    },
  }, async (request) => {
    const principal = requireRole(request, 'admin');
    await jobs.resolveIncident((request.params as { id: string }).id, principal.id, (request.body as { retries?: number } | undefined)?.retries ?? 3);
    return { ok: true };
  });
}
