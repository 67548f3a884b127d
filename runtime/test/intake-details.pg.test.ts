import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app';
import { openDatabase, type Database } from '../src/db/database';
import { login, uploadPdf } from './support/api';
import { useTestApp } from './support/app';
import { databaseUrl } from './support/postgres';
import { bpmnProcess, publishTestItem, simpleApplication } from './support/test-items';

const ctx = useTestApp();

const REVIEW_PROCEDURE = bpmnProcess('details-review', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
  <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" />
    <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:incoming>back</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="review" />
  <bpmn:userTask id="review" name="审核"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="reviewer" />
    <zeebe:taskHeaders><zeebe:header key="stage" value="review" /></zeebe:taskHeaders></bpmn:extensionElements>
    <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:userTask>
  <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="returned" />
  <bpmn:exclusiveGateway id="returned" default="f4"><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing><bpmn:outgoing>back</bpmn:outgoing></bpmn:exclusiveGateway>
  <bpmn:sequenceFlow id="back" sourceRef="returned" targetRef="accept"><bpmn:conditionExpression>=reviewOutcome = "return"</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="f4" sourceRef="returned" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>`);

beforeAll(async () => {
  await publishTestItem(ctx.database.knex, { code: 'QT09500001', processId: 'details-review', bpmn: REVIEW_PROCEDURE });
});

describe('material uploads', () => {
  it('stores the same content once, and refuses a wrong type, a disguised file and an oversized one', async () => {
    const applicant = await login(ctx.app, 'demo-wang');
    const first = await uploadPdf(ctx.app, applicant, 'same content');
    const second = await uploadPdf(ctx.app, applicant, 'same content');
    expect(second).toBe(first);
    const rows = await ctx.database.knex('stored_file').where({ sha256: first });
    expect(rows).toHaveLength(1);

    const upload = async (content: Buffer, type: string) => {
      const boundary = 'b0undary';
      return ctx.app.inject({
        method: 'POST', url: '/api/v1/files',
        headers: { authorization: `Bearer ${applicant.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\nContent-Type: ${type}\r\n\r\n`),
          content, Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    };
    const exe = await upload(Buffer.from('MZ\x90\x00'), 'application/x-msdownload');
    expect(exe.statusCode).toBe(415);
    const disguised = await upload(Buffer.from('<html>not a pdf</html>'), 'application/pdf');
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json()).toMatchObject({ code: 'TB_REQUEST_UNSUPPORTED_MEDIA_TYPE', path: '/file' });
    const huge = await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024, 32)]), 'application/pdf');
    expect([413]).toContain(huge.statusCode);
  });
});

describe('withdrawal (撤回) and return (退回)', () => {
  it('lets the applicant withdraw before the decision, ending the open tasks, and records why', async () => {
    const applicant = await login(ctx.app, 'demo-wang');
    const { body } = await applicant.request<{ id: string }>('POST', '/api/v1/applications', simpleApplication('QT09500001'));
    const withdrawn = await applicant.request<{ status: string; result: string }>('POST', `/api/v1/applications/${body.id}/withdraw`, { reason: '信息填写有误，重新申请' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toEqual({ status: 'withdrawn', result: 'withdrawn' });
    const tasks = await ctx.database.knex('task').where({ application_id: body.id });
    expect(tasks.every((task) => task.status === 'cancelled')).toBe(true);
    const timeline = await applicant.request<{ events: Array<{ kind: string; data?: { reason?: string } }> }>('GET', `/api/v1/applications/${body.id}/timeline`);
    expect(timeline.body.events.find((event) => event.kind === 'applicationWithdrawn')?.data?.reason).toBe('信息填写有误，重新申请');
    const again = await applicant.request<{ code: string }>('POST', `/api/v1/applications/${body.id}/withdraw`, { reason: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('TB_APPLICATION_NOT_ACTIVE');
  });

  it('returns a case from review to acceptance with a reason, shown in the timeline', async () => {
    const applicant = await login(ctx.app, 'demo-wang');
    const { body } = await applicant.request<{ id: string }>('POST', '/api/v1/applications', simpleApplication('QT09500001'));
    const clerk = await login(ctx.app, '449902.samr.accept');
    const reviewer = await login(ctx.app, '449902.samr.review');
    const open = async () => (await ctx.database.knex('task').where({ application_id: body.id, status: 'open' }).first());
    expect((await clerk.request('POST', `/api/v1/tasks/${(await open()).id}/complete`, { outcome: 'accept' })).status).toBe(200);
    const reviewTask = await open();
    expect(reviewTask.stage).toBe('review');
    const noReason = await reviewer.request<{ code: string }>('POST', `/api/v1/tasks/${reviewTask.id}/return`, { reason: '' });
    expect(noReason.status).toBe(400);
    expect((await reviewer.request('POST', `/api/v1/tasks/${reviewTask.id}/return`, { reason: '申请书签名缺失，退回受理环节' })).status).toBe(200);
    const back = await open();
    expect(back.stage).toBe('accept');
    const timeline = await applicant.request<{ events: Array<{ kind: string; outcome: string | null; opinion: string | null }> }>('GET', `/api/v1/applications/${body.id}/timeline`);
    expect(timeline.body.events.filter((event) => event.kind === 'taskDecided').map((event) => [event.outcome, event.opinion]))
      .toEqual([['accept', null], ['return', '申请书签名缺失，退回受理环节']]);
  });

  it('refuses withdrawal once the decision is made', async () => {
    const applicant = await login(ctx.app, 'demo-wang');
    const { body } = await applicant.request<{ id: string }>('POST', '/api/v1/applications', simpleApplication('QT09500001'));
    await ctx.database.knex('task').insert({
      id: `decided-${body.id}`, application_id: body.id, element_id: 'decide', name: '决定', stage: 'decide', status: 'completed',
      candidate_groups: ['decider'], candidate_users: [], department_code: '449902-SAMR', region_code: '449902', level: 'county',
      headers: '{}', variables: '{}', created_at: new Date(), completed_at: new Date(), outcome: 'approve',
    });
    const refused = await applicant.request<{ code: string }>('POST', `/api/v1/applications/${body.id}/withdraw`, { reason: '不想办了' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('TB_APPLICATION_NOT_WITHDRAWABLE');
  });
});

describe('tokens of an external identity provider', () => {
  let app: FastifyInstance;
  let database: Database;
  let privateKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey as CryptoKey;
    database = openDatabase({ databaseUrl: databaseUrl(ctx.databaseName), poolMax: 2 });
    app = await buildApp({
      database, logger: false,
      config: { jwtPublicKey: await exportSPKI(pair.publicKey), jwtIssuer: 'https://idp.example.gov.cn', demoLogin: false },
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('accepts a token the identity provider signed, with its claims as the caller’s scope', async () => {
    const token = await new SignJWT({ name: '外部受理员', roles: ['acceptance-clerk'], level: 'county', region: '449902', department: '449902-SAMR' })
      .setProtectedHeader({ alg: 'ES256' }).setSubject('idp:10086').setIssuer('https://idp.example.gov.cn').setExpirationTime('5m').sign(privateKey);
    const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: 'idp:10086', roles: ['acceptance-clerk'], regionCode: '449902', departmentCode: '449902-SAMR' });
  });

  it('refuses a token of another issuer, an expired one, and issues none itself', async () => {
    const other = await new SignJWT({ roles: ['admin'], level: 'city' }).setProtectedHeader({ alg: 'ES256' }).setSubject('x')
      .setIssuer('https://evil.example').setExpirationTime('5m').sign(privateKey);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${other}` } })).statusCode).toBe(401);
    const expired = await new SignJWT({ roles: ['admin'], level: 'city' }).setProtectedHeader({ alg: 'ES256' }).setSubject('x')
      .setIssuer('https://idp.example.gov.cn').setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(privateKey);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${expired}` } })).statusCode).toBe(401);
    const demo = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'tongban2026' } });
    expect(demo.statusCode).toBe(403);
    expect(demo.json().code).toBe('TB_AUTH_LOGIN_DISABLED');
  });
});
