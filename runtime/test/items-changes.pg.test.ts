import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { openDatabase, type Database } from '../src/db/database';
import { ChangeFeed } from '../src/domains/items/feed';
import { login } from './support/api';
import { useTestApp } from './support/app';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase } from './support/postgres';
import { createPublishedItem, managers, reviewAndPublish } from './items-fixtures';

// Issue #5, points 7 and 8: batch change sets, the change feed (pages, live stream), export and idempotent import.
const ctx = useTestApp();

interface ChangeSet { id: string; status: string; items: Array<{ code: string; version: number; status: string }> }
interface ChangeEvent { id: number; kind: string; actor: string; reason: string; itemCodes: string[]; changeSetId: string | null; data: Record<string, unknown> }

const policyTag = '2026年优化营商环境政策';

describe('change sets', () => {
  let codes: string[] = [];

  it('publishes fifty items changed by one policy with one effective time, after validating them as a whole', async () => {
    const { manager, approver } = await managers(ctx.app);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/items?limit=50&offset=100' });
    codes = list.json().items.map((item: { code: string }) => item.code);
    expect(codes).toHaveLength(50);
    const created = await manager.request<ChangeSet>('POST', '/api/v1/manage/change-sets', { title: '优化营商环境：全部事项标注政策', reason: '市政府 2026 年 1 号文' });
    expect(created.status).toBe(201);
    const id = created.body.id;

    // A patch that breaks one item is refused at submission with that item's problems, as a whole.
    const patch = [{ op: 'add', path: '/item/tags', value: [policyTag] }];
    const added = await manager.request<ChangeSet>('POST', `/api/v1/manage/change-sets/${id}/items`, {
      items: codes.map((code, index) => ({ code, patch: index === 0 ? [...patch, { op: 'replace', path: '/item/committedTimeLimitDays', value: 9999 }] : patch })),
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.items).toHaveLength(50);
    const refused = await manager.request<{ code: string; details: Array<{ path: string }> }>('POST', `/api/v1/manage/change-sets/${id}/submit`, { reason: '提交' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('TB_CHANGE_SET_INVALID');
    expect(refused.body.details.map((detail) => detail.path)).toContain(`/items/${codes[0]}/item/committedTimeLimitDays`);
    const validation = await manager.request<{ ok: boolean; items: Array<{ code: string; report: { ok: boolean } }> }>('POST', `/api/v1/manage/change-sets/${id}/validate`);
    expect(validation.body.items.filter((entry) => !entry.report.ok).map((entry) => entry.code)).toEqual([codes[0]]);
    // Fixed, submitted, approved by another person, and published at once.
    await manager.request('POST', `/api/v1/manage/change-sets/${id}/items`, { items: [{ code: codes[0], patch: [{ op: 'replace', path: '/item/committedTimeLimitDays', value: 1 }] }] });
    expect((await manager.request('POST', `/api/v1/manage/change-sets/${id}/submit`, { reason: '提交审核' })).status).toBe(200);
    const individually = await approver.request<{ code: string }>('POST', `/api/v1/manage/items/${codes[1]}/draft/approve`, { reason: '单独审核' });
    expect(individually.body.code).toBe('TB_VERSION_IN_CHANGE_SET');
    expect((await approver.request('POST', `/api/v1/manage/change-sets/${id}/approve`, { reason: '同意' })).status).toBe(200);
    const effectiveFrom = new Date().toISOString();
    const published = await approver.request<{ changeSet: ChangeSet; eventId: number }>('POST', `/api/v1/manage/change-sets/${id}/publish`, { reason: '按 1 号文统一调整', effectiveFrom });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.changeSet.status).toBe('published');
    expect(published.body.changeSet.items.every((item) => item.status === 'published')).toBe(true);
    const rows = await ctx.database.knex('item_version').whereIn('item_code', codes).where({ status: 'published' }).select('effective_from', 'change_set_id');
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((row: { effective_from: Date }) => row.effective_from.toISOString()))).toEqual(new Set([effectiveFrom]));

    const feed = await ctx.app.inject({ method: 'GET', url: '/api/v1/changes?kind=published' });
    const event = (feed.json().events as ChangeEvent[]).find((entry) => entry.id === published.body.eventId)!;
    expect(event).toMatchObject({ actor: 'city.approver', reason: '按 1 号文统一调整', changeSetId: id });
    expect(event.itemCodes).toHaveLength(50);
    expect((event.data.versions as Array<{ summary: { elements: number } }>)[1]!.summary.elements).toBe(1);
  });

  it('publishes all or nothing: one conflicting item leaves every item of the set unchanged', async () => {
    const { manager, approver } = await managers(ctx.app);
    const [a, b] = codes.slice(10, 12) as [string, string];
    // b has a version already scheduled for next week.
    await manager.request('POST', `/api/v1/manage/items/${b}/draft`, { reason: '下周调整' });
    await reviewAndPublish(ctx.app, b, { effectiveFrom: new Date(Date.now() + 7 * 86400_000).toISOString() });
    const set = (await manager.request<ChangeSet>('POST', '/api/v1/manage/change-sets', { title: '第二批', reason: '补充调整' })).body;
    await manager.request('POST', `/api/v1/manage/change-sets/${set.id}/items`, { items: [{ code: a, patch: [{ op: 'replace', path: '/item/visitsRequired', value: 0 }] }, { code: b }] });
    await manager.request('POST', `/api/v1/manage/change-sets/${set.id}/submit`, { reason: '提交' });
    await approver.request('POST', `/api/v1/manage/change-sets/${set.id}/approve`, { reason: '同意' });
    const before = await ctx.database.knex('item_version').whereIn('item_code', [a, b]).orderBy(['item_code', 'version']).select('item_code', 'version', 'status');
    const refused = await approver.request<{ code: string; path: string }>('POST', `/api/v1/manage/change-sets/${set.id}/publish`, { reason: '发布' });
    expect(refused.status).toBe(409);
    expect(refused.body, JSON.stringify(refused.body)).toMatchObject({ code: 'TB_VERSION_EFFECTIVE_CONFLICT', path: `/items/${b}/effectiveFrom` });
    const after = await ctx.database.knex('item_version').whereIn('item_code', [a, b]).orderBy(['item_code', 'version']).select('item_code', 'version', 'status');
    expect(after).toEqual(before);
    expect((await manager.request<ChangeSet>('GET', `/api/v1/manage/change-sets/${set.id}`)).body.status).toBe('approved');
  });
});

