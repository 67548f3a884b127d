import type { FastifyInstance } from 'fastify';
import {
  applicationListSchema, applicationViewSchema, contracts, progressSchema, submissionReceiptSchema, submittedMaterialBody,
  taskCompletionResultSchema, taskDetailSchema, taskListSchema, taskViewSchema, timelineSchema, type ApplicationSubmission,
} from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import { authenticated, requirePrincipal, requireRole } from '../../plugins/auth';
import { archivedProgress } from '../archive/progress';
import { isApplicantOf, isStaff } from './access';
import { verifyHistory } from './history';
import { allowedOutcomes } from './outcomes';
import { isApplicationNumber } from './number';
import type { ApplicationService, TaskCompletion } from './service';
import { findApplication, findApplicationByNumber, type TaskRow } from './store';
import { applicationView, maskName, taskView, timelineView } from './views';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
const errors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef, 413: errorRef, 415: errorRef, 422: errorRef, 429: errorRef } as const;
const uuidParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;
const taskParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' } },
} as const;
const nullableString = { type: ['string', 'null'] } as const;





/** Intake, the applicant's and staff's views of applications, supplementation, withdrawal and the public lookup. */
export async function applicationRoutes(app: FastifyInstance, options: { service: ApplicationService }): Promise<void> {
  const { service } = options;
  const knex = app.db.knex;

  app.post('/applications', {
    preValidation: authenticated,
    schema: {
      tags: ['applications'],
      summary: 'Submit an application (申请). Send an Idempotency-Key header to make retries safe.',
      security: [{ bearer: [] }],
      headers: {
        type: 'object',
        properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 200, pattern: '^[A-Za-z0-9._:-]+$' } },
      },
      body: contracts.applicationSubmission,
      response: { 200: submissionReceiptSchema, 201: submissionReceiptSchema, ...errors },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const key = request.headers['idempotency-key'] as string | undefined;
    const { status, receipt } = await service.submit(principal, request.body as ApplicationSubmission, key);
    request.log.info({ applicationNumber: receipt.number, user: principal.id }, 'application submitted');
    return reply.status(status).send(receipt);
  });

  app.get('/applications', {
    preValidation: authenticated,
    schema: {
      tags: ['applications'],
      summary: 'Applications in the caller’s scope: an applicant’s own, a supervisor’s region, staff’s department and region',
      security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['active', 'completed', 'terminated', 'cancelled', 'withdrawn'] },
          itemCode: { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}$' },
          number: { type: 'string', maxLength: 40 },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
          offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
        },
      },
      response: {
        200: applicationListSchema,
        ...errors,
      },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const query = request.query as { status?: string; itemCode?: string; number?: string; limit?: number; offset?: number };
    const base = knex('application as a').join('item as i', 'i.code', 'a.item_code');
    // Data scope in the query itself (issue #4): never rely on the UI to filter.
    if (principal.roles.includes('admin')) {
      // all
    } else if (principal.roles.includes('supervisor') && principal.regionCode) {
      base.where('a.region_code', 'like', `${principal.regionCode}%`);
    } else if (isStaff(principal) && principal.departmentCode && principal.regionCode) {
      const { departmentCode, regionCode } = principal;
      base.where((w) => w
        .where({ 'a.department_code': departmentCode, 'a.region_code': regionCode })
        .orWhereExists(knex('task as t').whereRaw('t.application_id = a.id').where({ 't.department_code': departmentCode, 't.region_code': regionCode })));
    } else {
      const ids = [principal.idNumber, principal.creditCode].filter((value): value is string => Boolean(value));
      base.where((w) => {
        w.where('a.submitted_by', principal.id);
        if (ids.length > 0) w.orWhereIn('a.applicant_id_number', ids);
      });
    }
    if (query.status) base.where('a.status', query.status);
    if (query.itemCode) base.where('a.item_code', query.itemCode);
    if (query.number) base.where('a.number', query.number);
    const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string | number }];
    const rows = await base.clone()
      .select('a.id', 'a.number', 'a.item_code', 'i.name as item_name', 'a.applicant_name', 'a.applicant_kind', 'a.status', 'a.stage', 'a.result',
        'a.region_code', 'a.department_code', 'a.submitted_at', 'a.due_at', 'a.closed_at')
      .orderBy('a.submitted_at', 'desc')
      .limit(query.limit ?? 20)
      .offset(query.offset ?? 0);
    return {
      total: Number(total),
      items: rows.map((row: Record<string, unknown>) => ({
        id: row.id, number: row.number, itemCode: row.item_code, itemName: row.item_name,
        applicantName: row.applicant_name, status: row.status, stage: row.stage, result: row.result,
        regionCode: row.region_code, departmentCode: row.department_code,
        submittedAt: new Date(row.submitted_at as string).toISOString(),
        dueAt: row.due_at ? new Date(row.due_at as string).toISOString() : null,
        closedAt: row.closed_at ? new Date(row.closed_at as string).toISOString() : null,
      })),
    };
  });

  app.get('/applications/:id', {
    preValidation: authenticated,
    schema: {
      tags: ['applications'], summary: 'An application with its tasks and materials', security: [{ bearer: [] }],
      params: uuidParams, response: { 200: applicationViewSchema, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    const application = await findApplication(knex, id);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id } });
    await service.assertVisible(principal, application);
    return applicationView(knex, application, principal);
  });

  app.get('/applications/:id/timeline', {
    preValidation: authenticated,
    schema: {
      tags: ['applications'], summary: 'The application’s timeline: each step, who, where, when, opinion and duration',
      security: [{ bearer: [] }], params: uuidParams,
      querystring: { type: 'object', additionalProperties: false, properties: { detail: { type: 'string', enum: ['steps', 'full'] } } },
      response: {
        200: timelineSchema,
        ...errors,
      },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    const { detail } = request.query as { detail?: string };
    const application = await findApplication(knex, id);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id } });
    await service.assertVisible(principal, application);
    const full = detail === 'full' && !isApplicantOf(principal, application);
    return { events: await timelineView(knex, application, { full, public: false }), chain: await verifyHistory(knex, id) };
  });

  app.post('/applications/:id/supplement', {
    preValidation: authenticated,
    schema: {
      tags: ['applications'], summary: 'Hand in the supplementary materials (补正) the acceptance asked for',
      security: [{ bearer: [] }], params: uuidParams,
      body: {
        type: 'object', additionalProperties: false, required: ['materials'],
        properties: { materials: { type: 'array', minItems: 1, maxItems: 200, items: submittedMaterialBody } },
      },
      response: { 200: { type: 'object', additionalProperties: false, properties: { status: { type: 'string' }, stage: { type: 'string' } } }, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    const body = request.body as { materials: NonNullable<ApplicationSubmission['materials']> };
    const updated = await service.supplement(principal, id, body);
    return { status: updated.status, stage: updated.stage };
  });

  app.post('/applications/:id/withdraw', {
    preValidation: authenticated,
    schema: {
      tags: ['applications'], summary: 'Withdraw (撤回) an application before its decision', security: [{ bearer: [] }],
      params: uuidParams,
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 } } },
      response: { 200: { type: 'object', additionalProperties: false, properties: { status: { type: 'string' }, result: nullableString } }, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    const updated = await service.withdraw(principal, id, (request.body as { reason: string }).reason);
    return { status: updated.status, result: updated.result };
  });

  app.get('/progress', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['applications'],
      summary: 'Public progress lookup by application number and the applicant’s ID number (no login; personal data masked)',
      querystring: {
        type: 'object', additionalProperties: false, required: ['number', 'idNumber'],
        properties: {
          number: { type: 'string', minLength: 1, maxLength: 40 },
          idNumber: { type: 'string', pattern: '^[0-9A-Z]{18}$' },
        },
      },
      response: {
        200: progressSchema,
        ...errors,
      },
    },
  }, async (request) => {
    const { number, idNumber } = request.query as { number: string; idNumber: string };
    // A mistyped number fails its check character here, before any query.
    const application = isApplicationNumber(number) ? await findApplicationByNumber(knex, number) : undefined;
    // Archived cases (历史办件) migrated from earlier systems answer the same masked view (issue #10).
    const archived = application ? undefined : await archivedProgress(knex, number, idNumber);
    if (archived) return archived;
    // The same answer for a wrong number and a wrong ID number: the lookup must not confirm who applied.
    if (!application || application.applicant_id_number !== idNumber) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id: number }, path: '/number' });
    const item = await knex('item').where({ code: application.item_code }).first('name');
    return {
      number: application.number,
      itemName: item?.name ?? application.item_code,
      applicantName: maskName(application.applicant_name, application.applicant_kind),
      status: application.status,
      stage: application.stage,
      result: application.result,
      submittedAt: new Date(application.submitted_at).toISOString(),
      dueAt: application.due_at ? new Date(application.due_at).toISOString() : null,
      closedAt: application.closed_at ? new Date(application.closed_at).toISOString() : null,
      steps: await timelineView(knex, application, { full: false, public: true }),
    };
  });

  // ------------------------------------------------------------------------------------------------ worklist

  app.get('/tasks', {
    preValidation: authenticated,
    schema: {
      tags: ['worklist'],
      summary: 'The caller’s worklist: open tasks of their department and region where they are a candidate or the assignee',
      security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['open', 'completed', 'cancelled'], default: 'open' },
          stage: { type: 'string', enum: ['accept', 'review', 'decide', 'close', 'deliver'] },
          itemCode: { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}$' },
          assigned: { type: 'string', enum: ['me', 'unassigned', 'any'], default: 'any' },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
          offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
        },
      },
      response: {
        200: taskListSchema,
        ...errors,
      },
    },
  }, async (request) => {
    const principal = requireRole(request, 'acceptance-clerk', 'reviewer', 'decider', 'clerk');
    const query = request.query as { status?: string; stage?: string; itemCode?: string; assigned?: string; limit?: number; offset?: number };
    if (!principal.departmentCode || !principal.regionCode) return { total: 0, items: [] };
    const base = knex('task as t')
      .join('application as a', 'a.id', 't.application_id')
      .join('item as i', 'i.code', 'a.item_code')
      .where({ 't.department_code': principal.departmentCode, 't.region_code': principal.regionCode, 't.status': query.status ?? 'open' })
      .where((w) => w
        .whereRaw('t.candidate_groups && ?::text[]', [principal.roles])
        .orWhereRaw('? = ANY(t.candidate_users)', [principal.id])
        .orWhere('t.assignee', principal.id));
    if (query.stage) base.where('t.stage', query.stage);
    if (query.itemCode) base.where('a.item_code', query.itemCode);
    if (query.assigned === 'me') base.where('t.assignee', principal.id);
    if (query.assigned === 'unassigned') base.whereNull('t.assignee');
    const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string | number }];
    const rows = await base.clone()
      .select('t.*', 'a.number as application_number', 'a.item_code as item_code', 'i.name as item_name', 'a.applicant_name as applicant_name')
      .orderByRaw('t.due_at ASC NULLS LAST, t.created_at ASC')
      .limit(query.limit ?? 20)
      .offset(query.offset ?? 0);
    return {
      total: Number(total),
      items: rows.map((row: TaskRow & { application_number: string; item_code: string; item_name: string; applicant_name: string }) =>
        taskView(row, { applicationNumber: row.application_number, itemCode: row.item_code, itemName: row.item_name, applicantName: row.applicant_name })),
    };
  });

  const loadTaskInScope = async (principalId: Parameters<typeof requirePrincipal>[0], id: string) => {
    const principal = requirePrincipal(principalId);
    const task = await service.findTask(id);
    if (!task) throw new AppError('TB_TASK_NOT_FOUND', { params: { id } });
    if (!(principal.departmentCode === task.department_code && principal.regionCode === task.region_code) && !principal.roles.includes('admin')) {
      throw new AppError('TB_AUTH_OUT_OF_SCOPE', { params: { reason: { zh: '该任务不属于您所在的部门和地区', en: 'the task belongs to another department or region' } } });
    }
    return { principal, task };
  };

  app.get('/tasks/:id', {
    preValidation: authenticated,
    schema: {
      tags: ['worklist'], summary: 'A task with its application and the form to fill', security: [{ bearer: [] }], params: taskParams,
      response: {
        200: taskDetailSchema,
        ...errors,
      },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    const { principal, task } = await loadTaskInScope(request, id);
    const application = await findApplication(knex, task.application_id);
    const version = await knex('item_version').where({ id: application!.item_version_id }).first('forms');
    const forms = (typeof version?.forms === 'string' ? JSON.parse(version.forms) : version?.forms) as Record<string, unknown> | undefined;
    return {
      task: taskView(task),
      application: await applicationView(knex, application!, principal),
      form: task.form_id ? (forms?.[task.form_id] as Record<string, unknown> | undefined) ?? null : null,
      allowedOutcomes: [...allowedOutcomes(task.stage, task.headers)],
      ...(await service.taskDetailExtras(task, application!)),
    };
  });

  const taskAction = {
    tags: ['worklist'], security: [{ bearer: [] }], params: taskParams,
    response: { 200: taskViewSchema, ...errors },
  };

  app.post('/tasks/:id/claim', { preValidation: authenticated, schema: { ...taskAction, summary: 'Claim a task (签收)' } }, async (request) =>
    taskView(await service.claimTask(requirePrincipal(request), (request.params as { id: string }).id)));

  app.post('/tasks/:id/unclaim', { preValidation: authenticated, schema: { ...taskAction, summary: 'Give a claimed task back' } }, async (request) =>
    taskView(await service.unclaimTask(requirePrincipal(request), (request.params as { id: string }).id)));

  app.post('/tasks/:id/delegate', {
    preValidation: authenticated,
    schema: {
      ...taskAction, summary: 'Hand a task to a colleague (转办)',
      body: {
        type: 'object', additionalProperties: false, required: ['userId'],
        properties: { userId: { type: 'string', minLength: 1, maxLength: 100 }, reason: { type: 'string', maxLength: 1000 } },
      },
    },
  }, async (request) => {
    const body = request.body as { userId: string; reason?: string };
    return taskView(await service.delegateTask(requirePrincipal(request), (request.params as { id: string }).id, body.userId, body.reason));
  });

  const completionBody = {
    type: 'object', additionalProperties: false,
    properties: {
      outcome: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[a-z][a-zA-Z-]*$' },
      opinion: { type: 'string', minLength: 1, maxLength: 4000 },
      formData: { type: 'object', maxProperties: 500 },
      missingMaterials: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }, maxItems: 200, uniqueItems: true },
    },
  } as const;

  app.post('/tasks/:id/complete', {
    preValidation: authenticated,
    schema: {
      ...taskAction,
      summary: 'Complete a task with an outcome, an opinion (审批意见) and the task form; acceptance may accept, reject or ask for supplementation',
      body: completionBody,
      response: { 200: taskCompletionResultSchema, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { task, application } = await service.completeTask(principal, (request.params as { id: string }).id, request.body as TaskCompletion);
    request.log.info({ applicationNumber: application.number, task: task.id, outcome: task.outcome, user: principal.id }, 'task completed');
    return { task: taskView(task), applicationStatus: application.status, applicationStage: application.stage };
  });

  app.post('/tasks/:id/return', {
    preValidation: authenticated,
    schema: {
      ...taskAction,
      summary: 'Return a case to the earlier step (退回) with a reason, where the procedure allows it',
      body: { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 4000 } } },
      response: { 200: taskCompletionResultSchema, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { task, application } = await service.completeTask(principal, (request.params as { id: string }).id, { outcome: 'return', opinion: (request.body as { reason: string }).reason });
    return { task: taskView(task), applicationStatus: application.status, applicationStage: application.stage };
  });

}
