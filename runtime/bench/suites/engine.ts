import { buildApp } from '../../src/app';
import type { Principal } from '../../src/plugins/auth';
import { percentile, rawCommitRate, type BenchRow, type BenchSuite } from '../harness';

/** The standard application procedure: submit → accept → review → decide → close (a service task). */
const PROCEDURE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench" targetNamespace="http://tongban.dev/bench">
  <bpmn:process id="bench-standard" isExecutable="true">
    <bpmn:startEvent id="submitted"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="submitted" targetRef="accept" />
    <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" /><zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="accepted" />
    <bpmn:exclusiveGateway id="accepted" default="f3"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing><bpmn:outgoing>f3r</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:sequenceFlow id="f3r" sourceRef="accepted" targetRef="notAccepted"><bpmn:conditionExpression>=acceptOutcome = "reject"</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:endEvent id="notAccepted"><bpmn:incoming>f3r</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="accepted" targetRef="review" />
    <bpmn:userTask id="review" name="审核"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="reviewer" /><zeebe:taskHeaders><zeebe:header key="stage" value="review" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="review" targetRef="decide" />
    <bpmn:userTask id="decide" name="决定"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="decider" /><zeebe:taskHeaders><zeebe:header key="stage" value="decide" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f4</bpmn:incoming><bpmn:outgoing>f5</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f5" sourceRef="decide" targetRef="close" />
    <bpmn:serviceTask id="close" name="办结并制发证照"><bpmn:extensionElements><zeebe:taskDefinition type="JOB_TYPE" /><zeebe:taskHeaders><zeebe:header key="stage" value="close" /><zeebe:header key="notice" value="approved" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f5</bpmn:incoming><bpmn:outgoing>f6</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f6" sourceRef="close" targetRef="approved" />
    <bpmn:endEvent id="approved"><bpmn:incoming>f6</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const FORM = { type: 'default', id: 'bench-application', schemaVersion: 16, components: [
  { type: 'textfield', key: 'subject', label: '申请事项', validate: { required: true, maxLength: 200 } },
  { type: 'number', key: 'area', label: '面积', validate: { min: 1, max: 100000 } },
] };

/**
 * The engine benchmark (issue #3): N applications of the standard procedure driven end to end through the
 * runtime's services on PostgreSQL by concurrent clients, beside PostgreSQL's raw single-row commit rate measured
 * with the same number of clients in the same run.
 */
