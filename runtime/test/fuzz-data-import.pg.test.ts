import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveCaseToCsv, archiveCaseToJson, archiveCases, licenceRecords, licenceToJson, ARCHIVE_CASE_CSV_HEADER } from '@tongban/examples';
import { ArchiveImporter } from '../src/domains/archive/import';
import { fileInput } from '../src/imports/input';
import { login } from './support/api';
import { clearLicenceLibrary, useTestApp } from './support/app';

/**
 * Licence import (the streamed HTTP batch API) and archive import (the importer behind `tongban import-archive`),
 * fuzzed with malformed and hostile records (issue #10 point 5): no crash and no 5xx, every line is accounted for
 * (new, duplicate or rejected with a reason), exactly the new rows are written and nothing else, and a line over the
 * record size limit is refused unread instead of filling memory.
 */
const ctx = useTestApp();
let folder: string;
let adminToken: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'tongban-fuzz-import-'));
  await clearLicenceLibrary(ctx.database.knex);
  adminToken = (await login(ctx.app, 'admin')).token;
});
afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const HOSTILE_STRINGS = [
  "'; DROP TABLE licence; --", '<script>alert(1)</script>', "=cmd|' /C calc'!A0", '@SUM(1+1)', '\uD800', '𠜎𠜱𠝹', '__proto__',
  '2023-02-30', '+275760-09-13T00:00:00Z', '0000-00-00', '-1', '1e308', '99999999999999999999', 'NaN', 'null', '"', ',', '\\',
];
const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 }));
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e300, -1e300, 2 ** 53, -(2 ** 31) - 1, 0.5),
    fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** One line of a file to import, as a mutation of a valid record's JSON line. */
type Mutation = { kind: 'valid' } | { kind: 'field'; field: number; value: unknown } | { kind: 'cut'; at: number } | { kind: 'raw'; text: string } | { kind: 'drop'; field: number };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'valid' as const }),
  fc.record({ kind: fc.constant('field' as const), field: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('drop' as const), field: fc.nat() }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('raw' as const), text: hostileString }),
);

/** Applies a mutation to a valid JSON line; the result is one non-blank line. */
function mutate(line: string, m: Mutation): string {
  const record = JSON.parse(line) as Record<string, unknown>;
  const keys = Object.keys(record);
  let text: string;
  switch (m.kind) {
    case 'valid': text = line; break;
    case 'field': text = JSON.stringify({ ...record, [keys[m.field % keys.length]!]: m.value }); break;
    case 'drop': {
      const { [keys[m.field % keys.length]!]: _dropped, ...rest } = record;
      text = JSON.stringify(rest);
      break;
    }
    case 'cut': text = line.slice(0, 1 + (m.at % (line.length - 1))); break;
    case 'raw': text = m.text; break;
  }
  text = text.replace(/[\r\n]/g, ' ');
  return text.trim() === '' ? '{}' : text;
}

const count = async (table: string) => Number((await ctx.database.knex(table).count({ n: '*' }).first())!.n);

describe('licence import API under hostile records', () => {
  const pool = [...licenceRecords({ count: 2000, seed: 31, demoHolders: false })].map(licenceToJson);
  let used = 0;
  let batch = 0;
  const post = (body: string, contentType = 'application/x-ndjson') => ctx.app.inject({
    method: 'POST', url: `/api/v1/licence-imports?batch=fuzz-${(batch += 1)}`, headers: { authorization: `Bearer ${adminToken}`, 'content-type': contentType }, payload: body,
  });

  it('accounts for every line and writes exactly the new records, never answering a 5xx', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 12 }), async (mutations) => {
      const lines = mutations.map((m) => mutate(pool[used++ % pool.length]!, m));
      const before = await count('licence');
      const response = await post(`${lines.join('\n')}\n`);
      expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
      const after = await count('licence');
      if (response.statusCode !== 200) {
        expect(after).toBe(before);
        return;
      }
      const report = response.json() as { inserted: number; duplicates: number; rejected: number; firstRejects: Array<{ line: number; problems: unknown[] }> };
      expect(after - before).toBe(report.inserted);
      expect(report.inserted + report.duplicates + report.rejected).toBe(lines.length);
      for (const reject of report.firstRejects) expect(reject.problems.length).toBeGreaterThan(0);
      // A cut line is never valid JSON, so it is always among the rejected; an untouched one never is.
      const rejected = report.firstRejects.map((reject) => reject.line);
      mutations.forEach((m, i) => {
        if (m.kind === 'cut') expect(rejected).toContain(i + 1);
        if (m.kind === 'valid') expect(rejected).not.toContain(i + 1);
      });
    }), { numRuns: 30, seed: 20261124 });
  }, 60_000);

  it('rejects hostile CSV (formula injection, unterminated quotes, wrong widths) without a 5xx', async () => {
    const header = 'identifier,typeCode,number,holderKind,holderName,holderIdNumber,issuerName,issuerCreditCode,issuerDepartmentCode,issuedOn,validFrom,validUntil,status,source,data';
    await fc.assert(fc.asyncProperty(fc.array(fc.array(hostileString, { minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 6 }), async (rows) => {
      const before = await count('licence');
      const body = `${header}\n${rows.map((fields) => fields.map((field) => field.replace(/[\r\n]/g, ' ')).join(',')).join('\n')}\n`;
      const response = await post(body, 'text/csv');
      expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
      if (response.statusCode === 200) expect((await count('licence')) - before).toBe((response.json() as { inserted: number }).inserted);
      else expect(await count('licence')).toBe(before);
    }), { numRuns: 25, seed: 9 });
  }, 60_000);

  it('refuses a record over the 1 MiB limit unread and imports the rest', async () => {
    const good = pool.slice(1500, 1503);
    const huge = `{"identifier":"${'9'.repeat(3 * 1024 * 1024)}"}`;
    const before = await count('licence');
    const response = await post(`${good[0]}\n${huge}\n${good[1]}\n${good[2]}\n`);
    expect(response.statusCode).toBe(200);
    const report = response.json() as { inserted: number; rejected: number; firstRejects: Array<{ line: number; problems: Array<{ reason: string }> }> };
    expect(report).toMatchObject({ inserted: 3, rejected: 1 });
    expect(report.firstRejects[0]!.line).toBe(2);
    expect(report.firstRejects[0]!.problems[0]!.reason).toMatch(/longer than/);
    expect((await count('licence')) - before).toBe(3);
  }, 60_000);
});

