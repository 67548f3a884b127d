import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';
import type { ApplicationService } from '../applications/service';
import type { JobService } from '../jobs/service';
import { LicenceImporter } from './import';
import { licenceIssueHandler } from './issue';
import { KeyRing, keyRingOptionsFromEnv, type KeyRingOptions } from './keys';
import { licenceReuseListener } from './reuse';
import { licenceRoutes } from './routes';
import { LicenceService } from './service';

declare module 'fastify' {
  interface FastifyInstance {
    /** The licence library (issue #7), for the CLI and tests. */
    licences: LicenceService;
  }
}

/** Options of {@link registerLicences}. */
export interface LicenceDomainOptions {
  database: Database;
  applications: ApplicationService;
  jobs: JobService;
  /** Folder of the rejects files of API imports. */
  dataDir: string;
  clock?: () => Date;
  /** Key ring options; read from the environment by default (docs/licences.md, "Keys"). */
  keys?: KeyRingOptions;
}

/**
 * Wires the licence domain into a runtime: the `tongban.licence-issue` job handler, licence reuse at intake, and
 * the routes under `/api/v1`.
 */
export async function registerLicences(app: FastifyInstance, options: LicenceDomainOptions): Promise<LicenceService> {
  const clock = options.clock ?? (() => new Date());
  const keys = new KeyRing(options.database.knex, { ...(options.keys ?? keyRingOptionsFromEnv()), clock });
  const service = new LicenceService(options.database.knex, keys, clock);
  options.jobs.register('tongban.licence-issue', licenceIssueHandler(service));
  options.applications.onSubmission(licenceReuseListener(service));
  app.decorate('licences', service);
  const importer = new LicenceImporter(options.database, service, clock);
  await app.register(licenceRoutes, { prefix: '/api/v1', service, importer, dataDir: options.dataDir });
  return service;
}
