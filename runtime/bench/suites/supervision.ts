import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createCalendar, seedRows } from '@tongban/calendar';
import { ARCHIVE_CASE_CSV_HEADER, archiveCaseToCsv, archiveCases, generateCatalogue } from '@tongban/examples';
import { buildApp } from '../../src/app';
import type { Principal } from '../../src/plugins/auth';
import { clockTimes, liveStateAt } from '../../src/domains/supervision/deadline';
import { rebuildLiveCounters } from '../../src/domains/supervision/monitoring-store';
import type { SupervisionMessage } from '../../src/domains/supervision/bus';
import { percentile, type BenchRow, type BenchSuite } from '../harness';
import { lookupReference } from '../references';

/** Columns of `archive_case` in the order of the examples' CSV (ARCHIVE_CASE_CSV_HEADER). */
const ARCHIVE_COLUMNS = [
  'case_number', 'item_code', 'item_name', 'department_code', 'region_code', 'level', 'applicant_kind', 'applicant_name',
  'applicant_id_number', 'channel', 'submitted_at', 'accepted_at', 'closed_at', 'due_at', 'result', 'committed_time_limit_days',
  'elapsed_working_days', 'visits', 'handled_online', 'licence_reused', 'evaluation_grade', 'source_system',
];

/** A one-task procedure that closes through the built-in notify job, for the closure-to-figure latency. */
const PROCEDURE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench-supervision-definitions" targetNamespace="http://tongban.dev/bench">
  <bpmn:process id="bench-supervision" isExecutable="true">
    <bpmn:startEvent id="submitted"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="submitted" targetRef="accept" />
    <bpmn:userTask id="accept" name="受理"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="acceptance-clerk" /><zeebe:taskHeaders><zeebe:header key="stage" value="accept" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="close" />
    <bpmn:serviceTask id="close" name="办结"><bpmn:extensionElements><zeebe:taskDefinition type="tongban.notify" /><zeebe:taskHeaders><zeebe:header key="stage" value="close" /><zeebe:header key="notice" value="approved" /></zeebe:taskHeaders></bpmn:extensionElements><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="close" targetRef="done" />
    <bpmn:endEvent id="done"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

