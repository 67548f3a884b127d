import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, type Caller } from './support/api';
import { useTestApp } from './support/app';
import { bpmnProcess, publishTestItem, simpleApplication } from './support/test-items';

/**
 * Malformed and hostile payloads on every route of intake, the worklist, applications, files and jobs (issue #4
 * point 8): the answer is always a 4xx with the common error body — never a 5xx — and a refused request writes
 * nothing.
 */
const ctx = useTestApp();

const TABLES = ['application', 'task', 'job', 'subscription', 'event', 'application_material', 'idempotency_key', 'stored_file', 'notification', 'incident'];

async function rowCounts(): Promise<Record<string, number>> {
  const result = await ctx.database.knex.raw(`SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(', ')}`);
  return result.rows[0] as Record<string, number>;
}

const HOSTILE_STRINGS = [
  "'; DROP TABLE application; --", "' OR '1'='1", '<script>alert(1)</script>', '${7*7}', '{{7*7}}', '../../etc/passwd',
  '\u0000', '\uD800', '𠜎𠜱𠝹', 'a'.repeat(70_000), '=now()', '%00', 'null', 'undefined', '__proto__',
];

const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 50 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'itemCode', 'formData', 'outcome')), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Bodies that look almost right: a valid submission with one field replaced by something hostile. */
const nearlyValidSubmission = fc.record({
  field: fc.constantFrom('itemCode', 'regionCode', 'channel', 'applicant', 'formData', 'materials', 'agent', 'remarks', 'extra'),
  value: hostileValue,
}).map(({ field, value }) => ({ ...simpleApplication('QT09200001'), [field]: value }));

const deepNesting = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

let applicant: Caller;
let clerk: Caller;
let admin: Caller;
let applicationId = '';
let taskId = '';

beforeAll(async () => {
  await publishTestItem(ctx.database.knex, {
    code: 'QT09200001',
    processId: 'hostile-task',
    bpmn: bpmnProcess('hostile-task', `
      <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
      <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" />
        <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements>
        <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
      <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="end" />
      <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`),
  });
  applicant = await login(ctx.app, 'demo-wang');
  clerk = await login(ctx.app, '449902.samr.accept');
  admin = await login(ctx.app, 'admin');
  const submitted = await applicant.request<{ id: string }>('POST', '/api/v1/applications', simpleApplication('QT09200001'));
  applicationId = submitted.body.id;
  taskId = (await ctx.database.knex('task').where({ application_id: applicationId }).first()).id;
});

