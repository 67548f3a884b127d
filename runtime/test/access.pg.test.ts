import { beforeAll, describe, expect, it } from 'vitest';
import { login } from './support/api';
import { useTestApp } from './support/app';
import { bpmnProcess, publishTestItem, simpleApplication } from './support/test-items';

/**
 * Data scope is enforced in the queries and every denial is a 403 with a reason (issue #4): these tests try each
 * cross-scope access and expect it refused.
 */
const ctx = useTestApp();

const singleTask = bpmnProcess('scope-task', `
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

let applicationId = '';
let taskId = '';

beforeAll(async () => {
  await publishTestItem(ctx.database.knex, { code: 'QT09100001', processId: 'scope-task', bpmn: singleTask });
  const wang = await login(ctx.app, 'demo-wang');
  const submitted = await wang.request<{ id: string }>('POST', '/api/v1/applications', simpleApplication('QT09100001'));
  expect(submitted.status).toBe(201);
  applicationId = submitted.body.id;
  taskId = (await ctx.database.knex('task').where({ application_id: applicationId }).first()).id;
});

const refused = (response: { status: number; body: unknown }, code = 'TB_AUTH_OUT_OF_SCOPE') => {
  expect(response.status, JSON.stringify(response.body)).toBe(403);
  const body = response.body as { code: string; message: { zh: string; en: string } };
  expect(body.code).toBe(code);
  expect(body.message.zh.length).toBeGreaterThan(0);
  expect(body.message.en.length).toBeGreaterThan(0);
};

describe('applicants see only their own applications', () => {
  it('refuses another applicant reading, supplementing or withdrawing the application', async () => {
    const li = await login(ctx.app, 'demo-li');
    refused(await li.request('GET', `/api/v1/applications/${applicationId}`));
    refused(await li.request('GET', `/api/v1/applications/${applicationId}/timeline`));
    refused(await li.request('POST', `/api/v1/applications/${applicationId}/withdraw`, { reason: '不是我的' }));
    refused(await li.request('POST', `/api/v1/applications/${applicationId}/supplement`, { materials: [{ materialId: 'M001' }] }));
    const list = await li.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/applications?limit=200');
    expect(list.body.items.map((item) => item.id)).not.toContain(applicationId);
  });

  it('lets the applicant read it and finds it in their own list', async () => {
    const wang = await login(ctx.app, 'demo-wang');
    expect((await wang.request('GET', `/api/v1/applications/${applicationId}`)).status).toBe(200);
    const list = await wang.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/applications?limit=200');
    expect(list.body.items.map((item) => item.id)).toContain(applicationId);
  });

  it('refuses applying in someone else’s name', async () => {
    const li = await login(ctx.app, 'demo-li');
    const response = await li.request<{ code: string; path: string }>('POST', '/api/v1/applications', simpleApplication('QT09100001'));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'TB_APPLICATION_NOT_APPLICANT', path: '/applicant' });
  });

  it('keeps applicants out of the worklist, jobs and incidents', async () => {
    const wang = await login(ctx.app, 'demo-wang');
    refused(await wang.request('GET', '/api/v1/tasks'), 'TB_AUTH_FORBIDDEN');
    refused(await wang.request('POST', '/api/v1/jobs/activate', { type: 'x', worker: 'w' }), 'TB_AUTH_FORBIDDEN');
    refused(await wang.request('GET', '/api/v1/incidents'), 'TB_AUTH_FORBIDDEN');
    refused(await wang.request('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'accept' }));
  });
});

describe('staff see tasks of their department and region at their level', () => {
  it('shows the task to the district clerk and not to another district’s clerk', async () => {
    const own = await login(ctx.app, '449902.samr.accept');
    const other = await login(ctx.app, '449903.samr.accept');
    const ownList = await own.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tasks?limit=200');
    expect(ownList.body.items.map((item) => item.id)).toContain(taskId);
    const otherList = await other.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tasks?limit=200');
    expect(otherList.body.items.map((item) => item.id)).not.toContain(taskId);
    refused(await other.request('GET', `/api/v1/tasks/${taskId}`));
    refused(await other.request('POST', `/api/v1/tasks/${taskId}/claim`));
    refused(await other.request('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'accept' }));
    refused(await other.request('GET', `/api/v1/applications/${applicationId}`));
  });

  it('keeps the city department’s clerk off a district’s task', async () => {
    const city = await login(ctx.app, 'samr.accept');
    refused(await city.request('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'accept' }));
  });

  it('refuses a colleague of the right office without the task’s role', async () => {
    const reviewer = await login(ctx.app, '449902.samr.review');
    refused(await reviewer.request('POST', `/api/v1/tasks/${taskId}/complete`, { outcome: 'accept' }), 'TB_AUTH_FORBIDDEN');
  });

  it('refuses delegating a task to someone of another district', async () => {
    const own = await login(ctx.app, '449902.samr.accept');
    const response = await own.request<{ code: string; path: string }>('POST', `/api/v1/tasks/${taskId}/delegate`, { userId: '449903.samr.accept' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'TB_AUTH_OUT_OF_SCOPE', path: '/userId' });
  });

  it('refuses a claimed task to the other candidates until it is given back', async () => {
    const own = await login(ctx.app, '449902.samr.accept');
    expect((await own.request('POST', `/api/v1/tasks/${taskId}/claim`)).status).toBe(200);
    const mine = await own.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tasks?assigned=me');
    expect(mine.body.items.map((item) => item.id)).toContain(taskId);
    expect((await own.request('POST', `/api/v1/tasks/${taskId}/unclaim`)).status).toBe(200);
  });
});

describe('supervisors see their region', () => {
  it('shows the application to the city, province and its district supervisors, not to another district’s', async () => {
    for (const supervisor of ['city.supervisor', 'province.supervisor', 'district1.supervisor']) {
      const caller = await login(ctx.app, supervisor);
      const response = await caller.request<{ applicant: { idNumber: string } }>('GET', `/api/v1/applications/${applicationId}`);
      expect(response.status, supervisor).toBe(200);
      expect(response.body.applicant.idNumber).toBe('449902********4519');
    }
    const other = await login(ctx.app, 'district2.supervisor');
    refused(await other.request('GET', `/api/v1/applications/${applicationId}`));
    const list = await other.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/applications?limit=200');
    expect(list.body.items.map((item) => item.id)).not.toContain(applicationId);
  });
});

describe('without a token', () => {
  it('answers 401 on every protected route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/applications'], ['GET', `/api/v1/applications/${applicationId}`], ['POST', '/api/v1/applications'],
      ['GET', '/api/v1/tasks'], ['POST', `/api/v1/tasks/${taskId}/complete`], ['POST', '/api/v1/files'], ['GET', '/api/v1/incidents'],
    ] as const) {
      const response = await ctx.app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().code).toBe('TB_AUTH_REQUIRED');
    }
  });
});
