import { contracts, createAjv, type Licence } from '@tongban/schemas';
import { parseLicenceIdentifier } from '@tongban/examples';
import { validateCreditCode, validateResidentId } from '@tongban/gov-codes';
import type { RecordJudge as Judge, RecordProblem } from '../../imports/dataset';
import { csvValue } from '../../imports/text';
import { licenceDigest } from './canonical';
import type { LicenceType, ValidateFunction } from './service';

/** Header of the licence CSV format (the examples generator writes it; `data` is one JSON column). */
export const CSV_COLUMNS = [
  'identifier', 'typeCode', 'number', 'holderKind', 'holderName', 'holderIdNumber', 'issuerName', 'issuerCreditCode', 'issuerDepartmentCode',
  'issuedOn', 'validFrom', 'validUntil', 'status', 'source', 'data',
] as const;

/** Columns of `licence` an import writes, in COPY order. */
export const IMPORT_COLUMNS = [
  'identifier', 'type_code', 'number', 'holder_kind', 'holder_id_number', 'holder_name', 'issuer_name', 'issuer_credit_code',
  'issuer_department_code', 'issued_on', 'valid_from', 'valid_until', 'status', 'data', 'digest', 'signature', 'key_id', 'signed_at',
  'source', 'import_id',
] as const;

/** A record ready to be written: the values of {@link IMPORT_COLUMNS} but `import_id`. */
export type ImportRow = [
  identifier: string, typeCode: string, number: string | null, holderKind: string, holderIdNumber: string, holderName: string,
  issuerName: string, issuerCreditCode: string, issuerDepartmentCode: string | null, issuedOn: string, validFrom: string | null,
  validUntil: string | null, status: string, data: string, digest: string | null, signature: string | null, keyId: string | null,
  signedAt: string | null, source: string,
];


/** A licence document from a CSV record of {@link CSV_COLUMNS} (the contract then judges it). */
export function csvToDocument(header: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const value = (name: string) => csvValue(header, fields, name);
  let data: unknown = value('data');
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      data = { __unparsable: true };
    }
  }
  const doc: Record<string, unknown> = {
    schemaVersion: 1,
    identifier: value('identifier'),
    typeCode: value('typeCode'),
    number: value('number'),
    holder: { kind: value('holderKind'), name: value('holderName'), idNumber: value('holderIdNumber') },
    issuer: { name: value('issuerName'), creditCode: value('issuerCreditCode'), departmentCode: value('issuerDepartmentCode') },
    issuedOn: value('issuedOn'),
    validFrom: value('validFrom'),
    validUntil: value('validUntil'),
    status: value('status'),
    data,
    source: value('source') ?? 'aggregated',
  };
  for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
  for (const key of ['holder', 'issuer'] as const) {
    const part = doc[key] as Record<string, unknown>;
    for (const inner of Object.keys(part)) if (part[inner] === undefined) delete part[inner];
  }
  return doc;
}

/**
 * Judges licence records for an import: the licence contract, then the rules a contract cannot state — the
 * identifier's check character and its type and issuer segments, the holder's check digits and kind, the type's
 * data schema, coherent dates, and "expired" only when the record's validity has really ended.
 */
export class RecordJudge implements Judge {
  private readonly validateContract: ValidateFunction;
  /** Issuers are few (a few hundred departments): their credit codes are checked once. */
  private readonly issuers = new Map<string, boolean>();

  constructor(private readonly types: Map<string, LicenceType>, private readonly today: string, private readonly options: { department?: string } = {}) {
    this.validateContract = createAjv().compile(contracts.licence);
  }

  /** The row to write, or the problems that refuse the record. */
  judge(doc: unknown): { row: ImportRow } | { problems: RecordProblem[] } {
    if (!this.validateContract(doc)) {
      return { problems: (this.validateContract.errors ?? []).slice(0, 10).map((error) => ({ path: error.instancePath || '/', reason: `${error.keyword}: ${error.message ?? ''}`.trim() })) };
    }
    const record = doc as Licence;
    const problems: RecordProblem[] = [];
    const type = this.types.get(record.typeCode);
    if (!type) problems.push({ path: '/typeCode', reason: `unknown licence type ${record.typeCode}` });
    const parts = parseLicenceIdentifier(record.identifier);
    if (!parts) problems.push({ path: '/identifier', reason: 'the check character of the identifier is wrong' });
    else {
      if (parts.typeCode !== record.typeCode) problems.push({ path: '/identifier', reason: `the identifier names type ${parts.typeCode}, the record ${record.typeCode}` });
      if (parts.issuerCreditCode !== record.issuer.creditCode) problems.push({ path: '/identifier', reason: `the identifier names issuer ${parts.issuerCreditCode}, the record ${record.issuer.creditCode}` });
    }
    if (type && record.holder.kind !== type.holder_kind) problems.push({ path: '/holder/kind', reason: `type ${type.code} is held by a ${type.holder_kind}` });
    const holderCheck = record.holder.kind === 'person' ? validateResidentId(record.holder.idNumber) : validateCreditCode(record.holder.idNumber);
    if (!holderCheck.ok) problems.push({ path: '/holder/idNumber', reason: holderCheck.code });
    let issuerValid = this.issuers.get(record.issuer.creditCode);
    if (issuerValid === undefined) {
      issuerValid = validateCreditCode(record.issuer.creditCode).ok;
      if (this.issuers.size < 100_000) this.issuers.set(record.issuer.creditCode, issuerValid);
    }
    if (!issuerValid) problems.push({ path: '/issuer/creditCode', reason: 'invalid unified social credit code' });
    if (this.options.department && record.issuer.departmentCode !== this.options.department) {
      problems.push({ path: '/issuer/departmentCode', reason: `only licences issued by department ${this.options.department} may be imported by this caller` });
    }
    if (type && !type.validateData(record.data)) {
      for (const error of (type.validateData.errors ?? []).slice(0, 5)) problems.push({ path: `/data${error.instancePath}`, reason: `${error.keyword}: ${error.message ?? ''}`.trim() });
    }
    if (record.issuedOn > this.today) problems.push({ path: '/issuedOn', reason: 'issued in the future' });
    const from = record.validFrom ?? record.issuedOn;
    if (record.validUntil !== undefined && record.validUntil < from) problems.push({ path: '/validUntil', reason: 'ends before it starts' });
    if (record.status === 'expired' && !(record.validUntil !== undefined && record.validUntil < this.today)) {
      problems.push({ path: '/status', reason: 'status expired, but the validity has not ended' });
    }
    if (problems.length > 0) return { problems };

    let digest: string | null = null;
    let signature: string | null = null;
    let keyId: string | null = null;
    let signedAt: string | null = null;
    if (record.signature) {
      // A record signed at the source keeps its signature; verification checks it against the registered key.
      keyId = record.signature.keyId;
      signature = record.signature.value.padStart(128, '0');
      signedAt = record.signature.signedAt;
      digest = licenceDigest({ ...record, keyId });
    }
    return {
      row: [
        record.identifier, record.typeCode, record.number ?? null, record.holder.kind, record.holder.idNumber, record.holder.name,
        record.issuer.name, record.issuer.creditCode, record.issuer.departmentCode ?? null, record.issuedOn, record.validFrom ?? null,
        record.validUntil ?? null,
        // "Expired" is derived from the dates at every question, so the stored act is "valid".
        record.status === 'expired' ? 'valid' : record.status,
        JSON.stringify(record.data), digest, signature, keyId, signedAt, 'aggregated',
      ],
    };
  }
}
