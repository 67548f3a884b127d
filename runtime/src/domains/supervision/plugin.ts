import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ApplicationService } from '../applications/service';
import type { JobService } from '../jobs/service';
import { CalendarAdmin } from '../calendar/service';
import { calendarRoutes } from '../calendar/routes';
import { SupervisionBus } from './bus';
import { Directory } from './directory';
import { evaluationRoutes } from './evaluation-routes';
import { EvaluationService } from './evaluations';
import { MonitoringService } from './monitoring';
import { supervisionRoutes } from './routes';
import { SupervisionService } from './service';
import { loadSupervisionSettings, type SupervisionSettings } from './settings';
import { JOB_TYPES } from './store';

/** The supervision services, for the CLI, the benchmark and tests (`app.services.supervision`). */
export interface SupervisionServices {
  clocks: SupervisionService;
  monitoring: MonitoringService;
  evaluations: EvaluationService;
  bus: SupervisionBus;
  settings: SupervisionSettings;
}

declare module '../../app' {
  interface RuntimeServices {
    supervision?: SupervisionServices;
  }
}

/** Options of {@link supervisionPlugin}. */
export interface SupervisionPluginOptions {
  applications: ApplicationService;
  jobs: JobService;
  /** Overrides of the settings read from the environment (tests). */
  settings?: Partial<SupervisionSettings>;
}

/**
 * Supervision (issue #8) as one plugin: the legal clock listens to every engine step; deadline warnings, deemed
 * acceptance and rectification escalations run as system jobs; the live stream LISTENs on PostgreSQL; the routes
 * of monitoring, ranking, evaluations, rectifications and the calendar administration. Registered once in
 * `buildApp` under `/api/v1`.
 */
export async function supervisionPlugin(app: FastifyInstance, options: SupervisionPluginOptions): Promise<void> {
  const { applications, jobs } = options;
  const settings = { ...loadSupervisionSettings(), ...options.settings };
  const knex = app.db.knex;
  const directory = new Directory(knex);
  const bus = new SupervisionBus(app.db, app.log);
  const clocks = new SupervisionService(knex, applications, bus, directory, settings);
  const monitoring = new MonitoringService(knex, directory, applications.calendars, settings, applications.clock);
  const evaluations = new EvaluationService(knex, applications, bus, directory, settings);

  applications.onStep(clocks.onStep);
  jobs.registerSystem(JOB_TYPES.warning, clocks.warningJob);
  jobs.registerSystem(JOB_TYPES.deemedAcceptance, clocks.deemedAcceptanceJob);
  jobs.registerSystem(JOB_TYPES.escalation, evaluations.escalationJob);
  // Another process edited the calendar: drop the cached one here too.
  bus.subscribe((message) => {
    if (message.type === 'calendar') applications.calendars.invalidate();
  });
  app.addHook('onReady', async () => bus.start());
  app.addHook('onClose', async () => bus.close());
  app.services.supervision = { clocks, monitoring, evaluations, bus, settings };

  const calendarAdmin = new CalendarAdmin(
    knex, applications.calendars, applications.clock,
    (trx, change) => bus.publish(trx, { type: 'calendar', date: change.dates.slice(0, 40).join(',') }),
    async (change) => {
      await clocks.recomputeAround(change.dates);
    },
  );
  const streams = new Set<ServerResponse>();
  await app.register(supervisionRoutes, { supervision: clocks, monitoring, bus, directory, settings, streams });
  await app.register(evaluationRoutes, { evaluations });
  await app.register(calendarRoutes, { admin: calendarAdmin, calendars: applications.calendars });
}
