import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { buildApp } from '../src/app';
import { openDatabase, type Database } from '../src/db/database';
import { login, uploadPdf, type Caller } from './support/api';
import { foodLicenceApplication } from './support/food-licence';
import { createDatabaseFromTemplate, databaseUrl, dropDatabase } from './support/postgres';

/** Test apps on one database sharing a clock the test moves (instead of sleeping). */
export interface ClockedApps {
  apps: FastifyInstance[];
  databases: Database[];
  databaseName: string;
  /** The instant every app's clock answers. */
  now: Date;
  readonly app: FastifyInstance;
  set(instant: string | Date): void;
}

/**
 * Gives the calling test file its own copy of the seeded database and `count` runtime instances on it (each with
 * its own pool and LISTEN connection, like separate processes), all reading the test's clock.
 */
export function useClockedApps(count = 1, start = '2026-03-02T09:30:00+08:00'): ClockedApps {
  const ctx = {
    apps: [] as FastifyInstance[],
    databases: [] as Database[],
    databaseName: '',
    now: new Date(start),
    get app() {
      return this.apps[0]!;
    },
    set(instant: string | Date) {
      this.now = new Date(instant);
    },
  };
  beforeAll(async () => {
    ctx.databaseName = await createDatabaseFromTemplate(inject('templates').seeded);
    for (let i = 0; i < count; i += 1) {
      const database = openDatabase({ databaseUrl: databaseUrl(ctx.databaseName), poolMax: 5 });
      const app = await buildApp({ database, logger: process.env.TB_TEST_LOG ? { level: 'error' } : false, clock: () => new Date(ctx.now.getTime()) });
      await app.ready();
      ctx.databases.push(database);
      ctx.apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of ctx.apps) await app.close();
    for (const database of ctx.databases) await database.close();
    if (ctx.databaseName) await dropDatabase(ctx.databaseName);
  });
  return ctx;
}

/** Completes the due job of `type`: as an external worker, or by the internal worker when the type is built in. */
export async function completeJob(app: FastifyInstance, type: string, variables: Record<string, unknown> = {}): Promise<void> {
  const admin = await login(app, 'admin');
  const activated = await admin.request<{ jobs: Array<{ id: string }> }>('POST', '/api/v1/jobs/activate', { type, worker: 'supervision-test', maxJobs: 1 });
  if (activated.status === 403) {
    await app.services.jobs.runDue();
    return;
  }
  expect(activated.status).toBe(200);
  expect(activated.body.jobs, `a ${type} job is due`).toHaveLength(1);
  const done = await admin.request('POST', `/api/v1/jobs/${activated.body.jobs[0]!.id}/complete`, { worker: 'supervision-test', variables });
  expect(done.status, JSON.stringify(done.body)).toBe(200);
}

/** The open task of an application that `username` sees in the worklist. */
export async function openTask(app: FastifyInstance, username: string, applicationId: string) {
  const staff = await login(app, username);
  const list = await staff.request<{ items: Array<{ id: string; applicationId: string; stage: string; dueAt: string | null }> }>('GET', '/api/v1/tasks?limit=200');
  expect(list.status).toBe(200);
  const task = list.body.items.find((item) => item.applicationId === applicationId);
  expect(task, `${username} sees a task of the application`).toBeDefined();
  return { staff, task: task! };
}

/** Completes the open task of an application as `username`. */
export async function completeTask(app: FastifyInstance, username: string, applicationId: string, body: Record<string, unknown>) {
  const { staff, task } = await openTask(app, username, applicationId);
  const done = await staff.request('POST', `/api/v1/tasks/${task.id}/complete`, body);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return task;
}

/** Submits the food business licence example (XK00001001, 5 committed days) as the demo company. */
export async function submitFoodLicence(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<{ id: string; number: string; dueAt: string; applicant: Caller }> {
  const applicant = await login(app, 'demo-yunfan');
  const fileId = await uploadPdf(app, applicant, `supervision ${Math.random()}`);
  // Paper copies rather than reused licences, so the case does not depend on the licence library's content.
  const file = { fileId, name: 'material.pdf', mediaType: 'application/pdf', size: 100 };
  const materials = ['M001', 'M002', 'M003', 'M004', 'M005', 'M006', 'M007'].map((materialId) => ({ materialId, files: [file] }));
  const submitted = await applicant.request<{ id: string; number: string; dueAt: string }>('POST', '/api/v1/applications', foodLicenceApplication(fileId, { materials, ...overrides }));
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  return { ...submitted.body, applicant };
}

/** Runs the food licence to its acceptance task: the review assistant passes. */
export async function toAcceptance(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  const submitted = await submitFoodLicence(app, overrides);
  await completeJob(app, 'tongban.review-assistant', { reviewResult: 'pass' });
  return submitted;
}

/** Accept → review → decide → licence → deliver: the case closes (the clock is wherever the test put it). */
export async function runToClosure(app: FastifyInstance, id: string, steps: { beforeEach?: (stage: string) => void } = {}) {
  steps.beforeEach?.('accept');
  await completeTask(app, '449902.samr.accept', id, { outcome: 'accept', formData: { acceptanceOpinion: '材料齐全，予以受理' } });
  await app.services.jobs.runDue();
  steps.beforeEach?.('review');
  await completeTask(app, '449902.samr.review', id, {
    formData: { reviewOutcome: 'pass', onSiteInspected: true, inspectionDate: '2026-03-03', inspectionResult: 'pass', reviewOpinion: '现场核查符合要求' },
  });
  steps.beforeEach?.('decide');
  await completeTask(app, '449902.samr.decide', id, { outcome: 'approve', formData: { decisionOpinion: '准予许可' } });
  await completeJob(app, 'tongban.licence-issue', { licenceId: 'issued-by-supervision-test' });
  steps.beforeEach?.('deliver');
  await completeTask(app, '449902.samr.clerk', id, { formData: { deliveredBy: 'electronic', recipientName: '王晓明', deliveredOn: '2026-03-04' } });
  await app.services.jobs.runDue();
}
