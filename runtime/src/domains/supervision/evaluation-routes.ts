import type { FastifyInstance } from 'fastify';
import { contracts, type Evaluation } from '@tongban/schemas';
import { authenticated, requirePrincipal } from '../../plugins/auth';
import { evaluationView, rectificationView, type EvaluationService } from './evaluations';
import { drillProperties, errors, evaluationViewSchema, pageQuery, rectificationViewSchema, uuidParams } from './schemas';

const dateOnly = { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
/** Midnight at the start of a UTC+8 date. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

/**
 * 好差评 and 整改: the applicant's evaluation through any channel; the evaluations of an application and what
 * is left to grade; the lists for supervisors; the rectification steps of a bad grade.
 */
export async function evaluationRoutes(app: FastifyInstance, options: { evaluations: EvaluationService }): Promise<void> {
  const { evaluations } = options;

  app.post('/evaluations', {
    preValidation: authenticated,
    schema: {
      tags: ['evaluations'], security: [{ bearer: [] }],
      summary: 'Grade a service step or the closed case (once per application and stage); a bad grade opens a rectification',
      body: contracts.evaluation,
      response: {
        201: {
          type: 'object', additionalProperties: false, required: ['evaluation'],
          properties: { evaluation: evaluationViewSchema, rectification: { anyOf: [rectificationViewSchema, { type: 'null' }] } },
        },
        ...errors,
      },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const { evaluation, rectification } = await evaluations.evaluate(principal, request.body as Evaluation);
    return reply.status(201).send({
      evaluation: evaluationView({ ...evaluation, rectification_id: rectification?.id ?? null, rectification_status: rectification?.status ?? null }, { staff: false }),
      rectification: rectification ? rectificationView(rectification, evaluation.evaluated_at) : null,
    });
  });

  app.get('/evaluations', {
    preValidation: authenticated,
    schema: {
      tags: ['evaluations'], security: [{ bearer: [] }], summary: 'Evaluations in the caller’s scope (a supervisor’s region, a department head’s department, an applicant’s own)',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          department: drillProperties.department, district: drillProperties.district,
          grade: { type: 'string', enum: ['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'] },
          bad: { type: 'boolean' }, from: dateOnly, to: dateOnly, ...pageQuery,
        },
      },
      response: { 200: { type: 'object', additionalProperties: false, required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array', items: evaluationViewSchema } } }, ...errors },
    },
  }, async (request) => {
    const query = request.query as { department?: string; district?: string; grade?: string; bad?: boolean; from?: string; to?: string; limit?: number; offset?: number };
    return evaluations.search(requirePrincipal(request), {
      ...query, limit: query.limit ?? 50, offset: query.offset ?? 0,
      from: query.from ? dayStart(query.from) : undefined,
      to: query.to ? new Date(dayStart(query.to).getTime() + 86_400_000) : undefined,
    } as Parameters<EvaluationService['search']>[1]);
  });

  app.get('/applications/:id/evaluations', {
    preValidation: authenticated,
    schema: {
      tags: ['evaluations'], security: [{ bearer: [] }], summary: 'An application’s evaluations and the stages its applicant may still grade',
      params: uuidParams,
      response: {
        200: {
          type: 'object', additionalProperties: false, required: ['evaluations', 'evaluable'],
          properties: { evaluations: { type: 'array', items: evaluationViewSchema }, evaluable: { type: 'array', items: { type: 'string' } } },
        },
        ...errors,
      },
    },
  }, async (request) => evaluations.forApplication(requirePrincipal(request), (request.params as { id: string }).id));

  app.get('/rectifications', {
    preValidation: authenticated,
    schema: {
      tags: ['evaluations'], security: [{ bearer: [] }], summary: 'Rectifications: a supervisor’s scope, or the responsible department’s own; oldest deadline first',
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['open', 'verified', 'rectified', 'visited', 'closed'] }, overdue: { type: 'boolean' },
          department: drillProperties.department, district: drillProperties.district, ...pageQuery,
        },
      },
      response: { 200: { type: 'object', additionalProperties: false, required: ['total', 'items'], properties: { total: { type: 'integer' }, items: { type: 'array', items: rectificationViewSchema } } }, ...errors },
    },
  }, async (request) => {
    const query = request.query as Parameters<EvaluationService['rectifications']>[1];
    return evaluations.rectifications(requirePrincipal(request), { ...query, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  });

  app.get('/rectifications/:id', {
    preValidation: authenticated,
    schema: { tags: ['evaluations'], security: [{ bearer: [] }], summary: 'One rectification with its steps', params: uuidParams, response: { 200: rectificationViewSchema, ...errors } },
  }, async (request) => evaluations.rectification(requirePrincipal(request), (request.params as { id: string }).id));

  const steps = [
    {
      path: 'verification', step: 'verify' as const, summary: 'The responsible department verifies the bad grade (核实)',
      body: { type: 'object', additionalProperties: false, required: ['substantiated', 'finding'], properties: { substantiated: { type: 'boolean' }, finding: text(2000) } },
    },
    {
      path: 'measures', step: 'rectify' as const, summary: 'The responsible department reports what it changed (整改措施)',
      body: { type: 'object', additionalProperties: false, required: ['measures'], properties: { measures: text(2000) } },
    },
    {
      path: 'return-visit', step: 'returnVisit' as const, summary: 'The return visit to the applicant (回访) and whether they are satisfied',
      body: {
        type: 'object', additionalProperties: false, required: ['method', 'applicantSatisfied'],
        properties: { method: { type: 'string', enum: ['phone', 'sms', 'visit', 'online'] }, applicantSatisfied: { type: 'boolean' }, note: text(2000) },
      },
    },
    {
      path: 'close', step: 'close' as const, summary: 'A supervisor closes the rectification with its outcome',
      body: {
        type: 'object', additionalProperties: false, required: ['outcome'],
        properties: { outcome: { type: 'string', enum: ['resolved', 'unsubstantiated', 'unresolved'] }, note: text(2000) },
      },
    },
  ];
  for (const entry of steps) {
    app.post(`/rectifications/:id/${entry.path}`, {
      preValidation: authenticated,
      schema: { tags: ['evaluations'], security: [{ bearer: [] }], summary: entry.summary, params: uuidParams, body: entry.body, response: { 200: rectificationViewSchema, ...errors } },
    }, async (request) => evaluations.step(requirePrincipal(request), (request.params as { id: string }).id, entry.step, request.body as Record<string, unknown>));
  }
}
