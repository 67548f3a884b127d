import { afterAll, describe, expect, it } from 'vitest';
import type { ApiError} from '@tongban/client';
import { createClient } from '@tongban/client';
import { DEMO_PASSWORD } from '../src/seed/demo-users';
import { useTestApp } from './support/app';
import { startRuntime, type RuntimeProcess } from './support/child';
import { databaseUrl } from './support/postgres';
import { bpmnProcess, publishTestItem, simpleApplication } from './support/test-items';

/**
 * Several nodes (issue #10 point 4): three runtime processes on one PostgreSQL. Each timer and job fires once, racing
 * completions of one task give one success and clear conflicts, and the work is shared among the nodes.
 */
const ctx = useTestApp();
const nodes: RuntimeProcess[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});

const TIMER_PROCEDURE = bpmnProcess('nodes-timer', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
  <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    <bpmn:timerEventDefinition><bpmn:timeDuration>PT2S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="notify" />
  <bpmn:serviceTask id="notify" name="告知"><bpmn:extensionElements><zeebe:taskDefinition type="tongban.notify" />
    <zeebe:taskHeaders><zeebe:header key="notice" value="accepted" /></zeebe:taskHeaders></bpmn:extensionElements>
    <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`);

const TASK_PROCEDURE = bpmnProcess('nodes-task', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
  <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" />
    <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`);

describe('three runtime nodes on one PostgreSQL', () => {
  it('fire each timer and job once, share the work, and give one winner when a task is completed on every node', async () => {
    await publishTestItem(ctx.database.knex, { code: 'QT09400001', processId: 'nodes-timer', bpmn: TIMER_PROCEDURE });
    await publishTestItem(ctx.database.knex, { code: 'QT09400002', processId: 'nodes-task', bpmn: TASK_PROCEDURE });
    const url = databaseUrl(ctx.databaseName);
    nodes.push(...(await Promise.all([1, 2, 3].map(() => startRuntime(url)))));
    const tokens = {
      applicant: (await createClient({ baseUrl: nodes[0]!.url }).auth.login('demo-wang', DEMO_PASSWORD)).token,
      clerk: (await createClient({ baseUrl: nodes[0]!.url }).auth.login('449902.samr.accept', DEMO_PASSWORD)).token,
    };
    const on = (index: number, token: string) => createClient({ baseUrl: nodes[index % 3]!.url, token });

    // 60 applications through the three nodes; their timers and jobs are due at about the same time.
    const receipts = await Promise.all(Array.from({ length: 60 }, (_, i) => on(i, tokens.applicant).applications.submit(simpleApplication('QT09400001', `n-${i}`))))
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${nodes.map((node) => node.output().slice(-3000)).join('\n---\n')}`);
      });
    const ids = receipts.map((receipt) => receipt.id);
    const knex = ctx.database.knex;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const open = await knex('application').whereIn('id', ids).whereNot('status', 'completed').count({ n: '*' }).first();
      if (Number(open!.n) === 0) break;
      if (Date.now() > deadline) throw new Error(`${open!.n} applications still open`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const fired = await knex('event').whereIn('application_id', ids).where({ kind: 'timerFired' }).groupBy('application_id').select('application_id').count({ n: '*' });
    expect(fired).toHaveLength(60);
    expect(fired.every((row) => Number(row.n) === 1)).toBe(true);
    const notices = await knex('notification').whereIn('application_id', ids).count({ n: '*' }).first();
    expect(Number(notices!.n)).toBe(60);
    const workers = await knex('job').whereIn('application_id', ids).whereIn('kind', ['timer', 'service']).select('completed_by');
    expect(workers).toHaveLength(120);
    expect(new Set(workers.map((row) => row.completed_by)).size).toBeGreaterThanOrEqual(2);

    // One task completed on all three nodes at once: one success, two clear conflicts.
    const { id } = await on(0, tokens.applicant).applications.submit(simpleApplication('QT09400002', 'race'));
    const [task] = await knex('task').where({ application_id: id, status: 'open' });
    const results = await Promise.allSettled([0, 1, 2].map((i) => on(i, tokens.clerk).tasks.complete(task.id, { outcome: 'accept' })));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const conflicts = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected').map((result) => result.reason as ApiError);
    expect(conflicts.map((error) => [error.status, error.code])).toEqual([[409, 'TB_TASK_NOT_OPEN'], [409, 'TB_TASK_NOT_OPEN']]);
  }, 180_000);
});