/** Streams archived cases into `archive_case` with COPY (CSV), in statements of `chunk` rows; answers rows/s. */
async function copyArchive(url: string, table: string, count: number, chunk: number, log: (message: string) => void): Promise<number> {
  const catalogue = generateCatalogue();
  const generator = archiveCases({ catalogue, count });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  try {
    let written = 0;
    while (written < count) {
      const size = Math.min(chunk, count - written);
      const lines = (function* () {
        for (let i = 0; i < size; i += 1) {
          const next = generator.next();
          if (next.done) return;
          yield `${archiveCaseToCsv(next.value)}\n`;
        }
      })();
      await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${table} (${ARCHIVE_COLUMNS.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
      written += size;
      if (count > chunk) log(`  ${written.toLocaleString('en')} archived cases in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await client.end();
  }
}

/**
 * The supervision benchmark (issue #8, point 8): the dashboard's monitoring and ranking queries over archived cases
 * (4.5 million at BENCH_SCALE=reference, loaded with COPY through the rollup trigger) plus open applications, p50
 * and p99 through the HTTP layer (inject); and the latency from a closure or a warning to the live figure.
 */
const suite: BenchSuite = {
  name: 'supervision',
  description: 'monitoring and ranking queries over archived + live cases; closure/warning to live figure',
  async run(context) {
    const reference = context.scale === 'reference';
    const archiveCount = Number(process.env.BENCH_ARCHIVE_CASES ?? (reference ? 4_500_000 : 200_000));
    const liveCount = Number(process.env.BENCH_LIVE_CASES ?? (reference ? 60_000 : 5_000));
    const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);
    const { database, url } = await context.freshDatabase({ seeded: true, poolMax: 10 });
    const knex = database.knex;
    const rows: BenchRow[] = [];
    if (ARCHIVE_CASE_CSV_HEADER.split(',').length !== ARCHIVE_COLUMNS.length) throw new Error('the archive CSV changed shape');

    // 1. Archived cases: a raw COPY into a plain copy of the table as the reference, then through the trigger.
    const sample = Math.min(archiveCount, 100_000);
    await knex.raw('CREATE TABLE bench_archive_reference (LIKE archive_case INCLUDING ALL)');
    const raw = await copyArchive(url, 'bench_archive_reference', sample, sample, context.log);
    await knex.raw('DROP TABLE bench_archive_reference');
    context.log(`loading ${archiveCount.toLocaleString('en')} archived cases with COPY (the rollup trigger folds each statement)`);
    const loaded = await copyArchive(url, 'archive_case', archiveCount, Number(process.env.BENCH_ARCHIVE_CHUNK ?? 1_000_000), context.log);
    await knex.raw('ANALYZE');
    const rollupRows = Number((await knex('supervision_rollup').count({ n: '*' }).first())!.n);
    rows.push({
      suite: 'supervision', metric: 'archive COPY with rollup trigger', value: loaded, unit: 'rows/s',
      reference: { metric: 'raw COPY, same table shape, no trigger', value: raw, unit: 'rows/s' }, ratio: loaded / raw,
      note: `${archiveCount.toLocaleString('en')} cases → ${rollupRows.toLocaleString('en')} rollup rows`,
    });

    // 2. Open applications: rows written directly (the step listener's output), with one open task each.
    const calendar = createCalendar(seedRows());
    const now = new Date();
    const items = (await knex('item_version as v').join('item as i', 'i.code', 'v.item_code').where('v.status', 'published')
      .select('v.id', 'v.item_code', 'i.department_code', knex.raw(`(v.document->>'committedTimeLimitDays')::int AS days`))) as Array<{ id: number; item_code: string; department_code: string; days: number }>;
    const districts = (await knex('region').where({ level: 'county' }).orderBy('code').pluck('code')) as string[];
    context.log(`writing ${liveCount.toLocaleString('en')} open applications`);
    for (let start = 0; start < liveCount; start += 2000) {
      const applications: object[] = [];
      const clocks: object[] = [];
      const tasks: object[] = [];
      for (let n = start; n < Math.min(liveCount, start + 2000); n += 1) {
        const item = items[(n * 7919) % items.length]!;
        const district = districts[n % districts.length]!;
        const submitted = calendar.addWorkingMillis(now, -((n * 104_729) % (20 * calendar.workingDayMillis)));
        const times = clockTimes(calendar, { start: submitted, limitDays: Math.max(1, item.days), extensionDays: 0, countedStopMs: 0 }, 0.8);
        const id = randomUUID();
        applications.push({
          id, number: `BENCH-${String(n).padStart(9, '0')}`, item_code: item.item_code, item_version_id: item.id, process_id: 'bench', region_code: district,
          department_code: item.department_code, level: 'county', applicant_kind: 'person', applicant_id_number: '449902199003154519', applicant_name: '王晓明',
          applicant: '{}', submitted_by: 'bench', channel: n % 3 === 0 ? 'window' : 'online', form_data: '{}', status: 'active', stage: 'review',
          submitted_at: submitted, due_at: times.dueAt, state: '{}', event_hash: '0'.repeat(64), updated_at: now,
        });
        clocks.push({
          application_id: id, number: `BENCH-${String(n).padStart(9, '0')}`, item_code: item.item_code, item_version_id: item.id,
          handling_department_code: item.department_code, department_code: item.department_code, region_code: district, district_code: district,
          level: 'county', channel: 'online', submitted_at: submitted, receipt_date: calendar.receiptDate(submitted), limit_days: Math.max(1, item.days),
          max_extension_days: 10, base_due_at: times.baseDueAt, due_at: times.dueAt, yellow_at: times.yellowAt, live_state: liveStateAt(times, now, null),
          acceptance_limit_days: 5, acceptance_due_at: calendar.addWorkingDays(submitted, 5), acceptance_decided_at: submitted, status: 'active', updated_at: now,
        });
        tasks.push({
          id: `bench-${id}`, application_id: id, element_id: 'review', name: '审查', stage: 'review', status: 'open', candidate_groups: ['reviewer'],
          candidate_users: [], assignee: n % 2 === 0 ? '449902.samr.review' : null, department_code: item.department_code, region_code: district, level: 'county',
          headers: '{}', variables: '{}', created_at: submitted, claimed_at: n % 2 === 0 ? submitted : null,
        });
      }
      await knex.batchInsert('application', applications, 1000);
      await knex.batchInsert('application_clock', clocks, 1000);
      await knex.batchInsert('task', tasks, 1000);
    }
    await rebuildLiveCounters(knex);
    await knex.raw('ANALYZE');

    // 3. The queries, through HTTP (inject) as the dashboard calls them.
    // The runtime's clock runs with the wall clock, shifted when the warnings' deadlines must have passed.
    const shift = { ms: 0 };
    const app = await buildApp({ database, logger: false, clock: () => new Date(Date.now() + shift.ms) });
    await app.ready();
    const token = async (username: string) => (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'tongban2026' } })).json().token as string;
    const cityToken = await token('city.supervisor');
    const districtToken = await token('district1.supervisor');
    const busiestRow = (await knex('supervision_live').select('department_code').sum({ n: 'in_progress' }).groupBy('department_code').orderBy('n', 'desc').first()) as { department_code: string } | undefined;
    const busiest = busiestRow?.department_code ?? '449900-SAMR';
    const queries: Array<[string, string, string]> = [
      ['figures by department (city, month)', cityToken, '/api/v1/supervision/figures?groupBy=department&month=2025-12'],
      ['figures by district (city, year)', cityToken, '/api/v1/supervision/figures?groupBy=district&year=2025'],
      ['figures drill-down to level', cityToken, `/api/v1/supervision/figures?groupBy=level&department=${busiest}&quarter=2025-Q4`],
      ['figures drill-down to item', cityToken, `/api/v1/supervision/figures?groupBy=item&department=${busiest}&district=449902&month=2025-12`],
      ['figures by department (district scope)', districtToken, '/api/v1/supervision/figures?groupBy=department&month=2025-12'],
      ['overdue list (city, 50)', cityToken, '/api/v1/supervision/overdue?limit=50'],
      ['ranking by department (month)', cityToken, '/api/v1/supervision/ranking?by=department&month=2025-11'],
      ['ranking by district (quarter)', cityToken, '/api/v1/supervision/ranking?by=district&quarter=2025-Q4'],
      ['ranking by department (custom range)', cityToken, '/api/v1/supervision/ranking?by=department&from=2025-01-15&to=2025-12-20'],
      ['ranking by department (year)', cityToken, '/api/v1/supervision/ranking?by=department&year=2025'],
      ['evaluation summary (month)', cityToken, '/api/v1/supervision/evaluations/summary?month=2025-12'],
      ['ranking export xlsx (quarter)', cityToken, '/api/v1/supervision/ranking/export?format=xlsx&quarter=2025-Q4'],
    ];
    for (const [name, bearer, url_] of queries) {
      const call = async () => {
        const response = await app.inject({ method: 'GET', url: url_, headers: { authorization: `Bearer ${bearer}` } });
        if (response.statusCode !== 200) throw new Error(`${name}: ${response.statusCode} ${response.body.slice(0, 300)}`);
      };
      for (let i = 0; i < 10; i += 1) await call();
      const samples: number[] = [];
      for (let i = 0; i < iterations; i += 1) {
        const started = performance.now();
        await call();
        samples.push(performance.now() - started);
      }
      const p99 = percentile(samples, 99);
      const raw = (await lookupReference(context)).p50;
      rows.push({ suite: 'supervision', metric: `${name} p50`, value: percentile(samples, 50), unit: 'ms', reference: raw, ratio: percentile(samples, 50) / raw.value });
      rows.push({ suite: 'supervision', metric: `${name} p99`, value: p99, unit: 'ms', target: '< 200 ms', met: p99 < 200 });
    }

    // 4. Latency to the live figure: closures and warnings, each committed by the runtime, seen on the bus (LISTEN) and
    //    in the figures the dashboard refetches.
    const base = await knex('item_version').where({ item_code: 'XK00001001' }).first();
    const document = { ...(typeof base.document === 'string' ? JSON.parse(base.document) : base.document) };
    Object.assign(document, {
      code: 'XK09990801', name: '督查基准事项', materials: [], levels: ['city', 'county'], stageTimeLimitsDays: { accept: 1 },
      procedure: { processId: 'bench-supervision', resource: 'procedure.bpmn' }, forms: [{ id: 'none', purpose: 'task', resource: 'none.form.json' }],
    });
    delete document.licenceIssued;
    await knex('item').insert({ code: document.code, name: document.name, type: document.type, sub_category_code: document.subCategoryCode, department_code: document.implementingDepartment, levels: document.levels });
    await knex('item_version').insert({
      item_code: document.code, version: 1, status: 'published', effective_from: new Date('2020-01-01'), document: JSON.stringify(document),
      bpmn: PROCEDURE, forms: JSON.stringify({}), content_hash: 'bench-supervision', created_by: 'bench', published_by: 'bench', published_at: new Date(),
    });
    const { applications, jobs, supervision } = app.services;
    const clerkRow = await knex('app_user').where({ id: '449902.samr.accept' }).first();
    const clerk: Principal = { id: clerkRow.id, name: clerkRow.name, roles: clerkRow.roles, level: clerkRow.level, regionCode: clerkRow.region_code, departmentCode: clerkRow.department_code };
    const applicant: Principal = { id: 'demo-wang', name: '王晓明', roles: ['applicant'], level: 'public', idNumber: '449902199003154519' };
    const received: Array<{ at: number; message: SupervisionMessage }> = [];
    const stop = supervision!.bus.subscribe((message) => received.push({ at: performance.now(), message }));
    const figure = async () => (await app.inject({ method: 'GET', url: `/api/v1/supervision/figures?period=today&item=${document.code}`, headers: { authorization: `Bearer ${cityToken}` } }))
      .json().totals as { closed: number; overdue: number; dueSoon: number; inProgress: number };
    const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 30);
    const submitted: string[] = [];
    for (let i = 0; i < samples * 2; i += 1) {
      const { receipt } = await applications.submit(applicant, {
        itemCode: document.code, regionCode: '449902', channel: 'online', applicant: { kind: 'person', name: '王晓明', idNumber: '449902199003154519' }, formData: {},
      } as Parameters<typeof applications.submit>[1]);
      submitted.push(receipt.id);
    }
    const wait = async (predicate: () => boolean) => {
      const started = performance.now();
      while (!predicate() && performance.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 1));
    };
    const closure = { bus: [] as number[], figure: [] as number[] };
    for (const id of submitted.slice(0, samples)) {
      const task = await knex('task').where({ application_id: id, status: 'open' }).first('id');
      await applications.completeTask(clerk, task.id, { outcome: 'accept' });
      const before = (await figure()).closed;
      const marker = received.length;
      const started = performance.now();
      await jobs.runDue(5);
      await wait(() => received.slice(marker).some((entry) => entry.message.type === 'figures' && entry.message.reason === 'closed'));
      const seen = received.slice(marker).find((entry) => entry.message.type === 'figures' && entry.message.reason === 'closed');
      if (seen) closure.bus.push(seen.at - started);
      while ((await figure()).closed === before && performance.now() - started < 5000) { /* refetch as the dashboard would */ }
      closure.figure.push(performance.now() - started);
    }
    // Warnings: the clock moves past every deadline; each application's yellow job moves it to overdue.
    shift.ms = 30 * 86_400_000;
    const warning = { bus: [] as number[], figure: [] as number[] };
    for (const id of submitted.slice(samples)) {
      const job = await knex('job').where({ application_id: id, job_type: 'tongban.supervision.warning', status: 'ready' }).whereRaw(`variables->>'target' = 'application'`).orderBy('due_at').first();
      if (!job) continue;
      const before = await figure();
      await knex('job').where({ id: job.id }).update({ status: 'locked', locked_by: jobs.workerId, locked_until: new Date(Date.now() + shift.ms + 60_000) });
      const marker = received.length;
      const started = performance.now();
      await jobs.runClaimed({ ...job, status: 'locked', locked_by: jobs.workerId });
      await wait(() => received.slice(marker).some((entry) => entry.message.type === 'warning'));
      const seen = received.slice(marker).find((entry) => entry.message.type === 'warning');
      if (seen) warning.bus.push(seen.at - started);
      while ((await figure()).overdue === before.overdue && performance.now() - started < 5000) { /* refetch */ }
      warning.figure.push(performance.now() - started);
    }
    stop();
    await app.close();
    for (const [name, values] of [['closure', closure], ['warning', warning]] as const) {
      rows.push({ suite: 'supervision', metric: `${name} → stream (NOTIFY) p50`, value: percentile(values.bus, 50), unit: 'ms', note: `${values.bus.length} samples, ${database.kind}` });
      rows.push({ suite: 'supervision', metric: `${name} → stream (NOTIFY) p99`, value: percentile(values.bus, 99), unit: 'ms' });
      const p99 = percentile(values.figure, 99);
      rows.push({ suite: 'supervision', metric: `${name} → live figure p50`, value: percentile(values.figure, 50), unit: 'ms' });
      rows.push({ suite: 'supervision', metric: `${name} → live figure p99`, value: p99, unit: 'ms', target: '< 1000 ms', met: p99 < 1000 });
    }
    rows.push({ suite: 'supervision', metric: 'dataset', value: archiveCount + liveCount, unit: 'cases', note: `${archiveCount} archived + ${liveCount} open (+${samples * 2} run live)` });
    return rows;
  },
};

export default suite;
