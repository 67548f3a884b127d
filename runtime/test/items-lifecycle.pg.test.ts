import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { login } from './support/api';
import { useTestApp } from './support/app';
import { demoApplicant, managers, reviewAndPublish, simpleApplication, simpleBundle, SIMPLE_BPMN } from './items-fixtures';

// Issue #5, points 1, 2, 4, 5 and 9: the lifecycle of item versions, validation, effective dates, diff, rollback, audit.
const ctx = useTestApp();
const CODE = 'XK09990101';

interface Problem { severity: string; code: string; path: string; location: Record<string, string> }
interface Report { ok: boolean; errors: number; problems: Problem[] }

const brokenBundle = () => {
  const bundle = simpleBundle(CODE, { committedTimeLimitDays: 30 });
  bundle.bpmn = SIMPLE_BPMN.replace('=acceptOutcome = "reject"', '=acceptOutcom = "reject"').replace('formId="decision-opinion"', 'formId="decision-form"');
  (bundle.forms['acceptance-opinion'] as { components: Array<Record<string, unknown>> }).components[1]!.key = 'bad key!';
  bundle.item.materials.push({ id: 'M003', name: '营业执照', requirement: 'required', source: 'licence', licenceTypeCode: '999999999999999999001' } as never);
  return bundle;
};