describe('the change feed', () => {
  it('pages every publication, withdrawal and implementation change with who, when, why and which items', async () => {
    const { approver } = await managers(ctx.app);
    await approver.request('POST', `/api/v1/manage/items/${(await ctx.app.inject({ method: 'GET', url: '/api/v1/items?limit=1' })).json().items[0].code}/withdraw`, { reason: '事项取消' });
    const seen: ChangeEvent[] = [];
    let after = 0;
    for (let page = 0; page < 20; page += 1) {
      const { events, next } = (await ctx.app.inject({ method: 'GET', url: `/api/v1/changes?after=${after}&limit=2` })).json() as { events: ChangeEvent[]; next: number | null };
      seen.push(...events);
      if (next === null) break;
      after = next;
    }
    expect(seen.map((event) => event.id)).toEqual([...seen.map((event) => event.id)].sort((x, y) => x - y));
    expect(new Set(seen.map((event) => event.kind))).toEqual(new Set(['published', 'withdrawn']));
    for (const event of seen) {
      expect(event.actor).toMatch(/^city\./);
      expect(event.reason.length).toBeGreaterThan(0);
      expect(event.itemCodes.length).toBeGreaterThan(0);
    }
  });

  it('wakes another process through PostgreSQL LISTEN/NOTIFY when an event commits', async () => {
    const other = openDatabase({ databaseUrl: databaseUrl(ctx.databaseName), poolMax: 2 });
    const feed = new ChangeFeed(other.knex, other, 3_600_000);
    try {
      const woken = new Promise<number>((resolve) => {
        let started = 0;
        feed.subscribe(() => {
          if (feed.listening && started > 0) resolve(Date.now() - started);
        });
        void (async () => {
          for (let i = 0; i < 100 && !feed.listening; i += 1) await new Promise((done) => setTimeout(done, 20));
          started = Date.now();
          await createPublishedItem(ctx.app, 'XK09990501');
        })();
      });
      const latency = await woken;
      expect(latency).toBeLessThan(10_000);
      const { events } = await feed.page({ after: 0, limit: 500, itemCode: 'XK09990501' });
      expect(events.map((event) => event.kind)).toEqual(['published']);
    } finally {
      await feed.close();
      await other.close();
    }
  });

  it('streams events as server-sent events, resuming after Last-Event-ID', async () => {
    await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = ctx.app.server.address() as AddressInfo;
    const latest = (await ctx.app.inject({ method: 'GET', url: '/api/v1/changes?limit=500' })).json().events.at(-1).id as number;
    const received: Array<{ id: number; event: string; data: ChangeEvent }> = [];
    let buffer = '';
    const stream = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/changes/stream', headers: { 'last-event-id': String(latest - 1) } });
    const arrived = new Promise<void>((resolve, reject) => {
      stream.on('response', (response) => {
        expect(response.headers['content-type']).toContain('text/event-stream');
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':') && line.includes(': ')).map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
            if (fields.id) received.push({ id: Number(fields.id), event: fields.event!, data: JSON.parse(fields.data!) as ChangeEvent });
            if (received.length >= 2) resolve();
          }
        });
      });
      stream.on('error', reject);
    });
    stream.end();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await createPublishedItem(ctx.app, 'XK09990502');
    await arrived;
    stream.destroy();
    expect(received[0]!.id).toBe(latest);
    expect(received[1]).toMatchObject({ event: 'published', data: { kind: 'published', itemCodes: ['XK09990502'] } });
  });
});