describe('archive import under hostile records', () => {
  const records = [...archiveCases({ count: 2000, seed: 77 })];
  let used = 0;
  let file = 0;
  const importer = () => new ArchiveImporter(ctx.database);

  async function importLines(lines: string[], format: 'jsonl' | 'csv') {
    const name = path.join(folder, `archive-${(file += 1)}.${format}`);
    writeFileSync(name, `${lines.join('\n')}\n`);
    const rejectsPath = `${name}.rejects.jsonl`;
    const report = await importer().run(await fileInput(name, format), { format, actor: 'fuzz', rejectsPath, batchSize: 4 });
    const rejects = readFileSync(rejectsPath, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { line: number; problems: unknown[] });
    return { report, rejects };
  }

  it('accounts for every JSON line, writes exactly the new cases and rejects the rest with reasons', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 12 }), async (mutations) => {
      const lines = mutations.map((m) => mutate(archiveCaseToJson(records[used++ % records.length]!), m));
      const before = await count('archive_case');
      const { report, rejects } = await importLines(lines, 'jsonl');
      expect((await count('archive_case')) - before).toBe(report.inserted);
      expect(report.inserted + report.duplicates + report.rejected).toBe(lines.length);
      expect(rejects).toHaveLength(report.rejected);
      for (const reject of rejects) expect(reject.problems.length).toBeGreaterThan(0);
      const rejected = rejects.map((reject) => reject.line);
      mutations.forEach((m, i) => {
        if (m.kind === 'cut') expect(rejected).toContain(i + 1);
        if (m.kind === 'valid') expect(rejected).not.toContain(i + 1);
      });
    }), { numRuns: 30, seed: 20261124 });
  }, 60_000);

  it('accounts for every hostile CSV row without a crash', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(
      fc.constant(null),
      fc.record({ field: fc.nat(), value: hostileString }),
    ), { minLength: 1, maxLength: 10 }), async (changes) => {
      const lines = changes.map((change) => {
        const fields = archiveCaseToCsv(records[used++ % records.length]!).split(',');
        if (change) fields[change.field % fields.length] = change.value.replace(/[\r\n]/g, ' ');
        return fields.join(',');
      });
      const before = await count('archive_case');
      const { report, rejects } = await importLines([ARCHIVE_CASE_CSV_HEADER, ...lines], 'csv');
      expect((await count('archive_case')) - before).toBe(report.inserted);
      expect(rejects).toHaveLength(report.rejected);
    }), { numRuns: 20, seed: 13 });
  }, 60_000);

  it('refuses an archived case over the 1 MiB limit unread and imports the rest', async () => {
    const good = records.slice(1900, 1902).map(archiveCaseToJson);
    const before = await count('archive_case');
    const { report, rejects } = await importLines([good[0]!, `{"caseNumber":"${'x'.repeat(2 * 1024 * 1024)}"}`, good[1]!], 'jsonl');
    expect(report).toMatchObject({ inserted: 2, rejected: 1 });
    expect(rejects.map((reject) => reject.line)).toEqual([2]);
    expect((await count('archive_case')) - before).toBe(2);
  }, 60_000);
});
