import type { FastifyInstance } from 'fastify';
import type { ApplicationService, StepEvent } from '../applications/service';
import type { JobRow } from '../applications/store';
import type { JobService } from '../jobs/service';
import { licenceColumns, type LicenceRow } from '../licences/store';
import { FOLLOW_ON_JOB_TYPE, followOnHandler, type FollowOnOutcome } from './follow-on';
import { NearbyService } from './nearby';
import { OfferService } from './offers';
import { ParallelService } from './parallel';
import { ProactiveService, type ProactiveOutcome } from './proactive';
import { REVIEW_JOB_TYPE, ReviewService } from './review';
import { collaborationRoutes } from './routes';
import { loadCollaborationSettings, type CollaborationSettings } from './settings';

/** The job type that issues licences (licences domain); its completion is the `licenceIssued` event. */
const LICENCE_ISSUE_JOB_TYPE = 'tongban.licence-issue';

/** The collaboration services, for the CLI and tests (`app.services.collaboration`). */
export interface CollaborationServices {
  reviews: ReviewService;
  parallel: ParallelService;
  offers: OfferService;
  proactive: ProactiveService;
  nearby: NearbyService;
  settings: CollaborationSettings;
}

declare module '../../app' {
  interface RuntimeServices {
    collaboration?: CollaborationServices;
  }
}

/** Options of {@link collaborationPlugin}. */
export interface CollaborationPluginOptions {
  applications: ApplicationService;
  jobs: JobService;
  /** Overrides of the settings read from the environment (tests). */
  settings?: Partial<CollaborationSettings>;
}

/**
 * Collaboration (issue #9) as one plugin: the review assistant and follow-on job handlers, the step listener that
 * records why parallel branches ended, turns issued licences and closed applications into proactive offers and links
 * service point pre-checks, the intake listener that accepts offers, the task-detail fields of the worklist, and the
 * routes under `/api/v1`.
 */
export async function collaborationPlugin(app: FastifyInstance, options: CollaborationPluginOptions): Promise<void> {
  const { applications, jobs } = options;
  const settings = { ...loadCollaborationSettings(), ...options.settings };
  const knex = app.db.knex;
  const reviews = new ReviewService(applications, settings);
  const parallel = new ParallelService(applications);
  const offers = new OfferService(knex, applications);
  const proactive = new ProactiveService(offers, settings);
  const nearby = new NearbyService(knex, applications, reviews, settings);

  if (settings.reviewAssistant === 'builtin') jobs.register(REVIEW_JOB_TYPE, reviews.handler);
  jobs.register(FOLLOW_ON_JOB_TYPE, followOnHandler(offers, reviews, settings));
  applications.onSubmission(offers.submissionListener);
  applications.onStep(async (event) => onStep(event));
  applications.onTaskDetail(async (task, application) => ({
    review: await reviews.latest(knex, application.id),
    endedReason: task.status === 'cancelled' ? await parallel.endedReason(knex, task.id) : null,
  }));
  app.services.collaboration = { reviews, parallel, offers, proactive, nearby, settings };

  /** Every step of every application passes here, in its transaction; each part returns early when not concerned. */
  async function onStep(event: StepEvent): Promise<void> {
    const { trx, command, before, after, now, actor } = event;
    await parallel.onStep(event);
    if (command.type === 'start') {
      await nearby.onStep(event);
      const offer = await trx('offer').where({ application_id: after.id }).first('id', 'kind', 'source_application_id');
      if (offer) {
        const source = offer.source_application_id ? await trx('application').where({ id: offer.source_application_id }).first('number', 'item_code') : undefined;
        await applications.appendRuntimeEvent(trx, after.id, {
          at: now, actor, kind: 'startedFromOffer',
          data: { name: offer.kind === 'follow-on' ? '由后续服务提醒发起' : '由主动服务提醒发起', offerId: offer.id, kind: offer.kind, ...(source ? { sourceNumber: source.number, sourceItemCode: source.item_code } : {}) },
        });
      }
    }
    if (command.type === 'completeJob') {
      const job = (await trx('job').where({ id: command.jobId }).first('id', 'job_type', 'element_id')) as Pick<JobRow, 'id' | 'job_type' | 'element_id'> | undefined;
      if (job?.job_type === REVIEW_JOB_TYPE) await reviews.onStep(event);
      if (job?.job_type === FOLLOW_ON_JOB_TYPE) {
        const outcomes = (command.variables?.followOnApplications ?? []) as FollowOnOutcome[];
        await applications.appendRuntimeEvent(trx, after.id, {
          at: now, actor, kind: 'followOnOffered', elementId: job.element_id,
          data: { name: '联动发起后续服务', outcomes: outcomes.map(({ itemCode, status, offerId }) => ({ itemCode, status, ...(offerId ? { offerId } : {}) })) },
        });
      }
      if (job?.job_type === LICENCE_ISSUE_JOB_TYPE) {
        const issued = (await trx('licence').where({ application_id: after.id, source: 'issued' }).where('created_at', '>=', now).select(licenceColumns(trx))) as LicenceRow[];
        const outcomes: ProactiveOutcome[] = [];
        for (const licence of issued) outcomes.push(...await proactive.onEvent(trx, { kind: 'licenceIssued', licence, sourceApplicationId: after.id }, now));
        await recordProactive(event, outcomes);
      }
    }
    if (before.status === 'active' && after.status === 'completed' && !after.parent_application_id) {
      await recordProactive(event, await proactive.onEvent(trx, { kind: 'applicationClosed', application: after }, now));
    }
  }

  /** Adds the offers an event produced to the source application's timeline. */
  async function recordProactive(event: StepEvent, outcomes: ProactiveOutcome[]): Promise<void> {
    const offered = outcomes.filter((outcome) => outcome.status === 'offered' || outcome.status === 'existing' || outcome.status === 'rule-error');
    if (offered.length === 0) return;
    await applications.appendRuntimeEvent(event.trx, event.after.id, {
      at: event.now, actor: 'system:proactive', kind: 'proactiveOffered',
      data: { name: '主动服务提醒', outcomes: offered },
    });
  }

  await app.register(collaborationRoutes, { applications, reviews, parallel, offers, proactive, nearby });
}
