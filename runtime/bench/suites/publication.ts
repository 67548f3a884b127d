/**
 * `pnpm bench publication` (issue #5): publishing a new item version under intake load.
 *
 * A small item (the simple accept → decide template, county level) is published, then `SUBMITTERS` clients submit
 * applications for it back to back while the item is republished `ROUNDS` times (each new version already approved,
 * so only publication is timed). For every publication it measures:
 *
 * - publish latency: the publish request (validation again, supersede, audit, change event) until it answers;
 * - publish → first application on the new version: from sending the publish request until an intake response
 *   carries the new version number;
 * - stale intakes: applications whose request started after the publish answered but still got the old version
 *   (target 0: a committed publication applies to the very next intake).
 *
 * Beside them: intake throughput and p50/p99 latency with no publication running and during the publication rounds.
 * Requests go through `app.inject` (no network), so the figures are the runtime's and the database's.
 * `BENCH_SCALE=reference` runs 16 submitters and 20 rounds; the default 8 and 6.
 */
import { buildApp } from '../../src/app';
import { DEMO_PASSWORD } from '../../src/seed/demo-users';
import { percentile, type BenchRow, type BenchSuite } from '../harness';
import { commitReference } from '../references';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const CODE = 'XK09999001';
const templates = new URL('../../../examples/templates/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, templates), 'utf8');

function bundle(committedTimeLimitDays: number) {
  return {
    item: {
      schemaVersion: 1, code: CODE, name: '发布基准测试事项', type: 'licensing', subCategoryCode: 'market-access.food', implementingDepartment: '449900-SAMR',
      levels: ['county'], serviceObjects: ['person'], legalBasis: [{ title: '《中华人民共和国行政许可法》' }], legalTimeLimitDays: 20, committedTimeLimitDays,
      stageTimeLimitsDays: { accept: 1, decide: 1 }, fees: { charged: false }, channels: ['online'], visitsRequired: 0, contact: { phone: '0761-88123012' },
      materials: [{ id: 'M001', name: '申请书', requirement: 'optional', source: 'applicant', formats: ['pdf'] }],
      procedure: { processId: 'template-simple', resource: 'procedure.bpmn' },
      forms: [
        { id: 'person-application', purpose: 'application', resource: 'a.json' },
        { id: 'acceptance-opinion', purpose: 'task', resource: 'b.json' },
        { id: 'decision-opinion', purpose: 'task', resource: 'c.json' },
      ],
    },
    bpmn: read('procedures/simple.bpmn'),
    forms: {
      'person-application': JSON.parse(read('forms/person-application.form.json')),
      'acceptance-opinion': JSON.parse(read('forms/acceptance-opinion.form.json')),
      'decision-opinion': JSON.parse(read('forms/decision-opinion.form.json')),
    },
  };
}

type Call = <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => Promise<{ status: number; body: T }>;

async function caller(app: FastifyInstance, username: string): Promise<Call> {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: DEMO_PASSWORD } });
  const token = login.json().token as string;
  return async (method, url, payload) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: response.statusCode, body: response.json() };
  };
}

async function expectOk<T>(promise: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const { status, body } = await promise;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
}

interface Intake { start: number; end: number; version: number; ok: boolean }