/** Sends a raw body and checks the answer is a 4xx error body that changed no row. */
async function expectRefusedWithoutWrites(caller: Caller, method: 'POST' | 'GET', url: string, payload: string, contentType = 'application/json') {
  const before = await rowCounts();
  const response = await ctx.app.inject({
    method, url, payload, headers: { authorization: `Bearer ${caller.token}`, 'content-type': contentType },
  });
  expect(response.statusCode, `${method} ${url} ${payload.slice(0, 200)} → ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode >= 400) {
    const body = response.json();
    expect(body.code).toMatch(/^TB_[A-Z_]+$/);
    expect(body.message.zh).toBeTruthy();
    expect(body.message.en).toBeTruthy();
    expect(await rowCounts()).toEqual(before);
  }
  return response.statusCode;
}

describe('hostile input', () => {
  it('refuses nearly valid submissions with one hostile field, writing nothing', async () => {
    await fc.assert(fc.asyncProperty(nearlyValidSubmission, async (body) => {
      const status = await expectRefusedWithoutWrites(applicant, 'POST', '/api/v1/applications', JSON.stringify(body));
      // Only a body whose "hostile" field happened to be valid may pass.
      if (status < 400) expect(status).toBe(201);
    }), { numRuns: 60, seed: 20261124 });
  });

  it('answers any JSON value on every write route with a 4xx, never a 5xx', async () => {
    const routes: Array<[Caller, string]> = [
      [applicant, '/api/v1/applications'],
      [applicant, `/api/v1/applications/${applicationId}/supplement`],
      [applicant, `/api/v1/applications/${applicationId}/withdraw`],
      [clerk, `/api/v1/tasks/${taskId}/complete`],
      [clerk, `/api/v1/tasks/${taskId}/delegate`],
      [clerk, `/api/v1/tasks/${taskId}/return`],
      [admin, '/api/v1/jobs/activate'],
      [admin, '/api/v1/jobs/nonexistent-job/complete'],
      [admin, '/api/v1/jobs/nonexistent-job/fail'],
      [admin, '/api/v1/incidents/nonexistent/resolve'],
      [applicant, '/api/v1/auth/login'],
    ];
    for (const [caller, url] of routes) {
      await fc.assert(fc.asyncProperty(hostileValue, async (value) => {
        const status = await expectRefusedWithoutWrites(caller, 'POST', url, JSON.stringify(value));
        expect(status).toBeGreaterThanOrEqual(400);
      }), { numRuns: 25, seed: 7 });
    }
  });

  it('refuses NUL characters anywhere in a body, a query or a path, naming where', async () => {
    const response = await applicant.request<{ code: string; path: string }>('POST', '/api/v1/applications', { ...simpleApplication('QT09200001'), formData: { subject: 'a\u0000b' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'TB_REQUEST_CONTROL_CHARACTER', path: '/formData/subject' });
    const query = await ctx.app.inject({ method: 'GET', url: '/api/v1/items?q=%00' });
    expect(query.json()).toMatchObject({ code: 'TB_REQUEST_CONTROL_CHARACTER', path: '/q' });
  });

  it('refuses malformed JSON, huge bodies, deep nesting and wrong content types', async () => {
    const urls = ['/api/v1/applications', `/api/v1/tasks/${taskId}/complete`, `/api/v1/applications/${applicationId}/withdraw`];
    for (const url of urls) {
      const caller = url.includes('/tasks/') ? clerk : applicant;
      expect(await expectRefusedWithoutWrites(caller, 'POST', url, '{"itemCode": ')).toBe(400);
      expect(await expectRefusedWithoutWrites(caller, 'POST', url, '')).toBe(400);
      expect(await expectRefusedWithoutWrites(caller, 'POST', url, `{"x":"${'a'.repeat(3 * 1024 * 1024)}"}`)).toBe(413);
      expect(await expectRefusedWithoutWrites(caller, 'POST', url, deepNesting(100_000))).toBeGreaterThanOrEqual(400);
      expect(await expectRefusedWithoutWrites(caller, 'POST', url, '<xml/>', 'application/xml')).toBe(415);
    }
  });

  it('refuses hostile query strings and path parameters on every read route', async () => {
    await fc.assert(fc.asyncProperty(hostileString, async (text) => {
      // Percent-encode the bytes (a lone surrogate becomes U+FFFD); invalid UTF-8 is tried on its own below.
      const encoded = [...Buffer.from(text.slice(0, 2000))].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
      for (const [caller, url] of [
        [applicant, `/api/v1/items?q=${encoded}`], [applicant, `/api/v1/items/${encoded}`], [applicant, `/api/v1/applications/${encoded}`],
        [applicant, `/api/v1/applications?number=${encoded}`], [clerk, `/api/v1/tasks/${encoded}`], [clerk, `/api/v1/tasks?stage=${encoded}`],
        [applicant, `/api/v1/progress?number=${encoded}&idNumber=${encoded}`], [applicant, `/api/v1/items?limit=${encoded}`],
      ] as Array<[Caller, string]>) {
        const response = await ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${caller.token}` } });
        expect(response.statusCode, `${url} → ${response.body.slice(0, 200)}`).toBeLessThan(500);
      }
    }), { numRuns: 40, seed: 11 });
  });

  it('refuses invalid percent-encoding and invalid UTF-8 in URLs', async () => {
    for (const url of ['/api/v1/items/%E0%A4%A', '/api/v1/applications/%c0%af', '/api/v1/progress?number=%&idNumber=1']) {
      const response = await ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${applicant.token}` } });
      expect(response.statusCode, `${url} → ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
    // Undecodable bytes in a search text are searched for as U+FFFD and find nothing.
    const search = await ctx.app.inject({ method: 'GET', url: '/api/v1/items?q=%ff%fe' });
    expect(search.json()).toEqual({ items: [], total: 0 });
  });

  it('refuses an unknown item and an item with no version in force', async () => {
    const unknown = await applicant.request<{ code: string; path: string }>('POST', '/api/v1/applications', simpleApplication('XK99999999'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'TB_ITEM_NOT_FOUND', path: '/itemCode' });
    await ctx.database.knex('item').insert({ code: 'QT09200002', name: '未来事项', type: 'other-power', sub_category_code: (await ctx.database.knex('category').whereNotNull('parent_code').first()).code, department_code: '449900-SAMR', levels: ['city'] });
    const future = await applicant.request<{ code: string }>('POST', '/api/v1/applications', simpleApplication('QT09200002'));
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('TB_ITEM_NOT_EFFECTIVE');
  });
});
