import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Database } from './db/database';
import { loadConfig, type RuntimeConfig } from './config';
import { dbPlugin } from './plugins/db';
import { errorsPlugin } from './plugins/errors';
import { createValidatorCompiler } from './plugins/validation';
import { loggerOptions } from './plugins/logging';
import { designerPlugin } from './plugins/designer';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { authPlugin } from './plugins/auth';
import { authRoutes } from './domains/auth/routes';
import { healthRoutes } from './domains/health/routes';
import { catalogueRoutes } from './domains/catalogue/routes';
import { applicationRoutes } from './domains/applications/routes';
import { ApplicationService } from './domains/applications/service';
import { fileRoutes } from './domains/files/routes';
import { DiskFileStorage, type FileStorage } from './domains/files/storage';
import { registerBuiltinHandlers } from './domains/jobs/handlers';
import { registerLicences } from './domains/licences/domain';
import { jobRoutes } from './domains/jobs/routes';
import { itemsPlugin } from './domains/items/plugin';
import { JobService } from './domains/jobs/service';
import { supervisionPlugin } from './domains/supervision/plugin';
import { collaborationPlugin } from './domains/collaboration/plugin';
import path from 'node:path';
import { errorBodySchema } from './errors/catalogue';

/** Options of {@link buildApp}. */
export interface AppOptions {
  config?: Partial<RuntimeConfig>;
  /** An already open database (tests pass theirs); otherwise one is opened from the config and closed with the app. */
  database?: Database;
  /** fastify logger options; `false` silences it (tests). */
  logger?: FastifyServerOptions['logger'];
  /** The clock of every command (tests move it). */
  clock?: () => Date;
  /** Where uploaded files go; defaults to `<dataDir>/files` on disk. */
  storage?: FileStorage;
  /** Largest accepted upload, bytes (default 20 MiB). */
  maxUploadBytes?: number;
  /** The built designer to serve at `/` (default designer/dist when it exists). */
  designerRoot?: string;
}

/** The services behind the routes, for the CLI's worker loop and for tests. */
export interface RuntimeServices {
  applications: ApplicationService;
  jobs: JobService;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: RuntimeServices;
  }
}

/**
 * Builds the runtime's fastify application without listening: the plugins (database, errors, validation) and every
 * domain under `/api/v1`. `server.ts` and `cli.ts` only start it; tests drive it with `inject`.
 */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const config = { ...loadConfig(), ...options.config };
  const database = options.database ?? openDatabase({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), dataDir: config.dataDir });
  const validatorCompiler = createValidatorCompiler();
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config.logLevel),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,100}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 2 * 1024 * 1024,
    schemaController: {
      compilersFactory: { buildValidator: (() => validatorCompiler) as unknown as NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator'] },
    },
  });
  app.addSchema(errorBodySchema);
  await app.register(errorsPlugin);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tongban (通办) runtime API',
        description: 'Catalogue, intake, worklist, progress, licences and supervision of one-stop government services.',
        version: '1.0.0',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(designerPlugin, options.designerRoot ? { root: options.designerRoot } : {});
  await app.register(rateLimit, { global: false });
  await app.register(dbPlugin, { database, closeWithApp: !options.database });
  await app.register(authPlugin, { config });
  const applications = new ApplicationService(database.knex, options.clock);
  const jobs = new JobService(database.knex, applications, options.clock, config.jobLockMs);
  registerBuiltinHandlers(jobs, database.knex);
  app.decorate('services', { applications, jobs });
  const storage = options.storage ?? new DiskFileStorage(path.join(config.dataDir, 'files'));
  await app.register(async (api) => {
    await api.register(healthRoutes);
    await api.register(authRoutes, { demoLogin: config.demoLogin });
    await api.register(catalogueRoutes);
    await api.register(applicationRoutes, { service: applications });
    await api.register(jobRoutes, { jobs });
    await api.register(fileRoutes, { storage, maxBytes: options.maxUploadBytes ?? 20 * 1024 * 1024 });
  }, { prefix: '/api/v1' });
  // Electronic licences (issue #7): the `tongban.licence-issue` handler, reuse at intake, routes under /api/v1.
  await registerLicences(app, { database, applications, jobs, dataDir: config.dataDir, ...(options.clock ? { clock: options.clock } : {}) });
  // Dynamic adjustment of items (issue #5): management API under /api/v1/manage, change feed under /api/v1/changes.
  await app.register(itemsPlugin, { prefix: '/api/v1', applications });
  // Supervision (issue #8): legal clocks, warnings, monitoring, ranking, 好差评 and the calendar administration.
  await app.register(supervisionPlugin, { prefix: '/api/v1', applications, jobs });
  // Collaboration (issue #9): review assistant, parallel approval, follow-on and proactive offers, nearby handling.
  await app.register(collaborationPlugin, { prefix: '/api/v1', applications, jobs });
  return app;
}