const suite: BenchSuite = {
  name: 'publication',
  description: 'publish a new item version under intake load: publish latency, publish → first application on it',
  async run(context) {
    const submitters = context.scale === 'reference' ? 16 : 8;
    const rounds = context.scale === 'reference' ? 20 : 6;
    context.log('seeding a fresh database');
    const { database } = await context.freshDatabase({ seeded: true, poolMax: submitters + 8 });
    const app = await buildApp({ database, logger: false });
    await app.ready();
    try {
      const [manager, approver, applicant] = await Promise.all([caller(app, 'city.manager'), caller(app, 'city.approver'), caller(app, 'demo-wang')]);
      const me = await expectOk(applicant<{ name: string; idNumber: string }>('GET', '/api/v1/auth/me'), 'me');
      const submission = {
        itemCode: CODE, regionCode: '449902', channel: 'online', applicant: { kind: 'person', name: me.name, idNumber: me.idNumber }, materials: [],
        formData: {
          applicantName: me.name, applicantIdNumber: me.idNumber, contactPhone: '13800138000', address: '江屿市滨江区望江路88号', applicationReason: '基准测试',
          isAgent: false, deliveryMethod: 'electronic', declarationAccepted: true,
        },
      };
      const prepare = async (committed: number, first: boolean) => {
        if (first) await expectOk(manager('POST', '/api/v1/manage/items', { ...bundle(committed), reason: '基准测试' }), 'create');
        else {
          await expectOk(manager('POST', `/api/v1/manage/items/${CODE}/draft`, { reason: '基准测试' }), 'draft');
          await expectOk(manager('PUT', `/api/v1/manage/items/${CODE}/draft`, bundle(committed)), 'save');
        }
        await expectOk(manager('POST', `/api/v1/manage/items/${CODE}/draft/submit`, { reason: '基准测试' }), 'submit');
        await expectOk(approver('POST', `/api/v1/manage/items/${CODE}/draft/approve`, { reason: '基准测试' }), 'approve');
      };
      const publish = () => expectOk(approver<{ version: { version: number } }>('POST', `/api/v1/manage/items/${CODE}/draft/publish`, { reason: '基准测试' }), 'publish');
      await prepare(10, true);
      await publish();

      // Intake load: back-to-back submissions until stopped.
      const intakes: Intake[] = [];
      let failures = 0;
      let running = true;
      const loops = Array.from({ length: submitters }, async () => {
        while (running) {
          const start = performance.now();
          const result = await applicant<{ itemVersion: number }>('POST', '/api/v1/applications', submission);
          intakes.push({ start, end: performance.now(), version: result.body.itemVersion, ok: result.status === 201 });
          if (result.status !== 201 && failures++ < 3) context.log(`intake failed: ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
        }
      });
      const window = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      await window(2000);
      context.log(`${intakes.length} intakes in the warm-up (${intakes.filter((intake) => !intake.ok).length} failed)`);
      const baselineFrom = performance.now();
      await window(3000);
      const baselineTo = performance.now();

      const publishMs: number[] = [];
      const firstNewMs: number[] = [];
      let stale = 0;
      const roundsFrom = performance.now();
      for (let round = 0; round < rounds; round += 1) {
        await prepare(round % 2 === 0 ? 8 : 10, false);
        const sent = performance.now();
        const published = await publish();
        const answered = performance.now();
        publishMs.push(answered - sent);
        const version = published.version.version;
        for (let waited = 0; ; waited += 5) {
          const first = intakes.find((intake) => intake.end >= sent && intake.version === version);
          if (first) {
            firstNewMs.push(first.end - sent);
            break;
          }
          if (waited > 30_000) throw new Error(`no application got version ${version} within 30 s (${intakes.filter((intake) => !intake.ok).length} intakes failed)`);
          await window(5);
        }
        context.log(`round ${round + 1}: version ${version} published in ${publishMs.at(-1)!.toFixed(0)} ms, first application on it after ${firstNewMs.at(-1)!.toFixed(0)} ms`);
        await window(500);
        stale += intakes.filter((intake) => intake.start > answered && intake.version !== undefined && intake.version < version).length;
      }
      const roundsTo = performance.now();
      running = false;
      await Promise.all(loops);

      const failed = intakes.filter((intake) => !intake.ok).length;
      if (failed > 0) context.log(`${failed} intakes failed`);
      const inWindow = (from: number, to: number) => intakes.filter((intake) => intake.ok && intake.start >= from && intake.end <= to);
      const baseline = inWindow(baselineFrom, baselineTo);
      const during = inWindow(roundsFrom, roundsTo);
      const latency = (entries: Intake[]) => entries.map((intake) => intake.end - intake.start);
      const row = (metric: string, value: number, unit: string, extra: Partial<BenchRow> = {}): BenchRow => ({ suite: 'publication', metric, value, unit, ...extra });
      const intakeRate = baseline.length / ((baselineTo - baselineFrom) / 1000);
      const commits = await commitReference(context, 8);
      return [
        row('intake throughput, no publication', intakeRate, 'applications/s', { note: `${submitters} submitters, inject`, reference: commits, ratio: intakeRate / commits.value }),
        row('intake p50, no publication', percentile(latency(baseline), 50), 'ms'),
        row('intake p99, no publication', percentile(latency(baseline), 99), 'ms'),
        row('intake throughput, during publications', during.length / ((roundsTo - roundsFrom) / 1000), 'applications/s', { note: 'includes preparing each draft (save, submit, approve)' }),
        row('intake p99, during publications', percentile(latency(during), 99), 'ms'),
        row('publish latency p50', percentile(publishMs, 50), 'ms', { note: `${rounds} publications under load` }),
        row('publish latency max', Math.max(...publishMs), 'ms'),
        row('publish → first application on new version p50', percentile(firstNewMs, 50), 'ms'),
        row('publish → first application on new version max', Math.max(...firstNewMs), 'ms', { target: '< 2000 ms', met: Math.max(...firstNewMs) < 2000 }),
        row('stale intakes after publish answered', stale, 'applications', { target: '0', met: stale === 0 }),
      ];
    } finally {
      await app.close();
    }
  },
};

export default suite;
