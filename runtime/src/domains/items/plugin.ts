import type { FastifyInstance } from 'fastify';
import type { ApplicationService } from '../applications/service';
import { BundleService } from './bundle';
import { ChangeSetService } from './change-sets';
import { ChangeFeed } from './feed';
import { changeFeedRoutes } from './feed-routes';
import { MigrationService } from './migration';
import { itemManagementRoutes } from './routes';
import { ItemService } from './service';

/** Options of {@link itemsPlugin}. */
export interface ItemsPluginOptions {
  /** The application service: its clock, and the compiled procedures migrations need. */
  applications: ApplicationService;
  /** How often the change stream wakes without a notification (ms). */
  feedPollMs?: number;
}

/**
 * Dynamic adjustment of items (issue #5): the management API under `/manage` and the change feed under `/changes`.
 * Register with the API prefix; it owns one LISTEN connection (PostgreSQL) while a stream is open, closed with the app.
 */
export async function itemsPlugin(app: FastifyInstance, options: ItemsPluginOptions): Promise<void> {
  const feed = new ChangeFeed(app.db.knex, app.db, options.feedPollMs);
  const items = new ItemService(app.db.knex, feed, () => options.applications.clock());
  await app.register(itemManagementRoutes, {
    items,
    changeSets: new ChangeSetService(items),
    migrations: new MigrationService(items, options.applications),
    bundles: new BundleService(items),
  });
  await app.register(changeFeedRoutes, { feed });
  app.addHook('onClose', async () => feed.close());
}
