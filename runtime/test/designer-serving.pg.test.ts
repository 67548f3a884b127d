import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { openDatabase, type Database } from '../src/db/database';
import { useTestApp } from './support/app';
import { databaseUrl } from './support/postgres';

const ctx = useTestApp();
const root = mkdtempSync(path.join(tmpdir(), 'tongban-designer-'));
let app: FastifyInstance;
let database: Database;

beforeAll(async () => {
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="zh-CN"><title>通办设计器</title><div id="app"></div></html>');
  writeFileSync(path.join(root, 'assets', 'app-1a2b3c.js'), 'console.log("designer")');
  database = openDatabase({ databaseUrl: databaseUrl(ctx.databaseName), poolMax: 2 });
  app = await buildApp({ database, logger: false, designerRoot: root });
});
afterAll(async () => {
  await app.close();
  await database.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the runtime serves the built designer at /', () => {
  it('answers / and every client-side route with the designer, and its assets', async () => {
    const home = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('通办设计器');
    const deep = await app.inject({ method: 'GET', url: '/items/XK00001001/procedure', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('<div id="app">');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1a2b3c.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
  });

  it('keeps unknown API routes and missing assets as JSON 404s', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json().code).toBe('TB_REQUEST_NOT_FOUND');
    const missing = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } });
    expect(missing.statusCode).toBe(404);
  });
});