describe('item versions: draft → submitted → approved → published', () => {
  it('validates a draft while it is edited, every problem located, and writes nothing', async () => {
    const { manager } = await managers(ctx.app);
    const before = await ctx.database.knex('item_version').count({ n: '*' }).first();
    const { status, body } = await manager.request<Report>('POST', '/api/v1/manage/validate', { ...brokenBundle(), itemCode: CODE });
    expect(status).toBe(200);
    expect(body.ok).toBe(false);
    const at = (code: string) => body.problems.filter((problem) => problem.code === code);
    expect(at('TB_ITEM_COMMITTED_EXCEEDS_LEGAL')[0]).toMatchObject({ path: '/item/committedTimeLimitDays', location: { kind: 'item', pointer: '/committedTimeLimitDays' } });
    expect(at('TB_VERSION_FEEL_UNKNOWN_VARIABLE')[0]).toMatchObject({
      location: { kind: 'bpmn', elementId: 'Flow_acceptance_gateway_notify_not_accepted', property: 'conditionExpression' },
    });
    expect(at('TB_VERSION_TASK_FORM_UNDECLARED')[0]).toMatchObject({ location: { kind: 'bpmn', elementId: 'decide', property: 'formId' } });
    expect(at('TB_FORM_DEFINITION_INVALID_KEY')[0]).toMatchObject({ location: { kind: 'form', formId: 'acceptance-opinion', pointer: '/components/1/key' } });
    expect(at('TB_VERSION_REFERENCE_UNKNOWN')[0]).toMatchObject({ location: { kind: 'material', materialId: 'M003', pointer: '/materials/2/licenceTypeCode' } });
    const after = await ctx.database.knex('item_version').count({ n: '*' }).first();
    expect(after!.n).toBe(before!.n);
  });

  it('refuses to submit an invalid draft with the whole report, and refuses the submitter as approver (four eyes)', async () => {
    const { manager, publisher, approver } = await managers(ctx.app);
    const created = await manager.request<{ version: { version: number; status: string }; validation: Report }>('POST', '/api/v1/manage/items', { ...brokenBundle(), reason: '新设事项' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.version).toMatchObject({ version: 1, status: 'draft' });
    expect(created.body.validation.ok).toBe(false);

    const refused = await manager.request<{ code: string; details: Array<{ path: string; code: string }> }>('POST', `/api/v1/manage/items/${CODE}/draft/submit`, { reason: '提交审核' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('TB_VERSION_INVALID');
    expect(refused.body.details.map((detail) => detail.path)).toEqual(expect.arrayContaining([
      '/item/committedTimeLimitDays', '/bpmn/Flow_acceptance_gateway_notify_not_accepted/conditionExpression', '/forms/acceptance-opinion/components/1/key',
    ]));

    const draft = await manager.request<{ rev: number }>('GET', `/api/v1/manage/items/${CODE}/draft`);
    const stale = await manager.request<{ code: string }>('PUT', `/api/v1/manage/items/${CODE}/draft`, { ...simpleBundle(CODE), rev: draft.body.rev + 5 });
    expect(stale.status).toBe(409);
    const saved = await manager.request<{ validation: Report; version: { rev: number } }>('PUT', `/api/v1/manage/items/${CODE}/draft`, { ...simpleBundle(CODE), rev: draft.body.rev, reason: '修正' });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.validation).toMatchObject({ ok: true, errors: 0 });

    // The publisher (also an item manager) submits; approving their own submission is refused.
    expect((await publisher.request('POST', `/api/v1/manage/items/${CODE}/draft/submit`, { reason: '提交审核' })).status).toBe(200);
    const self = await publisher.request<{ code: string }>('POST', `/api/v1/manage/items/${CODE}/draft/approve`, { reason: '同意' });
    expect(self.status).toBe(403);
    expect(self.body.code).toBe('TB_VERSION_FOUR_EYES');
    const managerApproves = await manager.request<{ code: string }>('POST', `/api/v1/manage/items/${CODE}/draft/approve`, { reason: '同意' });
    expect(managerApproves.body.code).toBe('TB_AUTH_FORBIDDEN');
    const approved = await approver.request<{ status: string; approvedBy: string; submittedBy: string }>('POST', `/api/v1/manage/items/${CODE}/draft/approve`, { reason: '同意' });
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'city.approver', submittedBy: 'city.publisher' });

    const published = await approver.request<{ version: { status: string; effectiveFrom: string }; eventId: number }>('POST', `/api/v1/manage/items/${CODE}/draft/publish`, { reason: '首次发布' });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body.version.status).toBe('published');
    const overview = await manager.request<{ effectiveVersion: number; openVersion: unknown }>('GET', `/api/v1/manage/items/${CODE}`);
    expect(overview.body).toMatchObject({ effectiveVersion: 1, openVersion: null });
    const publicView = await ctx.app.inject({ method: 'GET', url: `/api/v1/items/${CODE}` });
    expect(publicView.json().version.version).toBe(1);
  });

  it('keeps a published version immutable in the database itself', async () => {
    const knex = ctx.database.knex;
    const row = await knex('item_version').where({ item_code: CODE, version: 1 }).first();
    await expect(knex('item_version').where({ id: row.id }).update({ bpmn: '<changed/>' })).rejects.toThrow(/immutable/);
    await expect(knex('item_version').where({ id: row.id }).update({ approved_by: 'someone-else' })).rejects.toThrow(/immutable/);
    await expect(knex('item_version').where({ id: row.id }).update({ status: 'draft' })).rejects.toThrow(/cannot move/);
    await expect(knex('item_version').where({ id: row.id }).delete()).rejects.toThrow(/cannot be deleted/);
    await expect(knex('item_audit').where({ item_code: CODE }).delete()).rejects.toThrow(/append-only/);
  });

  it('lets the submitter approve when the item type is configured without four eyes', async () => {
    const { publisher, admin } = await managers(ctx.app);
    const code = 'GG09990102';
    const policy = await admin.request<{ policies: Array<{ itemType: string; fourEyes: boolean }> }>('PUT', '/api/v1/manage/policies/item-types/public-service', { fourEyes: false, reason: '公共服务事项由单人审核' });
    expect(policy.body.policies[0]).toMatchObject({ itemType: 'public-service', fourEyes: false });
    expect((await publisher.request('POST', '/api/v1/manage/items', { ...simpleBundle(code, { type: 'public-service' }), reason: '新设' })).status).toBe(201);
    expect((await publisher.request('POST', `/api/v1/manage/items/${code}/draft/submit`, { reason: '提交' })).status).toBe(200);
    const approved = await publisher.request<{ status: string }>('POST', `/api/v1/manage/items/${code}/draft/approve`, { reason: '同意' });
    expect(approved.body.status).toBe('approved');
  });
});

