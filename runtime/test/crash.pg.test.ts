import { describe, expect, it } from 'vitest';
import { createClient, ApiError } from '@tongban/client';
import { DEMO_PASSWORD } from '../src/seed/demo-users';
import { verifyHistory } from '../src/domains/applications/history';
import { useTestApp } from './support/app';
import { startRuntime, type RuntimeProcess } from './support/child';
import { databaseUrl } from './support/postgres';
import { bpmnProcess, publishTestItem, simpleApplication } from './support/test-items';

/**
 * Crash safety (issue #10 point 3): the runtime runs as a child process under intake and task-completion load and is
 * killed with SIGKILL at random moments; after each restart the clients carry on, retrying what they did not get an
 * answer for. Afterwards every acknowledged submission exists exactly once, every acknowledged completion was applied
 * exactly once, every job ran exactly once to effect, and every application is in a valid state.
 */
const ctx = useTestApp();

const PROCESS = bpmnProcess('crash-procedure', `
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
  <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" />
    <zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
  <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="notify" />
  <bpmn:serviceTask id="notify" name="告知"><bpmn:extensionElements><zeebe:taskDefinition type="tongban.notify" />
    <zeebe:taskHeaders><zeebe:header key="notice" value="accepted" /></zeebe:taskHeaders></bpmn:extensionElements>
    <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="end" />
  <bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>`);

/** A seeded random generator, so a failing run can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// The client answers a refused or reset connection as status 0 (TB_NETWORK_UNREACHABLE).
const isTransportError = (error: unknown) => !(error instanceof ApiError) || error.status === 0 || error.status >= 500;

describe('crash safety under SIGKILL', () => {
  it('keeps every acknowledged submission and completion exactly once through four kills', async () => {
    await publishTestItem(ctx.database.knex, { code: 'QT09300001', processId: 'crash-procedure', bpmn: PROCESS });
    const url = databaseUrl(ctx.databaseName);
    const rand = random(20261124);
    // Claims of a killed worker expire after 2 s, so the test need not wait the default 30 s.
    const env = { TONGBAN_JOB_LOCK_MS: '2000' };
    let runtime: RuntimeProcess = await startRuntime(url, env);
    const base = () => runtime.url;
    const login = async (user: string) => (await createClient({ baseUrl: base() }).auth.login(user, DEMO_PASSWORD)).token;
    const applicantToken = await login('demo-wang');
    const clerkToken = await login('449902.samr.accept');
    const applicant = () => createClient({ baseUrl: base(), token: applicantToken });
    const clerk = () => createClient({ baseUrl: base(), token: clerkToken });

    const acknowledgedSubmissions = new Map<string, string>(); // idempotency key → application id
    const acknowledgedCompletions = new Set<string>();
    let stopLoad = false;
    let submitted = 0;

    const submitLoop = async (worker: number) => {
      while (!stopLoad) {
        const key = `crash-${worker}-${submitted++}`;
        // Retry with the same key until there is an answer: the retry must not create a second application.
        for (;;) {
          try {
            const receipt = await applicant().applications.submit(simpleApplication('QT09300001', key), key);
            acknowledgedSubmissions.set(key, receipt.id);
            break;
          } catch (error) {
            if (!isTransportError(error)) throw error;
            if (stopLoad) break;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
    };
    const completeLoop = async () => {
      while (!stopLoad) {
        try {
          const { items } = await clerk().tasks.list({ stage: 'accept', limit: 20 });
          for (const task of items) {
            try {
              await clerk().tasks.complete(task.id, { outcome: 'accept' });
              acknowledgedCompletions.add(task.id);
            } catch {
              // A 4xx: completed meanwhile by the other loop; a transport error: unknown. Neither is acknowledged.
            }
          }
        } catch (error) {
          if (!isTransportError(error)) throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const load = Promise.all([submitLoop(1), submitLoop(2), submitLoop(3), completeLoop(), completeLoop()]);
    for (let kill = 0; kill < 4; kill += 1) {
      await new Promise((resolve) => setTimeout(resolve, 800 + rand() * 1500));
      await runtime.kill();
      runtime = await startRuntime(url, env);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stopLoad = true;
    await load;

    // Finish what is left: complete the remaining acceptance tasks and let the worker run every due job.
    for (let round = 0; round < 50; round += 1) {
      const { items } = await clerk().tasks.list({ stage: 'accept', limit: 200 });
      for (const task of items) await clerk().tasks.complete(task.id, { outcome: 'accept' }).catch(() => undefined);
      const pending = await ctx.database.knex('job').whereIn('kind', ['service', 'timer']).whereIn('status', ['ready', 'locked']).count({ n: '*' }).first();
      if (items.length === 0 && Number(pending!.n) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await runtime.stop();

    const knex = ctx.database.knex;
    expect(acknowledgedSubmissions.size).toBeGreaterThan(10);
    // 1. Every acknowledged submission exists exactly once (one application per idempotency key).
    const applications = await knex('application').where({ item_code: 'QT09300001' }).select('id', 'status', 'state', 'form_data');
    const bySubject = new Map<string, number>();
    for (const row of applications) bySubject.set(row.form_data.subject, (bySubject.get(row.form_data.subject) ?? 0) + 1);
    for (const [key, id] of acknowledgedSubmissions) {
      expect(bySubject.get(key), key).toBe(1);
      expect(applications.some((row) => row.id === id)).toBe(true);
    }
    expect([...bySubject.values()].every((count) => count === 1)).toBe(true);
    // 2. Every acknowledged completion applied exactly once.
    for (const taskId of acknowledgedCompletions) {
      const task = await knex('task').where({ id: taskId }).first();
      expect(task.status).toBe('completed');
      const decided = await knex('event').where({ kind: 'taskDecided' }).whereRaw(`data->>'taskId' = ?`, [taskId]).count({ n: '*' }).first();
      expect(Number(decided!.n), taskId).toBe(1);
    }
    // 3. Every job ran exactly once to effect: one notice per application, one completion per job, none left.
    const ids = applications.map((row) => row.id);
    const stuck = await knex('application').where({ item_code: 'QT09300001' }).whereNot('status', 'completed').select('id', 'status', 'stage');
    if (stuck.length > 0) {
      const detail = await Promise.all(stuck.slice(0, 3).map(async (row) => ({
        row,
        tasks: await knex('task').where({ application_id: row.id }).select('id', 'status', 'assignee'),
        jobs: await knex('job').where({ application_id: row.id }).select('id', 'status', 'error_message', 'locked_by', 'locked_until'),
      })));
      expect.fail(`${stuck.length} applications not closed: ${JSON.stringify(detail)}\n${runtime.output().slice(-2000)}`);
    }
    const notices = await knex('notification').whereIn('application_id', ids).groupBy('application_id').select('application_id').count({ n: '*' });
    expect(notices).toHaveLength(ids.length);
    expect(notices.every((row) => Number(row.n) === 1)).toBe(true);
    const jobs = await knex('job').whereIn('application_id', ids).where('kind', 'service').select('status');
    expect(jobs.every((job) => job.status === 'completed')).toBe(true);
    expect(jobs).toHaveLength(ids.length);
    // 4. Every application is in a valid state: closed, its engine state finished, its history chain intact.
    for (const row of applications) {
      expect(row.status).toBe('completed');
      expect(row.state.status).toBe('completed');
      expect(Object.keys(row.state.tasks)).toHaveLength(0);
      expect((await verifyHistory(knex, row.id)).ok).toBe(true);
    }
  }, 300_000);
});
