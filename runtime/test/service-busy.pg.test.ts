import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { openDatabase, type Database } from '../src/db/database';
import { useTestApp } from './support/app';
import { databaseUrl } from './support/postgres';

// When no database connection comes free in time, the caller gets a clear, retryable 503 (not a 500); the
// request never reached the database, so retrying it is safe.
const ctx = useTestApp();
let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  database = openDatabase({ databaseUrl: databaseUrl(ctx.databaseName), poolMax: 1, acquireTimeoutMs: 300 });
  app = await buildApp({ database, logger: false });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('a starved connection pool', () => {
  it('answers 503 TB_SERVICE_BUSY with Retry-After, and serves again once a connection is free', async () => {
    const items = await app.inject({ method: 'GET', url: '/api/v1/items?limit=1' });
    const code = (items.json() as { items: Array<{ code: string }> }).items[0]?.code;
    expect(code).toBeDefined();

    // Another command holds the only connection.
    const holder = await database.knex.transaction();
    const busy = await app.inject({ method: 'GET', url: `/api/v1/items/${code}` });
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json()).toMatchObject({ code: 'TB_SERVICE_BUSY', message: { zh: expect.stringContaining('稍后重试'), en: expect.stringContaining('retry') } });
    await holder.rollback();

    const again = await app.inject({ method: 'GET', url: `/api/v1/items/${code}` });
    expect(again.statusCode).toBe(200);
  });
});
