import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARCHIVE_CASE_CSV_HEADER, archiveCaseToCsv, archiveCaseToJson, archiveCases } from '@tongban/examples';
import type { ArchiveCase } from '@tongban/schemas';
import { ArchiveImporter } from '../src/domains/archive/import';
import { fileInput } from '../src/imports/input';
import { login } from './support/api';
import { useTestApp } from './support/app';

/**
 * Archive migration (issue #10 point 1): archived cases (历史办件) in JSON Lines and CSV are validated against the
 * archive-case contract, rejected with reasons, deduplicated by case number, found by the public progress lookup,
 * and counted by supervision for the month they closed in.
 */
const ctx = useTestApp();
let folder: string;
const records: ArchiveCase[] = [...archiveCases({ count: 1200, seed: 20261124 })];
const CLOSED_RESULTS = new Set(['approved', 'rejected', 'not-accepted']);
/** The UTC+8 month a case closed in. */
const monthOf = (instant: string) => new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 7);

beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'tongban-archive-'));
});
afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function importFile(name: string, lines: string[], format: 'jsonl' | 'csv', options: { batchSize?: number; maxRecordBytes?: number } = {}) {
  const file = path.join(folder, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const rejectsPath = `${file}.rejects.jsonl`;
  const report = await new ArchiveImporter(ctx.database).run(await fileInput(file, format), { format, actor: 'test', rejectsPath, ...options });
  const rejects = readFileSync(rejectsPath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { line: number; caseNumber?: string; problems: Array<{ path: string; reason: string }> });
  return { report, rejects };
}

const count = async () => Number((await ctx.database.knex('archive_case').count({ n: '*' }).first())!.n);

describe('tongban import-archive', () => {
  it('imports valid JSON Lines, rejects invalid records with reasons and skips duplicate case numbers', async () => {
    // Given 600 valid records, 5 broken ones and 20 repeats (of this file's records, with changed content).
    const valid = records.slice(0, 600);
    const lines = valid.map(archiveCaseToJson);
    const broken = [
      '{"caseNumber":"449902-XK00001001-20230101-0000001",', // not JSON
      JSON.stringify({ ...valid[0], caseNumber: '449902-XK00001001-20230101-9999991', applicant: { kind: 'person', name: '王某', idNumber: '449902199003154510' } }),
      JSON.stringify({ ...valid[1], caseNumber: '449902-XK00001001-20230101-9999992', closedAt: '2099-01-01T10:00:00+08:00' }),
      JSON.stringify({ ...valid[2], caseNumber: '449902-XK00001001-20230101-9999993', committedTimeLimitDays: 'five' }),
      JSON.stringify({ ...valid[3], caseNumber: '449902-XK00001001-20230101-9999994', acceptedAt: '2001-01-01T10:00:00+08:00' }),
    ];
    lines.splice(100, 0, broken[0]!);
    lines.splice(200, 0, ...broken.slice(1));
    for (let i = 0; i < 20; i += 1) lines.push(JSON.stringify({ ...valid[i * 7], result: 'withdrawn' }));

    // When it is imported in batches of 128.
    const { report, rejects } = await importFile('cases.jsonl', lines, 'jsonl', { batchSize: 128 });

    // Then the valid records are in, each once, the first version of a repeated case kept.
    expect(report).toMatchObject({ status: 'completed', inserted: 600, duplicates: 20, rejected: 5, mode: 'copy', lineNumber: 625 });
    expect(await count()).toBe(600);
    const kept = await ctx.database.knex('archive_case').where({ case_number: valid[7]!.caseNumber }).first('result');
    expect(kept.result).toBe(valid[7]!.result);
    // And each rejected record is in the rejects file once, with its line, case number and reason.
    expect(rejects.map((reject) => reject.line)).toEqual([101, 201, 202, 203, 204]);
    expect(rejects[0]!.problems[0]!.reason).toMatch(/^not JSON/);
    expect(rejects[1]).toMatchObject({ caseNumber: '449902-XK00001001-20230101-9999991', problems: [{ path: '/applicant/idNumber', reason: 'TB_RESIDENT_ID_CHECK_DIGIT' }] });
    expect(rejects[2]!.problems).toEqual([{ path: '/closedAt', reason: 'closed in the future' }]);
    expect(rejects[3]!.problems[0]).toMatchObject({ path: '/committedTimeLimitDays', reason: 'type: must be integer' });
    expect(rejects[4]!.problems).toEqual([{ path: '/acceptedAt', reason: 'accepted before it was submitted' }]);
  });

  it('imports CSV with quoted fields, and counts the cases already imported as duplicates', async () => {
    // Given a CSV of 300 new cases and 100 of the JSON Lines file, one with a quoted line break in its item name.
    const fresh = records.slice(600, 900).map((record, i) => (i === 5 ? { ...record, itemName: `${record.itemName}\n（续）, "甲"` } : record));
    const lines = [ARCHIVE_CASE_CSV_HEADER, ...fresh.map(archiveCaseToCsv), ...records.slice(0, 100).map(archiveCaseToCsv), 'not,a,case'];
    const { report, rejects } = await importFile('cases.csv', lines, 'csv', { batchSize: 64 });
    expect(report).toMatchObject({ inserted: 300, duplicates: 100, rejected: 1 });
    expect(rejects[0]!.problems.map((problem) => problem.path)).toContain('/caseNumber');
    const multiline = await ctx.database.knex('archive_case').where({ case_number: fresh[5]!.caseNumber }).first('item_name', 'visits', 'handled_online');
    expect(multiline).toEqual({ item_name: fresh[5]!.itemName, visits: fresh[5]!.visits, handled_online: fresh[5]!.handledOnline });
  });

  it('answers the public progress lookup for an imported case, masked, and only with the applicant’s ID number', async () => {
    const person = records.slice(0, 600).find((record) => record.applicant.kind === 'person' && record.acceptedAt && record.result === 'approved')!;
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/progress?number=${person.caseNumber}&idNumber=${person.applicant.idNumber}` });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      number: person.caseNumber, itemName: person.itemName, status: 'completed', stage: 'close', result: 'approved',
      submittedAt: new Date(person.submittedAt).toISOString(), closedAt: new Date(person.closedAt).toISOString(),
    });
    expect(body.applicantName).toBe(`${[...person.applicant.name][0]}${'*'.repeat([...person.applicant.name].length - 1)}`);
    expect(body.steps.map((step: { kind: string }) => step.kind)).toEqual(['applicationSubmitted', 'taskDecided', 'instanceCompleted']);
    expect(body.steps[2].name).toContain('历史办件');
    // The same answer as for an unknown number when the ID number is someone else's.
    const other = await ctx.app.inject({ method: 'GET', url: `/api/v1/progress?number=${person.caseNumber}&idNumber=449902199003154519` });
    const unknown = await ctx.app.inject({ method: 'GET', url: `/api/v1/progress?number=449902-XK00001001-20230101-0000000&idNumber=${person.applicant.idNumber}` });
    expect([other.statusCode, unknown.statusCode]).toEqual([404, 404]);
    expect(other.json().code).toBe(unknown.json().code);
  });

  it('moves the supervision figures and the ranking of the month the imported cases closed in', async () => {
    // Given the month in which the most of the next 300 cases closed, and its figures before they are imported.
    const batch = records.slice(900, 1200);
    const months = new Map<string, number>();
    for (const record of batch) months.set(monthOf(record.closedAt), (months.get(monthOf(record.closedAt)) ?? 0) + 1);
    const [month] = [...months.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const supervisor = await login(ctx.app, 'city.supervisor');
    type Figures = { totals: { closed?: number; ended?: number } };
    type Ranking = { rows: Array<{ key: string; closed: number; score: number }> };
    const before = await supervisor.request<Figures>('GET', `/api/v1/supervision/figures?month=${month}`);
    const rankingBefore = await supervisor.request<Ranking>('GET', `/api/v1/supervision/ranking?month=${month}`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);

    // When they are imported.
    const { report } = await importFile('more.jsonl', batch.map(archiveCaseToJson), 'jsonl');
    expect(report.inserted).toBe(300);

    // Then the month's closures grow by exactly the imported cases that closed (and ended) in it, and the ranking counts them.
    const inMonth = batch.filter((record) => monthOf(record.closedAt) === month);
    const closed = inMonth.filter((record) => CLOSED_RESULTS.has(record.result)).length;
    const after = await supervisor.request<Figures>('GET', `/api/v1/supervision/figures?month=${month}`);
    expect((after.body.totals.closed ?? 0) - (before.body.totals.closed ?? 0)).toBe(closed);
    expect((after.body.totals.ended ?? 0) - (before.body.totals.ended ?? 0)).toBe(inMonth.length - closed);
    const rankingAfter = await supervisor.request<Ranking>('GET', `/api/v1/supervision/ranking?month=${month}`);
    const sum = (ranking: Ranking) => ranking.rows.reduce((total, row) => total + row.closed, 0);
    expect(sum(rankingAfter.body) - sum(rankingBefore.body)).toBe(closed);
  });
});
