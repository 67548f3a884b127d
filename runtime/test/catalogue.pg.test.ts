import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';

const ctx = useTestApp();
const get = async (url: string) => {
  const response = await ctx.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

describe('GET /api/v1/items', () => {
  it('pages through the whole published catalogue with a stable total', async () => {
    const first = await get('/api/v1/items?limit=100&offset=0');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(100);
    const last = await get(`/api/v1/items?limit=100&offset=${first.body.total - 5}`);
    expect(last.body.items).toHaveLength(5);
    expect(last.body.total).toBe(first.body.total);
    const codes = first.body.items.map((item: { code: string }) => item.code);
    expect([...codes].sort()).toEqual(codes);
  });

  it('finds items by part of the name, in Chinese', async () => {
    const { body } = await get(`/api/v1/items?q=${encodeURIComponent('食品经营许可')}`);
    expect(body.total).toBeGreaterThan(0);
    for (const item of body.items) expect(item.name).toContain('食品经营许可');
  });

  it('filters by sub-category, department and level together', async () => {
    const all = await get('/api/v1/items?limit=1');
    const sample = all.body.items[0];
    const { body } = await get(
      `/api/v1/items?subCategory=${sample.subCategoryCode}&department=${sample.departmentCode}&level=${sample.levels[0]}&limit=1000`,
    );
    expect(body.total).toBeGreaterThan(0);
    for (const item of body.items) {
      expect(item.subCategoryCode).toBe(sample.subCategoryCode);
      expect(item.departmentCode).toBe(sample.departmentCode);
      expect(item.levels).toContain(sample.levels[0]);
    }
  });

  it('treats LIKE wildcards in the search text literally', async () => {
    const { body } = await get(`/api/v1/items?q=${encodeURIComponent('%_%')}`);
    expect(body.total).toBe(0);
  });

  it('refuses an out-of-range limit with the failing field named', async () => {
    const { status, body } = await get('/api/v1/items?limit=0');
    expect(status).toBe(400);
    expect(body.code).toBe('TB_REQUEST_INVALID');
    expect(body.details[0]).toMatchObject({ path: '/limit', code: 'TB_SCHEMA_MINIMUM', location: 'querystring' });
  });

  it('refuses an unknown query parameter instead of ignoring it', async () => {
    const { status, body } = await get('/api/v1/items?colour=red');
    expect(status).toBe(400);
    expect(body.details[0]).toMatchObject({ path: '/colour', code: 'TB_SCHEMA_UNKNOWN_FIELD' });
  });

  it('refuses an unknown region', async () => {
    const { status, body } = await get('/api/v1/items?region=999999');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'TB_REGION_NOT_FOUND', path: '/region' });
  });
});

describe('GET /api/v1/items/{code}', () => {
  it('gives the effective version with its checklist and every form it references', async () => {
    const list = await get(`/api/v1/items?q=${encodeURIComponent('食品经营许可')}&limit=1`);
    const code = list.body.items[0].code;
    const { status, body } = await get(`/api/v1/items/${code}?region=4499`);
    expect(status).toBe(200);
    expect(body.version.version).toBe(1);
    expect(body.region).toMatchObject({ code: '4499', level: 'city' });
    expect(body.item.code).toBe(code);
    expect(body.item.materials.length).toBeGreaterThan(0);
    for (const form of body.item.forms) expect(body.forms[form.id]).toBeTypeOf('object');
  });

  it('answers an unknown item with TB_ITEM_NOT_FOUND', async () => {
    const { status, body } = await get('/api/v1/items/XK99999999');
    expect(status).toBe(404);
    expect(body).toMatchObject({ code: 'TB_ITEM_NOT_FOUND', path: '/code' });
    expect(body.message.zh).toContain('XK99999999');
  });

  it('refuses a malformed item code before touching the database', async () => {
    const { status, body } = await get(`/api/v1/items/${encodeURIComponent("x' or 1=1--")}`);
    expect(status).toBe(400);
    expect(body.details[0]).toMatchObject({ path: '/code', code: 'TB_SCHEMA_PATTERN', location: 'params' });
  });
});

describe('GET /api/v1/categories', () => {
  it('gives the two-level tree whose sub-categories hold every item', async () => {
    const { body } = await get('/api/v1/categories');
    const total = (await get('/api/v1/items?limit=1')).body.total;
    const counted = body.categories.flatMap((category: { children: Array<{ items: number }> }) => category.children)
      .reduce((sum: number, sub: { items: number }) => sum + sub.items, 0);
    expect(counted).toBe(total);
  });
});