describe('publishing under intake', () => {
  it('is not held up by intakes running on the item (their foreign keys share-lock its row)', async () => {
    const { manager, approver } = await managers(ctx.app);
    const code = 'XK09990103';
    await manager.request('POST', '/api/v1/manage/items', { ...simpleBundle(code), reason: '新设' });
    await manager.request('POST', `/api/v1/manage/items/${code}/draft/submit`, { reason: '提交' });
    await approver.request('POST', `/api/v1/manage/items/${code}/draft/approve`, { reason: '同意' });
    // An intake in progress: inserting an application takes FOR KEY SHARE on the item row until it commits.
    const intake = await ctx.database.knex.transaction();
    try {
      await intake.raw('SELECT code FROM item WHERE code = ? FOR KEY SHARE', [code]);
      const published = await Promise.race([
        approver.request<{ version: { status: string } }>('POST', `/api/v1/manage/items/${code}/draft/publish`, { reason: '发布' }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the publication waited for the intake')), 5000)),
      ]);
      expect(published.body.version.status).toBe('published');
    } finally {
      await intake.rollback();
    }
  });
});

describe('effective dates: which version an application gets', () => {
  let clocked: FastifyInstance | undefined;
  afterAll(async () => clocked?.close());

  it('gives applications the version effective at submission; a scheduled version takes over at its time', async () => {
    let now = new Date();
    clocked = await buildApp({ database: ctx.database, logger: false, clock: () => now });
    await clocked.ready();
    const { manager } = await managers(clocked);
    const later = new Date(now.getTime() + 2 * 3600_000).toISOString();
    expect((await manager.request('POST', `/api/v1/manage/items/${CODE}/draft`, { reason: '缩短承诺时限' })).status).toBe(201);
    expect((await manager.request('PUT', `/api/v1/manage/items/${CODE}/draft`, simpleBundle(CODE, { committedTimeLimitDays: 5 }))).status).toBe(200);
    expect(await reviewAndPublish(clocked, CODE, { effectiveFrom: later })).toBe(2);
    const overview = await manager.request<{ effectiveVersion: number; scheduledVersions: number[] }>('GET', `/api/v1/manage/items/${CODE}`);
    expect(overview.body).toMatchObject({ effectiveVersion: 1, scheduledVersions: [2] });

    const applicant = await demoApplicant(clocked);
    const before = await applicant.caller.request<{ itemVersion: number }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant));
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.body.itemVersion).toBe(1);

    // A version may not be scheduled before one already scheduled, nor in the past.
    expect((await manager.request('POST', `/api/v1/manage/items/${CODE}/draft`, { reason: '再次调整' })).status).toBe(201);
    const { approver } = await managers(clocked);
    await manager.request('POST', `/api/v1/manage/items/${CODE}/draft/submit`, { reason: '提交' });
    await approver.request('POST', `/api/v1/manage/items/${CODE}/draft/approve`, { reason: '同意' });
    const conflict = await approver.request<{ code: string }>('POST', `/api/v1/manage/items/${CODE}/draft/publish`, { reason: '发布', effectiveFrom: new Date(now.getTime() + 3600_000).toISOString() });
    expect(conflict.body.code).toBe('TB_VERSION_EFFECTIVE_CONFLICT');
    const past = await approver.request<{ code: string }>('POST', `/api/v1/manage/items/${CODE}/draft/publish`, { reason: '发布', effectiveFrom: new Date(now.getTime() - 3600_000).toISOString() });
    expect(past.body.code).toBe('TB_VERSION_EFFECTIVE_FROM_PAST');
    await approver.request('POST', `/api/v1/manage/items/${CODE}/draft/return`, { reason: '暂缓' });
    expect((await manager.request('POST', `/api/v1/manage/items/${CODE}/draft/discard`, { reason: '不再需要' })).status).toBe(204);

    now = new Date(now.getTime() + 3 * 3600_000);
    const after = await applicant.caller.request<{ itemVersion: number; dueAt: string; submittedAt: string }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant));
    expect(after.body.itemVersion).toBe(2);
    const pinned = await ctx.database.knex('application').where({ item_code: CODE }).orderBy('submitted_at').select('item_version_id');
    const versions = await ctx.database.knex('item_version').where({ item_code: CODE }).whereIn('version', [1, 2]).orderBy('version').pluck('id');
    expect(pinned.map((row: { item_version_id: string }) => Number(row.item_version_id))).toEqual(versions.map(Number));
  });
});

