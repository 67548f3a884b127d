import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { completeTasks, createPublishedItem, demoApplicant, managers, reviewAndPublish, simpleApplication, simpleBundle, SIMPLE_BPMN, TEMPLATE_FORMS } from './items-fixtures';

// Issue #5, point 3: an administrator migrates running applications to a new version with an element id mapping.
const ctx = useTestApp();
const CODE = 'XK09990401';
const RENAMED = SIMPLE_BPMN.replace(/(id|sourceRef|targetRef|bpmnElement)="decide"/g, '$1="decision"').replace('name="决定"', 'name="决定（新流程）"');

interface Report {
  candidates: number; migrated: number; refused: number; skipped: number; eventId?: number;
  applications: Array<{ applicationId: string; outcome: string; moves: Array<{ kind: string; from: string; to: string }>; problems: Array<{ code: string; elementId: string }> }>;
}

const ids: { atAccept: string[]; atDecide: string[] } = { atAccept: [], atDecide: [] };

async function submit(count: number): Promise<string[]> {
  const applicant = await demoApplicant(ctx.app);
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const result = await applicant.caller.request<{ id: string }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant));
    expect(result.status, JSON.stringify(result.body)).toBe(201);
    out.push(result.body.id);
  }
  return out;
}

async function publishContent(bpmn: string, forms = TEMPLATE_FORMS): Promise<number> {
  const { manager } = await managers(ctx.app);
  expect((await manager.request('POST', `/api/v1/manage/items/${CODE}/draft`, { reason: '调整流程' })).status).toBe(201);
  expect((await manager.request('PUT', `/api/v1/manage/items/${CODE}/draft`, { ...simpleBundle(CODE, {}, bpmn), forms })).status).toBe(200);
  return reviewAndPublish(ctx.app, CODE);
}

beforeAll(async () => {
  await createPublishedItem(ctx.app, CODE);
  const all = await submit(4);
  ids.atDecide = all.slice(0, 2);
  ids.atAccept = all.slice(2);
  await completeTasks(ctx.app, '449902.samr.accept', CODE, 'accept', new Set(ids.atDecide));
  expect(await publishContent(RENAMED)).toBe(2);
});

