import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCreditCode, isResidentId } from '@tongban/gov-codes';
import { createAjv, validate, type ArchiveCase, type Licence } from '@tongban/schemas';
import {
  ARCHIVE_CASE_CSV_HEADER, DEMO_HOLDERS, LICENCE_CSV_HEADER, RECORD_DEFAULTS, archiveCaseToCsv, archiveCaseToJson, archiveCases,
  checkLicenceIdentifier, generateCatalogue, licenceRecords, licenceToCsv, licenceToJson, makeLicenceIdentifier, parseLicenceIdentifier,
} from '../src/index';
import { parseArguments, run } from '../src/cli';

// Issue #2 point 5(b): licence records and archived cases as deterministic streams, and the CLI that writes them.
const catalogue = generateCatalogue({ districts: 6 });
const licences = [...licenceRecords({ catalogue, count: 3000, persons: 5000, organisations: 2000 })];
const cases = [...archiveCases({ catalogue, count: 3000, persons: 5000, organisations: 2000 })];
const temp = mkdtempSync(join(tmpdir(), 'tongban-examples-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Splits one RFC 4180 row (no embedded line breaks) into fields. */
function csvFields(row: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < row.length; i += 1) {
    const c = row[i]!;
    if (quoted) {
      if (c === '"' && row[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; } else field += c;
  }
  fields.push(field);
  return fields;
}

describe('licence identifiers', () => {
  const typeCode = catalogue.licenceTypes[0]!.code;
  const issuer = catalogue.departments[0]!.creditCode!;

  it('round-trips through make, check and parse', () => {
    const identifier = makeLicenceIdentifier({ typeCode, issuerCreditCode: issuer, serial: 123456, version: 2 });
    expect(identifier).toMatch(/^1\.2\.156\.3005\.2\.[0-9A-Z]{21}\.[0-9A-Z]{18}\.123456\.002\.[0-9A-Z]$/);
    expect(checkLicenceIdentifier(identifier)).toBe(true);
    expect(parseLicenceIdentifier(identifier)).toMatchObject({ typeCode, issuerCreditCode: issuer, serial: '123456', version: 2 });
  });

  it('detects every single-character substitution (ISO 7064 MOD 37,36)', () => {
    const identifier = makeLicenceIdentifier({ typeCode, issuerCreditCode: issuer, serial: 98765 });
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let i = 0; i < identifier.length; i += 1) {
      if (identifier[i] === '.') continue;
      for (const c of alphabet) {
        if (c === identifier[i]) continue;
        const changed = identifier.slice(0, i) + c + identifier.slice(i + 1);
        expect(checkLicenceIdentifier(changed), changed).toBe(false);
      }
    }
  });

  it('refuses malformed identifiers', () => {
    expect(checkLicenceIdentifier('1.2.156.3005.2.X.Y.1.001.0')).toBe(false);
    expect(() => makeLicenceIdentifier({ typeCode: 'bad', issuerCreditCode: issuer, serial: 1 })).toThrow(RangeError);
  });
});

describe('licenceRecords', () => {
  it('yields exactly the count asked for, every record a valid licence with a checked identifier', () => {
    expect(licences).toHaveLength(3000);
    for (const licence of licences) {
      expect(validate('licence', licence).issues).toEqual([]);
      expect(checkLicenceIdentifier(licence.identifier)).toBe(true);
      expect(licence.holder.kind === 'person' ? isResidentId(licence.holder.idNumber) : isCreditCode(licence.holder.idNumber)).toBe(true);
    }
    expect(new Set(licences.map((l) => l.identifier)).size).toBe(licences.length);
  });

  it('fills licence data that validates against the data schema of its type', () => {
    const ajv = createAjv();
    const validators = new Map(catalogue.licenceTypes.map((type) => [type.code, ajv.compile(type.dataSchema)]));
    for (const licence of licences) {
      const check = validators.get(licence.typeCode)!;
      expect(check(licence.data), `${licence.typeCode} ${JSON.stringify(check.errors)}`).toBe(true);
      expect(catalogue.licenceTypes.find((t) => t.code === licence.typeCode)!.holderKind).toBe(licence.holder.kind);
    }
  });

  it('gives holders several licences of different types', () => {
    const byHolder = new Map<string, Licence[]>();
    for (const licence of licences) byHolder.set(licence.holder.idNumber, [...(byHolder.get(licence.holder.idNumber) ?? []), licence]);
    const several = [...byHolder.values()].filter((held) => held.length >= 3);
    expect(several.length).toBeGreaterThan(100);
    for (const held of byHolder.values()) expect(new Set(held.map((l) => l.typeCode)).size).toBe(held.length);
  });

  it('starts with the demo holders, whose numbers are valid', () => {
    const first = licences.slice(0, 40).map((l) => l.holder.idNumber);
    for (const demo of DEMO_HOLDERS) {
      expect(demo.kind === 'person' ? isResidentId(demo.idNumber) : isCreditCode(demo.idNumber)).toBe(true);
      expect(first).toContain(demo.idNumber);
    }
  });

  it('marks licences past their validity as expired on the reference day', () => {
    for (const licence of licences) {
      if (licence.validUntil && licence.validUntil < RECORD_DEFAULTS.asOf) expect(licence.status).toBe('expired');
      if (licence.validUntil) expect(licence.validUntil > licence.issuedOn).toBe(true);
    }
    expect(licences.some((l) => l.status === 'expired')).toBe(true);
    expect(licences.filter((l) => l.status === 'valid').length).toBeGreaterThan(licences.length / 2);
  });

  it('is deterministic for a seed and differs for another', () => {
    const again = [...licenceRecords({ catalogue, count: 3000, persons: 5000, organisations: 2000 })];
    expect(again).toEqual(licences);
    const other = [...licenceRecords({ catalogue, count: 300, seed: 1, persons: 5000, organisations: 2000 })];
    expect(other.slice(40)).not.toEqual(licences.slice(40, 300));
  });
});

describe('archiveCases', () => {
  const items = new Map(catalogue.items.map((item) => [item.code, item]));
  const regions = new Set(catalogue.regions.map((region) => region.code));

  it('yields valid archived cases over the catalogue items, departments and regions', () => {
    expect(cases).toHaveLength(3000);
    for (const record of cases) {
      expect(validate('archiveCase', record).issues).toEqual([]);
      const item = items.get(record.itemCode)!;
      expect(item).toBeDefined();
      expect(record.departmentCode).toBe(item.implementingDepartment);
      expect(record.committedTimeLimitDays).toBe(item.committedTimeLimitDays);
      expect(regions.has(record.regionCode)).toBe(true);
      expect(record.submittedAt >= '2021-01-01' && record.submittedAt < '2026').toBe(true);
      if (record.acceptedAt) expect(record.acceptedAt >= record.submittedAt).toBe(true);
      expect(record.closedAt >= record.submittedAt).toBe(true);
      expect(record.applicant.kind === 'person' ? isResidentId(record.applicant.idNumber) : isCreditCode(record.applicant.idNumber)).toBe(true);
    }
    expect(new Set(cases.map((c) => c.caseNumber)).size).toBe(cases.length);
  });

  it('has realistic distributions: mostly approved on time, a few overdue or refused, grades mostly good', () => {
    const share = (predicate: (c: ArchiveCase) => boolean) => cases.filter(predicate).length / cases.length;
    expect(share((c) => c.result === 'approved')).toBeGreaterThan(0.85);
    const overdue = share((c) => c.result === 'approved' && c.elapsedWorkingDays! > c.committedTimeLimitDays);
    expect(overdue).toBeGreaterThan(0.005);
    expect(overdue).toBeLessThan(0.08);
    for (const result of ['rejected', 'not-accepted', 'withdrawn'] as const) expect(share((c) => c.result === result)).toBeGreaterThan(0);
    const graded = cases.filter((c) => c.evaluationGrade);
    expect(graded.filter((c) => c.evaluationGrade === 'very-satisfied').length / graded.length).toBeGreaterThan(0.7);
    expect(new Set(cases.map((c) => c.submittedAt.slice(0, 4)))).toEqual(new Set(['2021', '2022', '2023', '2024', '2025']));
  });

  it('is deterministic for a seed', () => {
    expect([...archiveCases({ catalogue, count: 3000, persons: 5000, organisations: 2000 })]).toEqual(cases);
  });
});

describe('record formats', () => {
  it('writes JSON lines identical to JSON.stringify', () => {
    for (const licence of licences) expect(licenceToJson(licence)).toBe(JSON.stringify(licence));
    for (const record of cases) expect(archiveCaseToJson(record)).toBe(JSON.stringify(record));
  });

  it('writes CSV rows with one field per header column', () => {
    const licenceColumns = LICENCE_CSV_HEADER.split(',').length;
    for (const licence of licences.slice(0, 300)) {
      const fields = csvFields(licenceToCsv(licence));
      expect(fields).toHaveLength(licenceColumns);
      expect(JSON.parse(fields[licenceColumns - 1]!)).toEqual(licence.data);
    }
    const caseColumns = ARCHIVE_CASE_CSV_HEADER.split(',').length;
    for (const record of cases.slice(0, 300)) expect(csvFields(archiveCaseToCsv(record))).toHaveLength(caseColumns);
  });
});

describe('generate CLI', () => {
  it('takes the reference counts as defaults and ignores the -- pnpm passes on', () => {
    const args = parseArguments(['--', '--licences', '--archive-cases', '--out', 'x']);
    expect(args).toMatchObject({ licences: RECORD_DEFAULTS.licences, archiveCases: RECORD_DEFAULTS.archiveCases, out: 'x', format: 'jsonl' });
    expect(parseArguments(['--licences', '1_000', '--format', 'csv', '--items', '300'])).toMatchObject({ licences: 1000, format: 'csv', catalogueOptions: { items: 300 } });
    expect(() => parseArguments(['--format', 'xml'])).toThrow();
  });

  it('writes byte-identical files for the same seed', async () => {
    const hashes = async (out: string, format: 'jsonl' | 'csv') => {
      const files = await run({ ...parseArguments(['--licences', '2000', '--archive-cases', '1500', '--catalogue', '--districts', '4', '--format', format, '--quiet']), out });
      return files.map((file) => createHash('sha256').update(readFileSync(file)).digest('hex'));
    };
    for (const format of ['jsonl', 'csv'] as const) {
      const first = await hashes(join(temp, `a-${format}`), format);
      expect(first).toHaveLength(3);
      expect(await hashes(join(temp, `b-${format}`), format)).toEqual(first);
    }
    const lines = readFileSync(join(temp, 'a-jsonl', 'licences.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2000);
    expect(validate('licence', JSON.parse(lines[1999]!)).issues).toEqual([]);
    expect(readFileSync(join(temp, 'a-csv', 'archive-cases.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1501);
  });
});
