import type { FastifyInstance } from 'fastify';
import {
  contracts, handoverViewSchema, offerAcceptanceSchema, offerListSchema, offerViewSchema, parallelBranchesSchema, preCheckViewSchema,
  proactiveOutcomeListSchema, reviewHistorySchema, servicePointApplicationListSchema, servicePointFiguresSchema, servicePointViewSchema,
  submittedMaterialBody, type ApplicationSubmission,
} from '@tongban/schemas';
import { AppError } from '../../errors/catalogue';
import { authenticated, requirePrincipal, requireRole } from '../../plugins/auth';
import { isStaff } from '../applications/access';
import type { ApplicationService } from '../applications/service';
import { findApplication, type ApplicationRow } from '../applications/store';
import { findLicence } from '../licences/store';
import { HANDOVER_METHODS, type HandoverInput, type NearbyService, type PreCheckInput } from './nearby';
import type { OfferAcceptance, OfferService } from './offers';
import type { ParallelService } from './parallel';
import type { ProactiveEvent, ProactiveService } from './proactive';
import type { ReviewService } from './review';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
const errors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef, 422: errorRef } as const;
const uuidParams = {
  type: 'object', additionalProperties: false, required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;
const note = { type: 'string', minLength: 1, maxLength: 2000 } as const;
const materialId = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;
const { $id: _id, $schema: _schema, title: _title, ...submissionBody } = contracts.applicationSubmission;

/** Options of {@link collaborationRoutes}. */
export interface CollaborationRouteOptions {
  applications: ApplicationService;
  reviews: ReviewService;
  parallel: ParallelService;
  offers: OfferService;
  proactive: ProactiveService;
  nearby: NearbyService;
}

/**
 * The API of issue #9 under `/api/v1`: the review assistant's reports, the branches of a parallel approval, offers
 * (follow-on and proactive services), proactive events, and nearby handling (pre-checks, handovers, figures).
 */
export async function collaborationRoutes(app: FastifyInstance, options: CollaborationRouteOptions): Promise<void> {
  const { applications, reviews, parallel, offers, proactive, nearby } = options;
  const knex = app.db.knex;

  const visibleApplication = async (principal: ReturnType<typeof requirePrincipal>, id: string): Promise<ApplicationRow> => {
    const application = await findApplication(knex, id);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id } });
    await applications.assertVisible(principal, application);
    return application;
  };

  // ------------------------------------------------------------------------------------------ review assistant

  app.get('/applications/:id/review', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'The review assistant’s reports (智能审核辅助) of an application: the newest suggestion and every run',
      security: [{ bearer: [] }], params: uuidParams, response: { 200: reviewHistorySchema, ...errors },
    },
  }, async (request) => {
    const application = await visibleApplication(requirePrincipal(request), (request.params as { id: string }).id);
    const reports = await reviews.history(knex, application.id);
    return { latest: reports[0] ?? null, reports };
  });

  // ------------------------------------------------------------------------------------------ parallel approval

  app.get('/applications/:id/branches', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'],
      summary: 'The branches of a parallel approval (并联审批): each department’s status, outcome, opinion, who and when, and why a branch ended',
      security: [{ bearer: [] }], params: uuidParams, response: { 200: parallelBranchesSchema, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const application = await visibleApplication(principal, (request.params as { id: string }).id);
    return parallel.view(knex, application, { showStaffIds: isStaff(principal) || principal.roles.includes('supervisor') || principal.roles.includes('admin') });
  });

  // ------------------------------------------------------------------------------------------ offers

  app.get('/offers', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'The caller’s offers: follow-on (全生命周期) and proactive (主动服务) services, prefilled', security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['pending', 'accepted', 'declined', 'expired'] },
          holder: { type: 'string', pattern: '^[0-9A-Z]{18}$' },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
        },
      },
      response: { 200: offerListSchema, ...errors },
    },
  }, async (request) => offers.list(requirePrincipal(request), request.query as { status?: string; holder?: string; limit?: number; offset?: number }));

  app.get('/offers/:id', {
    preValidation: authenticated,
    schema: { tags: ['collaboration'], summary: 'An offer, with what is still to complete', security: [{ bearer: [] }], params: uuidParams, response: { 200: offerViewSchema, ...errors } },
  }, async (request) => offers.get(requirePrincipal(request), (request.params as { id: string }).id));

  app.post('/offers/:id/accept', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'],
      summary: 'Confirm an offer: submit the prefilled application with what the holder adds (form fields, materials); accepting consents to the prefilled licences',
      security: [{ bearer: [] }], params: uuidParams,
      body: {
        type: 'object', additionalProperties: false,
        properties: {
          formData: { type: 'object', maxProperties: 500 },
          materials: { type: 'array', maxItems: 200, items: submittedMaterialBody },
          regionCode: submissionBody.properties.regionCode,
          channel: submissionBody.properties.channel,
          applicant: {
            type: 'object', additionalProperties: false,
            properties: { phone: { type: 'string', pattern: '^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?|[0-9]{5})$' }, address: { type: 'string', minLength: 1, maxLength: 300 } },
          },
        },
      },
      response: { 200: offerAcceptanceSchema, ...errors },
    },
  }, async (request) => offers.accept(requirePrincipal(request), (request.params as { id: string }).id, (request.body ?? {}) as OfferAcceptance));

  app.post('/offers/:id/decline', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'Decline an offer (暂不办理); it is not offered again for the same event', security: [{ bearer: [] }], params: uuidParams,
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } } },
      response: { 200: offerViewSchema, ...errors },
    },
  }, async (request) => offers.decline(requirePrincipal(request), (request.params as { id: string }).id, (request.body as { reason?: string } | undefined)?.reason));

  app.post('/proactive/events', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'],
      summary: 'Match an event against the proactive rules (administrators and integrations): a licence issued elsewhere, an application or an archived case closed',
      security: [{ bearer: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['kind'],
        properties: {
          kind: { type: 'string', enum: ['licenceIssued', 'applicationClosed', 'archiveCaseClosed'] },
          licenceId: { type: 'string', minLength: 1, maxLength: 200 },
          applicationId: { type: 'string', format: 'uuid' },
          caseNumber: { type: 'string', minLength: 1, maxLength: 40 },
        },
      },
      response: { 200: proactiveOutcomeListSchema, ...errors },
    },
  }, async (request) => {
    requireRole(request, 'admin');
    const body = request.body as { kind: ProactiveEvent['kind']; licenceId?: string; applicationId?: string; caseNumber?: string };
    const now = applications.clock();
    return knex.transaction(async (trx) => {
      let event: ProactiveEvent;
      if (body.kind === 'licenceIssued') {
        const licence = body.licenceId ? await findLicence(trx, body.licenceId) : undefined;
        if (!licence) throw new AppError('TB_OFFER_EVENT_SOURCE_NOT_FOUND', { params: { key: body.licenceId ?? '-' }, path: '/licenceId' });
        event = { kind: 'licenceIssued', licence };
      } else if (body.kind === 'applicationClosed') {
        const application = body.applicationId ? await findApplication(trx, body.applicationId) : undefined;
        if (!application || application.status === 'active') throw new AppError('TB_OFFER_EVENT_SOURCE_NOT_FOUND', { params: { key: body.applicationId ?? '-' }, path: '/applicationId' });
        event = { kind: 'applicationClosed', application };
      } else {
        const archiveCase = body.caseNumber ? await trx('archive_case').where({ case_number: body.caseNumber }).first() : undefined;
        if (!archiveCase) throw new AppError('TB_OFFER_EVENT_SOURCE_NOT_FOUND', { params: { key: body.caseNumber ?? '-' }, path: '/caseNumber' });
        event = { kind: 'archiveCaseClosed', archiveCase: archiveCase as Record<string, unknown> };
      }
      return { outcomes: await proactive.onEvent(trx, event, now) };
    });
  });

  // ------------------------------------------------------------------------------------------ nearby handling

  app.post('/service-points/pre-checks', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'],
      summary: 'Record a service point’s pre-check (预审) of the materials: of an application received there, or of a submission about to be made on the applicant’s behalf (帮代办)',
      security: [{ bearer: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['materials', 'conclusion'],
        properties: {
          applicationId: { type: 'string', format: 'uuid' },
          submission: submissionBody,
          materials: {
            type: 'array', maxItems: 200,
            items: {
              type: 'object', additionalProperties: false, required: ['materialId', 'result'],
              properties: {
                materialId, result: { type: 'string', enum: ['ok', 'missing', 'problem'] }, original: { type: 'boolean' },
                copies: { type: 'integer', minimum: 0, maximum: 50 }, note,
              },
            },
          },
          conclusion: { type: 'string', enum: ['complete', 'incomplete'] },
          note,
        },
      },
      response: { 201: preCheckViewSchema, ...errors },
    },
  }, async (request, reply) => {
    const principal = requireRole(request, 'acceptance-clerk', 'clerk', 'reviewer', 'decider');
    const body = request.body as PreCheckInput & { submission?: ApplicationSubmission };
    return reply.status(201).send(await nearby.preCheck(principal, body));
  });

  app.post('/applications/:id/handovers', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'The service point hands the originals over to the competent department (what, how, when)', security: [{ bearer: [] }],
      params: uuidParams,
      body: {
        type: 'object', additionalProperties: false, required: ['originals', 'method'],
        properties: {
          originals: {
            type: 'array', minItems: 1, maxItems: 200,
            items: {
              type: 'object', additionalProperties: false, required: ['materialId', 'copies'],
              properties: { materialId, copies: { type: 'integer', minimum: 1, maximum: 50 }, kind: { type: 'string', enum: ['original', 'copy'] }, note },
            },
          },
          method: { type: 'string', enum: HANDOVER_METHODS },
          trackingNumber: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9-]+$' },
          note,
        },
      },
      response: { 201: handoverViewSchema, ...errors },
    },
  }, async (request, reply) => {
    const principal = requireRole(request, 'acceptance-clerk', 'clerk', 'reviewer', 'decider');
    return reply.status(201).send(await nearby.handOver(principal, (request.params as { id: string }).id, request.body as HandoverInput));
  });

  app.post('/handovers/:id/receive', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'The competent department confirms receipt of the originals', security: [{ bearer: [] }], params: uuidParams,
      body: { type: 'object', additionalProperties: false, properties: { note } },
      response: { 200: handoverViewSchema, ...errors },
    },
  }, async (request) => {
    const principal = requireRole(request, 'acceptance-clerk', 'clerk', 'reviewer', 'decider');
    return nearby.receive(principal, (request.params as { id: string }).id, (request.body as { note?: string } | undefined)?.note);
  });

  app.get('/applications/:id/service-point', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'Where an application was received (就近办), its pre-checks and handovers of originals', security: [{ bearer: [] }],
      params: uuidParams, response: { 200: servicePointViewSchema, ...errors },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    const application = await findApplication(knex, id);
    if (!application) throw new AppError('TB_APPLICATION_NOT_FOUND', { params: { id } });
    await nearby.assertMaySee(principal, application);
    return nearby.view(knex, application);
  });

  app.get('/service-points/applications', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'Applications the caller’s service point received for a higher level, with pre-check and handover state', security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          status: { type: 'string', enum: ['active', 'completed', 'terminated', 'cancelled', 'withdrawn'] },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
          offset: { type: 'integer', minimum: 0, maximum: 1000000, default: 0 },
        },
      },
      response: { 200: servicePointApplicationListSchema, ...errors },
    },
  }, async (request) => nearby.received(requirePrincipal(request), request.query as { status?: string; limit?: number; offset?: number }));

  app.get('/service-points/figures', {
    preValidation: authenticated,
    schema: {
      tags: ['collaboration'], summary: 'Figures of nearby handling per service point in a region and period (supervisors, administrators, service point staff)',
      security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false, required: ['from', 'to'],
        properties: {
          regionCode: { type: 'string', pattern: '^(?:[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$' },
          from: { type: 'string', format: 'date-time' },
          to: { type: 'string', format: 'date-time' },
        },
      },
      response: { 200: servicePointFiguresSchema, ...errors },
    },
  }, async (request) => {
    const query = request.query as { regionCode?: string; from: string; to: string };
    return nearby.figures(requirePrincipal(request), { ...(query.regionCode ? { regionCode: query.regionCode } : {}), from: new Date(query.from), to: new Date(query.to) });
  });
}