describe('migrating running applications to a new version', () => {
  it('reports what would happen to each application in a dry run, and changes nothing', async () => {
    const { admin } = await managers(ctx.app);
    const { status, body } = await admin.request<Report>('POST', `/api/v1/manage/items/${CODE}/migrations`, { fromVersion: 1, toVersion: 2, dryRun: true, reason: '评估迁移' });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ candidates: 4, migrated: 0, refused: 2 });
    const byId = new Map(body.applications.map((entry) => [entry.applicationId, entry]));
    for (const id of ids.atAccept) expect(byId.get(id)).toMatchObject({ outcome: 'wouldMigrate', problems: [] });
    for (const id of ids.atDecide) {
      expect(byId.get(id)!.outcome).toBe('refused');
      expect(byId.get(id)!.problems).toContainEqual(expect.objectContaining({ code: 'TB_MIGRATION_TARGET_MISSING', elementId: 'decide' }));
    }
    const versions = await ctx.database.knex('item_version').where({ item_code: CODE }).orderBy('version').pluck('id');
    const pinned = await ctx.database.knex('application').where({ item_code: CODE }).distinct('item_version_id').pluck('item_version_id');
    expect(pinned.map(Number)).toEqual([Number(versions[0])]);
  });

  it('moves state, task rows and history together with a mapping; the applications then finish on the new procedure', async () => {
    const { admin, manager } = await managers(ctx.app);
    expect((await manager.request('POST', `/api/v1/manage/items/${CODE}/migrations`, { fromVersion: 1, toVersion: 2, dryRun: false, reason: 'x' })).status).toBe(403);
    const { body } = await admin.request<Report>('POST', `/api/v1/manage/items/${CODE}/migrations`, {
      fromVersion: 1, toVersion: 2, dryRun: false, mapping: { decide: 'decision' }, reason: '流程调整，在办件迁移到新版本',
    });
    expect(body).toMatchObject({ candidates: 4, migrated: 4, refused: 0 });
    const moved = body.applications.find((entry) => entry.applicationId === ids.atDecide[0])!;
    expect(moved.moves.map((move) => [move.kind, move.from, move.to])).toEqual([['token', 'decide', 'decision'], ['task', 'decide', 'decision']]);

    const knex = ctx.database.knex;
    const v2 = Number((await knex('item_version').where({ item_code: CODE, version: 2 }).first('id')).id);
    const rows = await knex('application').whereIn('id', [...ids.atAccept, ...ids.atDecide]).select('item_version_id', 'rev');
    expect(rows.every((row: { item_version_id: string }) => Number(row.item_version_id) === v2)).toBe(true);
    const decideTasks = await knex('task').whereIn('application_id', ids.atDecide).where({ status: 'open' }).select('element_id', 'name', 'form_id');
    expect(decideTasks).toEqual([
      { element_id: 'decision', name: '决定（新流程）', form_id: 'decision-opinion' },
      { element_id: 'decision', name: '决定（新流程）', form_id: 'decision-opinion' },
    ]);
    const timeline = await admin.request<{ events: Array<{ kind: string }>; chain: { ok: boolean } }>('GET', `/api/v1/applications/${ids.atDecide[0]}/timeline?detail=full`);
    expect(timeline.body.chain.ok).toBe(true);
    expect(timeline.body.events.map((event) => event.kind)).toContain('applicationMigrated');

    await completeTasks(ctx.app, '449902.samr.accept', CODE, 'accept', new Set(ids.atAccept));
    expect(await completeTasks(ctx.app, '449902.samr.decide', CODE, 'decide', new Set([...ids.atAccept, ...ids.atDecide]))).toHaveLength(4);
    while ((await ctx.app.services.jobs.runDue(50)) > 0);
    const finished = await knex('application').whereIn('id', [...ids.atAccept, ...ids.atDecide]).pluck('status');
    expect(finished).toEqual(['completed', 'completed', 'completed', 'completed']);
    const newSteps = await knex('task').whereIn('application_id', ids.atAccept).where({ stage: 'decide' }).pluck('element_id');
    expect(newSteps).toEqual(['decision', 'decision']);

    const feed = await ctx.app.inject({ method: 'GET', url: `/api/v1/changes?item=${CODE}&kind=migrated` });
    expect(feed.json().events[0]).toMatchObject({ actor: 'admin', reason: '流程调整，在办件迁移到新版本', data: { fromVersion: 1, toVersion: 2, migrated: 4 } });
  });

  it('refuses an application whose task form would lose data its old form required', async () => {
    const { admin } = await managers(ctx.app);
    const atDecision = await submit(1);
    await completeTasks(ctx.app, '449902.samr.accept', CODE, 'accept', new Set(atDecision));
    const forms = structuredClone(TEMPLATE_FORMS);
    const decision = forms['decision-opinion'] as { components: Array<{ key?: string }> };
    decision.components = decision.components.filter((component) => component.key !== 'decisionOpinion');
    expect(await publishContent(RENAMED, forms)).toBe(3);
    const { body } = await admin.request<Report>('POST', `/api/v1/manage/items/${CODE}/migrations`, { fromVersion: 2, toVersion: 3, dryRun: false, reason: '尝试迁移' });
    expect(body, JSON.stringify(body)).toMatchObject({ candidates: 1, migrated: 0, refused: 1 });
    expect(body.applications[0]!.problems).toEqual([expect.objectContaining({ code: 'TB_MIGRATION_FORM_DATA_LOST', elementId: 'decision' })]);
    const version = await ctx.database.knex('application').where({ id: atDecision[0] }).first('item_version_id');
    const v2 = await ctx.database.knex('item_version').where({ item_code: CODE, version: 2 }).first('id');
    expect(Number(version.item_version_id)).toBe(Number(v2.id));
    const invalid = await admin.request<{ code: string }>('POST', `/api/v1/manage/items/${CODE}/migrations`, { fromVersion: 3, toVersion: 3, dryRun: true, reason: 'x' });
    expect(invalid.body.code).toBe('TB_MIGRATION_VERSIONS_INVALID');
  });
});
