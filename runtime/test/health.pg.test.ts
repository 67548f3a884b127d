import { describe, expect, it } from 'vitest';
import { generateCatalogue } from '@tongban/examples';
import { useTestApp } from './support/app';

const ctx = useTestApp();

describe('GET /api/v1/health', () => {
  it('reports PostgreSQL and the seeded reference-scale catalogue counts', async () => {
    // given the seeded example catalogue, whose sizes come from the generator's defaults
    const expected = generateCatalogue().options;
    // when the health route is asked
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/health' });
    // then it names the database and counts what the seed loaded
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.database.kind).toBe('postgresql');
    expect(body.database.version).toMatch(/^PostgreSQL \d+/);
    expect(body.counts).toMatchObject({
      items: expected.items,
      publishedItems: expected.items,
      subCategories: expected.subCategories,
      cityDepartments: expected.cityDepartments,
      districts: expected.districts,
      licenceTypes: expected.licenceTypes,
    });
    expect(body.counts.townships).toBeGreaterThanOrEqual(expected.districts * expected.townshipsPerDistrict[0]);
    expect(body.counts.users).toBeGreaterThan(0);
  });

  it('answers an unknown route with the common error body', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({
      code: 'TB_REQUEST_NOT_FOUND',
      message: { zh: '接口不存在：GET /api/v1/nothing-here', en: 'No route GET /api/v1/nothing-here' },
    });
  });
});

describe('GET /api/docs', () => {
  it('serves the OpenAPI document generated from the routes, with their schemas, and a UI', async () => {
    const json = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    const document = json.json();
    expect(document.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/items', '/api/v1/applications', '/api/v1/tasks/{id}/complete', '/api/v1/progress', '/api/v1/jobs/activate']) {
      expect(Object.keys(document.paths), path).toContain(path);
    }
    expect(document.paths['/api/v1/applications'].post.requestBody).toBeDefined();
    const ui = await ctx.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
