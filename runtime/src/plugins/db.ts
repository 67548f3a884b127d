import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database the runtime uses (PostgreSQL or embedded). */
    db: Database;
  }
}

/** Makes the database available to every domain plugin, and closes it with the server when it owns it. */
export const dbPlugin = fp(async (app: FastifyInstance, options: { database: Database; closeWithApp: boolean }) => {
  app.decorate('db', options.database);
  if (options.closeWithApp) app.addHook('onClose', async () => options.database.close());
}, { name: 'tongban-db' });