describe('export and import between installations', () => {
  let other: { name: string; database: Database; app: FastifyInstance } | undefined;
  afterAll(async () => {
    await other?.app.close();
    await other?.database.close();
    if (other) await dropDatabase(other.name);
  });

  it('exports items with all their files and imports them elsewhere idempotently', async () => {
    const { manager } = await managers(ctx.app);
    await createPublishedItem(ctx.app, 'XK09990503');
    await manager.request('PUT', '/api/v1/manage/items/XK09990503/implementations/449902', { overrides: { committedTimeLimitDays: 5 }, reason: '区级承诺' });
    const exported = await manager.request<{ format: string; items: Array<{ code: string; versions: Array<{ version: number; bpmn: string; forms: Record<string, unknown>; contentHash: string }>; implementations: unknown[] }> }>('GET', '/api/v1/manage/export?codes=XK09990503,XK00001001');
    expect(exported.status).toBe(200);
    expect(exported.body.format).toBe('tongban.item-bundle');
    const created = exported.body.items.find((item) => item.code === 'XK09990503')!;
    expect(created.versions[0]!.bpmn).toContain('template-simple');
    expect(Object.keys(created.versions[0]!.forms).sort()).toEqual(['acceptance-opinion', 'decision-opinion', 'person-application']);
    expect(created.implementations).toHaveLength(1);

    const name = await createDatabaseFromTemplate(inject('templates').seeded);
    const database = openDatabase({ databaseUrl: databaseUrl(name), poolMax: 3 });
    other = { name, database, app: await buildApp({ database, logger: false }) };
    const admin = await login(other.app, 'admin');
    const first = await admin.request<{ items: Array<{ code: string; created: boolean; createdVersions: number[]; skippedVersions: number; createdImplementations: number }>; eventId: number | null }>(
      'POST', '/api/v1/manage/import', { bundle: exported.body, reason: '从市级平台同步' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items).toEqual([
      { code: 'XK00001001', created: false, createdVersions: [], skippedVersions: 1, createdImplementations: 0 },
      { code: 'XK09990503', created: true, createdVersions: [1], skippedVersions: 0, createdImplementations: 1 },
    ]);
    expect(first.body.eventId).not.toBeNull();
    const again = await admin.request<{ items: Array<{ createdVersions: number[]; createdImplementations: number }>; eventId: number | null }>('POST', '/api/v1/manage/import', { bundle: exported.body, reason: '重复同步' });
    expect(again.body.eventId).toBeNull();
    expect(again.body.items.every((item) => item.createdVersions.length === 0 && item.createdImplementations === 0)).toBe(true);

    const there = await other.app.inject({ method: 'GET', url: '/api/v1/items/XK09990503?region=449902' });
    expect(there.json()).toMatchObject({ version: { version: 1 }, item: { committedTimeLimitDays: 5 } });
    const hash = await database.knex('item_version').where({ item_code: 'XK09990503' }).first('content_hash');
    expect(hash.content_hash).toBe(created.versions[0]!.contentHash);
    expect(hash.content_hash).toBe((await ctx.database.knex('item_version').where({ item_code: 'XK09990503' }).first('content_hash')).content_hash);

    const tampered = structuredClone(exported.body);
    tampered.items[1]!.versions[0]!.bpmn = tampered.items[1]!.versions[0]!.bpmn.replace('受理', '受理（改）');
    const refused = await admin.request<{ code: string; details: Array<{ code: string }> }>('POST', '/api/v1/manage/import', { bundle: tampered, reason: '篡改' });
    expect(refused.status).toBe(422);
    expect(refused.body.details[0]!.code).toBe('TB_VERSION_HASH_MISMATCH');
  });
});
