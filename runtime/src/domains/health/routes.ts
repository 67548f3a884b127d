import type { FastifyInstance } from 'fastify';
import { countCatalogue, serverVersion } from './store';

const count = { type: 'integer', minimum: 0 } as const;

const healthResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'database', 'counts'],
  properties: {
    status: { type: 'string', enum: ['ok'] },
    database: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'version'],
      properties: {
        kind: { type: 'string', enum: ['postgresql', 'embedded'] },
        version: { type: 'string' },
      },
    },
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['items', 'publishedItems', 'categories', 'subCategories', 'departments', 'cityDepartments', 'regions',
        'districts', 'townships', 'villages', 'licenceTypes', 'users'],
      properties: {
        items: count, publishedItems: count, categories: count, subCategories: count, departments: count,
        cityDepartments: count, regions: count, districts: count, townships: count, villages: count,
        licenceTypes: count, users: count,
      },
    },
  },
} as const;

/** `GET /api/v1/health`: which database is in use and what the catalogue holds. Public, no personal data. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    schema: {
      tags: ['operations'],
      summary: 'Health: the database in use and the seeded catalogue counts',
      response: { 200: healthResponse },
    },
  }, async () => {
    const [counts, version] = await Promise.all([countCatalogue(app.db.knex), serverVersion(app.db.knex)]);
    return { status: 'ok' as const, database: { kind: app.db.kind, version }, counts };
  });
}
