import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { completeTasks, createPublishedItem, demoApplicant, managers, reviewAndPublish, simpleApplication, simpleBundle, SIMPLE_BPMN } from './items-fixtures';

// Issue #5, point 3 and its "done when": a new version published while 100 applications are in flight.
const ctx = useTestApp();
const CODE = 'XK09990201';
const IN_FLIGHT = 100;

async function runAllDueJobs(): Promise<number> {
  let total = 0;
  for (let ran = await ctx.app.services.jobs.runDue(100); ran > 0; ran = await ctx.app.services.jobs.runDue(100)) total += ran;
  return total;
}

describe('publishing while applications are in flight', () => {
  it('lets each of 100 running applications finish on the version it started with while new ones get the new version', { timeout: 120_000 }, async () => {
    // 1. Version 1 is published and 100 applications are submitted on it.
    await createPublishedItem(ctx.app, CODE);
    const applicant = await demoApplicant(ctx.app);
    const receipts: Array<{ id: string; itemVersion: number }> = [];
    // Four at a time: the test database's pool has five connections.
    for (let batch = 0; batch < IN_FLIGHT / 4; batch += 1) {
      const results = await Promise.all(Array.from({ length: 4 }, () =>
        applicant.caller.request<{ id: string; itemVersion: number }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant))));
      for (const result of results) {
        expect(result.status, JSON.stringify(result.body)).toBe(201);
        receipts.push(result.body);
      }
    }
    expect(receipts.every((receipt) => receipt.itemVersion === 1)).toBe(true);
    const inFlight = new Set(receipts.map((receipt) => receipt.id));

    // 2. Half of them are accepted, so the new version arrives while some wait at acceptance and some at decision.
    const firstHalf = new Set(receipts.slice(0, IN_FLIGHT / 2).map((receipt) => receipt.id));
    expect(await completeTasks(ctx.app, '449902.samr.accept', CODE, 'accept', firstHalf)).toHaveLength(IN_FLIGHT / 2);

    // 3. Version 2 renames the decision step, shortens the committed time and adds a material.
    const { manager } = await managers(ctx.app);
    expect((await manager.request('POST', `/api/v1/manage/items/${CODE}/draft`, { reason: '流程调整' })).status).toBe(201);
    const v2 = simpleBundle(CODE, { committedTimeLimitDays: 6 }, SIMPLE_BPMN.replace('<bpmn:userTask id="decide" name="决定">', '<bpmn:userTask id="decide" name="审查决定（新版）">'));
    v2.item.materials.push({ id: 'M003', name: '情况说明', requirement: 'optional', source: 'applicant', formats: ['pdf'] } as never);
    expect((await manager.request('PUT', `/api/v1/manage/items/${CODE}/draft`, v2)).status).toBe(200);
    expect(await reviewAndPublish(ctx.app, CODE, { reason: '新版本立即生效' })).toBe(2);

    // 4. New applications get version 2.
    const fresh = await Promise.all(Array.from({ length: 4 }, () =>
      applicant.caller.request<{ id: string; itemVersion: number }>('POST', '/api/v1/applications', simpleApplication(CODE, applicant))));
    expect(fresh.map((result) => result.body.itemVersion)).toEqual([2, 2, 2, 2]);

    // 5. The 100 finish: the rest are accepted, all decided, and the notices sent.
    expect(await completeTasks(ctx.app, '449902.samr.accept', CODE, 'accept', inFlight)).toHaveLength(IN_FLIGHT / 2);
    const decided = await completeTasks(ctx.app, '449902.samr.decide', CODE, 'decide', inFlight);
    expect(decided).toHaveLength(IN_FLIGHT);
    expect(await runAllDueJobs()).toBeGreaterThanOrEqual(IN_FLIGHT);

    const knex = ctx.database.knex;
    const [v1Id, v2Id] = (await knex('item_version').where({ item_code: CODE }).whereIn('version', [1, 2]).orderBy('version').pluck('id')).map(Number);
    const finished = await knex('application').whereIn('id', [...inFlight]).select('status', 'result', 'item_version_id');
    expect(finished).toHaveLength(IN_FLIGHT);
    expect(finished.every((row: { status: string; result: string; item_version_id: string }) =>
      row.status === 'completed' && row.result === 'approved' && Number(row.item_version_id) === v1Id)).toBe(true);
    // Every in-flight decision step was the version-1 step, including those created after version 2 was published.
    const decisionNames = await knex('task').whereIn('application_id', [...inFlight]).where({ stage: 'decide' }).distinct('name').pluck('name');
    expect(decisionNames).toEqual(['决定']);

    // 6. The new applications run version 2's procedure.
    const freshIds = new Set(fresh.map((result) => result.body.id));
    await completeTasks(ctx.app, '449902.samr.accept', CODE, 'accept', freshIds);
    const freshDecisions = await knex('task').whereIn('application_id', [...freshIds]).where({ stage: 'decide' }).distinct('name').pluck('name');
    expect(freshDecisions).toEqual(['审查决定（新版）']);
    const freshVersions = await knex('application').whereIn('id', [...freshIds]).distinct('item_version_id').pluck('item_version_id');
    expect(freshVersions.map(Number)).toEqual([v2Id]);
  });
});