describe('withdrawal, rollback, diff and audit', () => {
  it('withdraws a version (the previous one applies again) and rolls back by publishing old content as a new version', async () => {
    const { approver, manager } = await managers(ctx.app);
    const withdrawn = await approver.request<{ versions: number[] }>('POST', `/api/v1/manage/items/${CODE}/versions/2/withdraw`, { reason: '政策暂缓执行' });
    expect(withdrawn.body.versions).toEqual([2]);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/items/${CODE}` })).json().version.version).toBe(1);

    const rollback = await manager.request<{ version: number; basedOnVersion: number; contentHash: string }>('POST', `/api/v1/manage/items/${CODE}/versions/2/rollback`, { reason: '恢复第 2 版内容' });
    expect(rollback.status).toBe(201);
    const v2 = await manager.request<{ contentHash: string }>('GET', `/api/v1/manage/items/${CODE}/versions/2`);
    expect(rollback.body).toMatchObject({ basedOnVersion: 2, contentHash: v2.body.contentHash });
    const republished = await reviewAndPublish(ctx.app, CODE);
    expect(republished).toBe(rollback.body.version);
    const current = (await ctx.app.inject({ method: 'GET', url: `/api/v1/items/${CODE}` })).json();
    expect(current.version.version).toBe(republished);
    expect(current.item.committedTimeLimitDays).toBe(5);
  });

  it('diffs two versions into elements, materials, form fields, BPMN elements and flows', async () => {
    const { manager } = await managers(ctx.app);
    await manager.request('POST', `/api/v1/manage/items/${CODE}/draft`, { reason: '新增材料、调整流程' });
    const bundle = simpleBundle(CODE, { committedTimeLimitDays: 8 });
    bundle.item.materials = [bundle.item.materials[0]!, { id: 'M009', name: '场所证明', requirement: 'required', source: 'applicant', formats: ['pdf'] }];
    (bundle.forms['person-application'] as { components: Array<{ components?: Array<{ key?: string; label?: string }> }> }).components[1]!.components![0]!.label = '申请人姓名';
    bundle.bpmn = SIMPLE_BPMN.replace('<bpmn:userTask id="decide" name="决定">', '<bpmn:userTask id="decide" name="审查决定">');
    expect((await manager.request('PUT', `/api/v1/manage/items/${CODE}/draft`, bundle)).status).toBe(200);
    const { status, body } = await manager.request<{
      identical: boolean; summary: Record<string, unknown>; elements: Array<{ path: string; before: unknown; after: unknown }>;
      materials: { added: Array<{ id: string }>; removed: Array<{ id: string }> };
      forms: { changed: Array<{ id: string; fields: { changed: Array<{ id: string; changes: Array<{ path: string; after: unknown }> }> } }> };
      procedure: { elements: { changed: Array<{ id: string; changes: Array<{ path: string; before: unknown; after: unknown }> }> } };
    }>('GET', `/api/v1/manage/items/${CODE}/diff?from=1&to=draft`);
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.identical).toBe(false);
    expect(body.elements).toContainEqual({ path: '/committedTimeLimitDays', change: 'changed', before: 10, after: 8 });
    expect(body.materials.added.map((material) => material.id)).toEqual(['M009']);
    expect(body.materials.removed.map((material) => material.id)).toEqual(['M002']);
    expect(body.forms.changed[0]).toMatchObject({ id: 'person-application' });
    expect(body.forms.changed[0]!.fields.changed[0]).toMatchObject({ id: 'applicantName', changes: [{ path: '/label', after: '申请人姓名' }] });
    expect(body.procedure.elements.changed).toEqual([{ id: 'decide', changes: [{ path: '/name', change: 'changed', before: '决定', after: '审查决定' }] }]);
    expect(body.summary).toMatchObject({ materials: { added: 1, removed: 1, changed: 0 }, formFields: { added: 0, removed: 0, changed: 1 }, bpmnElements: { added: 0, removed: 0, changed: 1 } });
    const none = await manager.request<{ identical: boolean }>('GET', `/api/v1/manage/items/${CODE}/diff?from=2&to=2`);
    expect(none.body.identical).toBe(true);
  });

  it('records every change with actor, time and reason, visible per item', async () => {
    const { manager } = await managers(ctx.app);
    const { body } = await manager.request<{ entries: Array<{ action: string; actor: string; reason: string | null; at: string; version: number | null }> }>('GET', `/api/v1/manage/items/${CODE}/audit?limit=100`);
    const actions = body.entries.map((entry) => entry.action).reverse();
    expect(actions.slice(0, 6)).toEqual(['itemCreated', 'draftSaved', 'submitted', 'approved', 'published', 'draftOpened']);
    expect(actions).toEqual(expect.arrayContaining(['returned', 'draftDiscarded', 'withdrawn', 'rollbackOpened']));
    const published = body.entries.find((entry) => entry.action === 'published' && entry.version === 1)!;
    expect(published).toMatchObject({ actor: 'city.approver', reason: '首次发布' });
    for (const entry of body.entries) expect(Date.parse(entry.at)).not.toBeNaN();
    const withdrawn = body.entries.find((entry) => entry.action === 'withdrawn')!;
    expect(withdrawn).toMatchObject({ actor: 'city.approver', reason: '政策暂缓执行', version: 2 });
  });

  it('answers the common error body: unknown item, wrong status, no role', async () => {
    const { manager } = await managers(ctx.app);
    const unknown = await manager.request<{ code: string; path: string }>('GET', '/api/v1/manage/items/XK99999998');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'TB_ITEM_NOT_FOUND', path: '/code' });
    const wrong = await manager.request<{ code: string; message: { zh: string } }>('POST', `/api/v1/manage/items/${CODE}/draft/publish`, { reason: '直接发布' });
    expect(wrong.body.code).toBe('TB_AUTH_FORBIDDEN');
    const { approver } = await managers(ctx.app);
    const notApproved = await approver.request<{ code: string; message: { zh: string } }>('POST', `/api/v1/manage/items/${CODE}/draft/publish`, { reason: '直接发布' });
    expect(notApproved.status).toBe(409);
    expect(notApproved.body.code).toBe('TB_VERSION_STATUS');
    const applicant = await login(ctx.app, 'demo-wang');
    expect((await applicant.request('POST', '/api/v1/manage/validate', simpleBundle(CODE))).status).toBe(403);
    const anonymous = await ctx.app.inject({ method: 'GET', url: `/api/v1/manage/items/${CODE}` });
    expect(anonymous.statusCode).toBe(401);
    const extra = await manager.request<{ code: string; details: Array<{ path: string }> }>('POST', `/api/v1/manage/items/${CODE}/draft/submit`, { reason: 'x', colour: 'red' });
    expect(extra.body).toMatchObject({ code: 'TB_REQUEST_INVALID', details: [{ path: '/colour' }] });
  });
});
