import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { openDatabase } from '../src/db/database';
import { login } from './support/api';
import { useTestApp } from './support/app';
import { databaseUrl } from './support/postgres';
import { bpmnProcess, publishTestItem, simpleApplication } from './support/test-items';

/** A clock the tests move by hand, shared by every app instance of this file. */
let nowMs = Date.parse('2026-11-24T02:00:00Z');
const clock = () => new Date(nowMs);
const ctx = useTestApp({ clock });

const userTaskProcess = bpmnProcess('single-task', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
  <bpmn:userTask id="accept" name="受理">
    <bpmn:extensionElements>
      <zeebe:assignmentDefinition candidateGroups="acceptance-clerk" />
      <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders>
    </bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`);

const timerThenNotify = bpmnProcess('timer-notify', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
  <bpmn:intermediateCatchEvent id="wait"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
  </bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="notify" />
  <bpmn:serviceTask id="notify" name="告知">
    <bpmn:extensionElements>
      <zeebe:taskDefinition type="tongban.notify" retries="3" />
      <zeebe:taskHeaders><zeebe:header key="notice" value="accepted" /></zeebe:taskHeaders>
    </bpmn:extensionElements>
    <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
  </bpmn:serviceTask>
  <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`);

const externalJob = bpmnProcess('external-job', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
  <bpmn:serviceTask id="check" name="外部核验">
    <bpmn:extensionElements><zeebe:taskDefinition type="test.external-check" retries="2" /></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
  </bpmn:serviceTask>
  <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`);

const conformance = new URL('../../../shared/conformance/camunda8/zeebe-process-test/', import.meta.url);

beforeAll(async () => {
  await publishTestItem(ctx.database.knex, { code: 'QT09000001', processId: 'single-task', bpmn: userTaskProcess });
  await publishTestItem(ctx.database.knex, { code: 'QT09000002', processId: 'timer-notify', bpmn: timerThenNotify });
  await publishTestItem(ctx.database.knex, { code: 'QT09000003', processId: 'external-job', bpmn: externalJob });
  await publishTestItem(ctx.database.knex, { code: 'QT09000004', processId: 'call-activity', bpmn: readFileSync(new URL('call-activity.bpmn', conformance), 'utf8') });
  await publishTestItem(ctx.database.knex, { code: 'QT09000005', processId: 'start-end', bpmn: readFileSync(new URL('start-end.bpmn', conformance), 'utf8') });
});

async function submit(itemCode: string) {
  const applicant = await login(ctx.app, 'demo-wang');
  const response = await applicant.request<{ id: string; number: string }>('POST', '/api/v1/applications', simpleApplication(itemCode));
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('commands on one application serialise', () => {
  it('gives one success and one clear conflict when two clerks complete the same task at once', async () => {
    const { id } = await submit('QT09000001');
    const clerk = await login(ctx.app, '449902.samr.accept');
    const [task] = await ctx.database.knex('task').where({ application_id: id, status: 'open' });
    const results = await Promise.all([1, 2].map(() => clerk.request<{ code?: string }>('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'accept' })));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect(results.find((result) => result.status === 409)!.body.code).toBe('TB_TASK_NOT_OPEN');
    const completions = await ctx.database.knex('event').where({ application_id: id, kind: 'taskDecided' }).count({ n: '*' }).first();
    expect(Number(completions!.n)).toBe(1);
    const application = await ctx.database.knex('application').where({ id }).first();
    expect(application.status).toBe('completed');
  });

  it('writes nothing when a command fails after its step (the transaction rolls back)', async () => {
    const { id } = await submit('QT09000001');
    const before = await ctx.database.knex('application').where({ id }).first();
    const eventsBefore = await ctx.database.knex('event').where({ application_id: id }).count({ n: '*' }).first();
    let armed = true;
    ctx.app.services.applications.onStep(async () => {
      if (armed) throw new Error('simulated crash after the step was written');
    });
    const clerk = await login(ctx.app, '449902.samr.accept');
    const [task] = await ctx.database.knex('task').where({ application_id: id, status: 'open' });
    const failed = await clerk.request<{ code: string; requestId: string }>('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'accept' });
    armed = false;
    expect(failed.status).toBe(500);
    expect(failed.body.code).toBe('TB_INTERNAL');
    const after = await ctx.database.knex('application').where({ id }).first();
    expect(after.rev).toBe(before.rev);
    expect(after.state).toEqual(before.state);
    expect((await ctx.database.knex('task').where({ id: task.id }).first()).status).toBe('open');
    expect(await ctx.database.knex('event').where({ application_id: id }).count({ n: '*' }).first()).toEqual(eventsBefore);
    // and the same command succeeds afterwards
    expect((await clerk.request('POST', `/api/v1/tasks/${task.id}/complete`, { outcome: 'accept' })).status).toBe(200);
  });
});

describe('timers and jobs fire exactly once across processes', () => {
  const second = {} as { app: Awaited<ReturnType<typeof buildApp>>; close(): Promise<void> };
  beforeAll(async () => {
    const database = openDatabase({ databaseUrl: databaseUrl(ctx.databaseName), poolMax: 5 });
    second.app = await buildApp({ database, logger: false, clock });
    second.close = async () => {
      await second.app.close();
      await database.close();
    };
  });
  afterAll(async () => second.close());

  it('runs 30 due timers and their notify jobs once each with two workers racing', async () => {
    const submitted = [];
    for (let i = 0; i < 30; i += 1) submitted.push(await submit('QT09000002'));
    nowMs += 2 * 3600_000;
    const drain = async (app: typeof ctx.app) => {
      let total = 0;
      for (let ran = -1; ran !== 0;) total += ran = await app.services.jobs.runDue(7);
      return total;
    };
    const [a, b] = await Promise.all([drain(ctx.app), drain(second.app)]);
    expect(a + b).toBe(60);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    const ids = submitted.map((s) => s.id);
    const fired = await ctx.database.knex('event').whereIn('application_id', ids).where({ kind: 'timerFired' }).groupBy('application_id').select('application_id').count({ n: '*' });
    expect(fired).toHaveLength(30);
    expect(fired.every((row) => Number(row.n) === 1)).toBe(true);
    const notices = await ctx.database.knex('notification').whereIn('application_id', ids).count({ n: '*' }).first();
    expect(Number(notices!.n)).toBe(30);
    const open = await ctx.database.knex('application').whereIn('id', ids).whereNot('status', 'completed').count({ n: '*' }).first();
    expect(Number(open!.n)).toBe(0);
  });

  it('lets another worker take over a job whose worker crashed after claiming it', async () => {
    const { id } = await submit('QT09000003');
    const admin = await login(ctx.app, 'admin');
    const first = await admin.request<{ jobs: Array<{ id: string }> }>('POST', '/api/v1/jobs/activate', { type: 'test.external-check', worker: 'crashing', lockSeconds: 30 });
    expect(first.body.jobs).toHaveLength(1);
    const again = await admin.request<{ jobs: unknown[] }>('POST', '/api/v1/jobs/activate', { type: 'test.external-check', worker: 'other' });
    expect(again.body.jobs).toHaveLength(0);
    nowMs += 31_000;
    const takeover = await admin.request<{ jobs: Array<{ id: string }> }>('POST', '/api/v1/jobs/activate', { type: 'test.external-check', worker: 'other' });
    expect(takeover.body.jobs.map((job) => job.id)).toEqual([first.body.jobs[0]!.id]);
    const late = await admin.request<{ code: string }>('POST', `/api/v1/jobs/${first.body.jobs[0]!.id}/complete`, { worker: 'crashing' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TB_JOB_NOT_LOCKED');
    expect((await admin.request('POST', `/api/v1/jobs/${first.body.jobs[0]!.id}/complete`, { worker: 'other', variables: { checked: true } })).status).toBe(200);
    expect((await ctx.database.knex('application').where({ id }).first()).status).toBe('completed');
  });

  it('retries a failing job with backoff, raises an incident when retries run out, and retries after a fix', async () => {
    const { id } = await submit('QT09000003');
    const admin = await login(ctx.app, 'admin');
    const activate = async () => (await admin.request<{ jobs: Array<{ id: string }> }>('POST', '/api/v1/jobs/activate', { type: 'test.external-check', worker: 'w' })).body.jobs;
    const [job] = await activate();
    expect((await admin.request('POST', `/api/v1/jobs/${job!.id}/fail`, { worker: 'w', retries: 1, errorMessage: '核验服务超时' })).status).toBe(200);
    expect(await activate()).toHaveLength(0); // backing off
    nowMs += 15_000;
    const [retry] = await activate();
    expect(retry!.id).toBe(job!.id);
    await admin.request('POST', `/api/v1/jobs/${job!.id}/fail`, { worker: 'w', retries: 0, errorMessage: '核验服务不可用' });
    const incidents = await admin.request<{ items: Array<{ id: string; applicationId: string; message: string }> }>('GET', '/api/v1/incidents');
    const incident = incidents.body.items.find((item) => item.applicationId === id);
    expect(incident?.message).toContain('核验服务不可用');
    nowMs += 3600_000;
    expect(await activate()).toHaveLength(0); // an incident is not retried by itself
    expect((await admin.request('POST', `/api/v1/incidents/${incident!.id}/resolve`, { retries: 2 })).status).toBe(200);
    const [fixed] = await activate();
    expect(fixed!.id).toBe(job!.id);
    await admin.request('POST', `/api/v1/jobs/${job!.id}/complete`, { worker: 'w' });
    expect((await ctx.database.knex('application').where({ id }).first()).status).toBe('completed');
  });
});

describe('call activities', () => {
  it('start the called process as a child application and resume the caller when it completes', async () => {
    const { id } = await submit('QT09000004');
    const parent = await ctx.database.knex('application').where({ id }).first();
    const children = await ctx.database.knex('application').where({ parent_application_id: id });
    expect(children).toHaveLength(1);
    expect(children[0].process_id).toBe('start-end');
    expect(children[0].status).toBe('completed');
    expect(parent.status).toBe('completed');
  });
});
