/**
 * Fixtures of the item management tests (issue #5): a small item on the simple accept → decide template procedure,
 * handled at county level by the market regulator, with no material an applicant must upload, so hundreds of
 * applications run through it quickly.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Caller } from './support/api';
import { login } from './support/api';

const templates = new URL('../../examples/templates/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, templates), 'utf8');

/** The simple procedure template (process `template-simple`: accept → decide → notify). */
export const SIMPLE_BPMN = read('procedures/simple.bpmn');
export const TEMPLATE_FORMS = {
  'person-application': JSON.parse(read('forms/person-application.form.json')) as Record<string, unknown>,
  'acceptance-opinion': JSON.parse(read('forms/acceptance-opinion.form.json')) as Record<string, unknown>,
  'decision-opinion': JSON.parse(read('forms/decision-opinion.form.json')) as Record<string, unknown>,
};

/** A valid item document on the simple template. */
export function simpleItem(code: string, overrides: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    code,
    name: '测试事项（动态调整）',
    type: 'licensing',
    subCategoryCode: 'market-access.food',
    implementingDepartment: '449900-SAMR',
    levels: ['county'],
    serviceObjects: ['person'],
    legalBasis: [{ title: '《中华人民共和国行政许可法》' }],
    legalTimeLimitDays: 20,
    committedTimeLimitDays: 10,
    acceptanceTimeLimitDays: 1,
    stageTimeLimitsDays: { accept: 1, decide: 1 },
    fees: { charged: true, items: [{ name: '工本费', amountYuan: 10 }] },
    channels: ['online', 'window'],
    visitsRequired: 0,
    contact: { phone: '0761-88123012' },
    materials: [
      { id: 'M001', name: '申请书', requirement: 'optional', source: 'applicant', formats: ['pdf'] },
      { id: 'M002', name: '授权委托书', requirement: 'conditional', condition: '=isAgent = true', source: 'applicant', formats: ['pdf'] },
    ],
    procedure: { processId: 'template-simple', resource: 'procedure.bpmn' },
    forms: [
      { id: 'person-application', purpose: 'application', resource: 'application.form.json' },
      { id: 'acceptance-opinion', purpose: 'task', resource: 'acceptance-opinion.form.json' },
      { id: 'decision-opinion', purpose: 'task', resource: 'decision-opinion.form.json' },
    ],
    ...overrides,
  };
}

/** A version's content on the simple template. */
export function simpleBundle(code: string, overrides: Record<string, unknown> = {}, bpmn = SIMPLE_BPMN) {
  return { item: simpleItem(code, overrides), bpmn, forms: structuredClone(TEMPLATE_FORMS) };
}

/** The item manager, the publisher and the approver (the second pair of eyes). */
export async function managers(app: FastifyInstance) {
  const [manager, publisher, approver, admin] = await Promise.all(['city.manager', 'city.publisher', 'city.approver', 'admin'].map((user) => login(app, user)));
  return { manager: manager!, publisher: publisher!, approver: approver!, admin: admin! };
}

/** Takes the open draft of `code` through submit → approve → publish; answers the published version number. */
export async function reviewAndPublish(app: FastifyInstance, code: string, options: { effectiveFrom?: string; reason?: string } = {}): Promise<number> {
  const { manager, approver } = await managers(app);
  const reason = options.reason ?? '测试发布';
  const submitted = await manager.request('POST', `/api/v1/manage/items/${code}/draft/submit`, { reason });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const approved = await approver.request('POST', `/api/v1/manage/items/${code}/draft/approve`, { reason });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  const published = await approver.request<{ version: { version: number } }>('POST', `/api/v1/manage/items/${code}/draft/publish`, {
    reason, ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}),
  });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return published.body.version.version;
}

/** Creates the simple item and publishes its first version. */
export async function createPublishedItem(app: FastifyInstance, code: string, overrides: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<void> {
  const { manager } = await managers(app);
  const created = await manager.request('POST', '/api/v1/manage/items', { ...simpleBundle(code, overrides), ...extra, reason: '新设事项' });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await reviewAndPublish(app, code);
}

/** A submission of the simple item by the person applicant `idNumber` (the applicant's own login). */
export function simpleApplication(code: string, applicant: { name: string; idNumber: string }, regionCode = '449902') {
  return {
    itemCode: code,
    regionCode,
    channel: 'online',
    applicant: { kind: 'person', name: applicant.name, idNumber: applicant.idNumber },
    formData: {
      applicantName: applicant.name,
      applicantIdNumber: applicant.idNumber,
      contactPhone: '13800138000',
      address: '江屿市滨江区望江路88号',
      applicationReason: '动态调整测试',
      isAgent: false,
      deliveryMethod: 'electronic',
      declarationAccepted: true,
    },
    materials: [],
  };
}

/** The demo applicant 王晓明 (`demo-wang`) with his resident ID number. */
export async function demoApplicant(app: FastifyInstance): Promise<{ caller: Caller; name: string; idNumber: string }> {
  const caller = await login(app, 'demo-wang');
  const me = await caller.request<{ name: string; idNumber: string }>('GET', '/api/v1/auth/me');
  return { caller, name: me.body.name, idNumber: me.body.idNumber };
}

/** Completes every open task of `stage` of the given applications as `username`, with the stage's form data. */
export async function completeTasks(app: FastifyInstance, username: string, itemCode: string, stage: 'accept' | 'decide', applicationIds?: Set<string>): Promise<string[]> {
  const staff = await login(app, username);
  const done: string[] = [];
  for (;;) {
    const list = await staff.request<{ items: Array<{ id: string; applicationId: string; stage: string }> }>('GET', `/api/v1/tasks?itemCode=${itemCode}&stage=${stage}&limit=200`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    const tasks = list.body.items.filter((task) => !applicationIds || applicationIds.has(task.applicationId)).filter((task) => !done.includes(task.id));
    if (tasks.length === 0) return done;
    const formData = stage === 'accept' ? { acceptOutcome: 'accept', acceptanceOpinion: '材料齐全，予以受理' } : { decideOutcome: 'approve', decisionOpinion: '准予许可' };
    // Four at a time: the test database's pool has five connections.
    for (let i = 0; i < tasks.length; i += 4) {
      const results = await Promise.all(tasks.slice(i, i + 4).map((task) => staff.request('POST', `/api/v1/tasks/${task.id}/complete`, { formData })));
      for (const completed of results) expect(completed.status, JSON.stringify(completed.body)).toBe(200);
      done.push(...tasks.slice(i, i + 4).map((task) => task.id));
    }
  }
}