const suite: BenchSuite = {
  name: 'engine',
  description: 'standard procedure end to end through the store, vs raw commit rate',
  async run(context) {
    const clients = Number(process.env.BENCH_CLIENTS ?? 8);
    const instances = Number(process.env.BENCH_INSTANCES ?? (context.scale === 'reference' ? 10000 : 2000));
    // A time budget keeps the default run short on a slow or busy machine: the rate is measured over what ran.
    const budgetMs = Number(process.env.BENCH_ENGINE_SECONDS ?? (context.scale === 'reference' ? 600 : 60)) * 1000;
    const { database, url } = await context.freshDatabase({ seeded: true, poolMax: clients + 4 });
    const knex = database.knex;
    const app = await buildApp({ database, logger: false });
    const { applications, jobs } = app.services;
    // The close step notifies: issuing XK00001001's licence needs the organisation's data (legal representative,
    // address, business scope) from a real application form, which this one-field form does not carry.
    const licenceIssue = 'tongban.notify';
    const base = await knex('item_version').where({ item_code: 'XK00001001' }).first();
    const document = { ...(typeof base.document === 'string' ? JSON.parse(base.document) : base.document) };
    Object.assign(document, {
      code: 'XK09990001', name: '基准测试事项', materials: [], levels: ['city', 'county'],
      procedure: { processId: 'bench-standard', resource: 'procedure.bpmn' },
      forms: [{ id: 'bench-application', purpose: 'application', resource: 'application.form.json' }],
    });
    if (licenceIssue === 'tongban.notify') delete document.licenceIssued;
    await knex('item').insert({ code: document.code, name: document.name, type: document.type, sub_category_code: document.subCategoryCode, department_code: document.implementingDepartment, levels: document.levels });
    await knex('item_version').insert({
      item_code: document.code, version: 1, status: 'published', effective_from: new Date('2020-01-01'), document: JSON.stringify(document),
      bpmn: PROCEDURE.replace('JOB_TYPE', licenceIssue), forms: JSON.stringify({ 'bench-application': FORM }), content_hash: 'bench',
      created_by: 'bench', published_by: 'bench', published_at: new Date(),
    });
    const staff = async (id: string): Promise<Principal> => {
      const row = await knex('app_user').where({ id }).first();
      return { id: row.id, name: row.name, roles: row.roles, level: row.level, regionCode: row.region_code, departmentCode: row.department_code };
    };
    const applicant: Principal = { id: 'demo-wang', name: '王晓明', roles: ['applicant'], level: 'public', idNumber: '449902199003154519' };
    const [clerk, reviewer, decider] = await Promise.all(['449902.samr.accept', '449902.samr.review', '449902.samr.decide'].map(staff));
    const samples: Record<string, number[]> = { submit: [], accept: [], review: [], decide: [], 'job (claim+run)': [] };
    const timed = async <T>(name: string, fn: () => Promise<T>) => {
      const started = performance.now();
      const result = await fn();
      samples[name]!.push(performance.now() - started);
      return result;
    };
    const openTask = async (applicationId: string) =>
      (await knex('task').where({ application_id: applicationId, status: 'open' }).first('id')).id as string;

    // Warm up: compile the procedure, fill caches.
    const warm = await applications.submit(applicant, { itemCode: 'XK09990001', regionCode: '449902', channel: 'online', applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' }, formData: { subject: 'warm-up' } });
    await knex('application').where({ id: warm.receipt.id }).update({ status: 'cancelled' });
    for (const name of Object.keys(samples)) samples[name] = [];

    context.log(`driving ${instances} applications with ${clients} clients`);
    let next = 0;
    let completed = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < instances && performance.now() - started < budgetMs) {
        next += 1;
        const { receipt } = await timed('submit', () => applications.submit(applicant, {
          itemCode: 'XK09990001', regionCode: '449902', channel: 'online',
          applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' }, formData: { subject: `申请 ${next}`, area: 100 },
        }));
        await timed('accept', async () => applications.completeTask(clerk!, await openTask(receipt.id), { outcome: 'accept' }));
        await timed('review', async () => applications.completeTask(reviewer!, await openTask(receipt.id), { outcome: 'pass' }));
        await timed('decide', async () => applications.completeTask(decider!, await openTask(receipt.id), { outcome: 'approve' }));
        await timed('job (claim+run)', async () => {
          // The service task's job, not the supervision jobs (deadline warnings, deemed acceptance) due later.
          const job = await knex('job').where({ application_id: receipt.id, status: 'ready', kind: 'service' }).first();
          if (!job) throw new Error(`no service job for application ${receipt.id}`);
          const claimed = await jobs.claim({ types: [job.job_type], includeTimers: false, limit: 1, lockMs: 60_000, worker: jobs.workerId });
          for (const row of claimed) await jobs.runClaimed(row);
        });
        completed += 1;
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    const closed = Number((await knex('application').where({ item_code: 'XK09990001', status: 'completed' }).count({ n: '*' }).first())!.n);
    await app.close();
    context.log(`measuring the raw commit rate with ${clients} clients`);
    const raw = await rawCommitRate(url, clients, 10_000);
    const perSecond = completed / seconds;
    // Commands per instance: submit, accept, review, decide, job claim, job run (one transaction each).
    const transactionsPerInstance = 6;
    const rows: BenchRow[] = [
      { suite: 'engine', metric: 'completed applications/s', value: perSecond, unit: '/s', target: `>= 250 with ${clients} clients`, met: perSecond >= 250, note: `${closed} closed of ${next} (at most ${instances} or ${budgetMs / 1000} s)` },
      { suite: 'engine', metric: 'transactions per application', value: transactionsPerInstance, unit: 'tx' },
      {
        suite: 'engine', metric: 'application transactions/s', value: perSecond * transactionsPerInstance, unit: 'tx/s',
        reference: { metric: `raw single-row commits (${clients} clients)`, value: raw, unit: 'tx/s' },
        ratio: (perSecond * transactionsPerInstance) / raw, target: '>= 0.5 of raw', met: (perSecond * transactionsPerInstance) / raw >= 0.5,
      },
    ];
    for (const [name, values] of Object.entries(samples)) {
      const p99 = percentile(values, 99);
      rows.push({ suite: 'engine', metric: `${name} p50`, value: percentile(values, 50), unit: 'ms' });
      rows.push({ suite: 'engine', metric: `${name} p99`, value: p99, unit: 'ms', target: '< 20 ms', met: p99 < 20 });
    }
    return rows;
  },
};

export default suite;
