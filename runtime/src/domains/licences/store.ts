import type { Knex } from 'knex';
import type { SignedLicenceContent } from './canonical';

/** A row of `licence`, dates as `YYYY-MM-DD` text. */
export interface LicenceRow {
  identifier: string;
  type_code: string;
  number: string | null;
  holder_kind: 'person' | 'organisation';
  holder_id_number: string;
  holder_name: string;
  issuer_name: string;
  issuer_credit_code: string;
  issuer_department_code: string | null;
  issued_on: string;
  valid_from: string | null;
  valid_until: string | null;
  status: 'valid' | 'suspended' | 'revoked';
  data: Record<string, unknown>;
  digest: string | null;
  signature: string | null;
  key_id: string | null;
  signed_at: Date | null;
  source: 'aggregated' | 'issued';
  import_id: string | null;
  application_id: string | null;
  created_at: Date;
  status_changed_at: Date | null;
}

/** Status as of a day: the stored administrative status, or `expired` once `valid_until` has passed. */
export type EffectiveStatus = 'valid' | 'suspended' | 'revoked' | 'expired';

// Dates as text: pg would turn DATE into a JS Date at local midnight, which shifts with the server's zone.
const COLUMNS = [
  'identifier', 'type_code', 'number', 'holder_kind', 'holder_id_number', 'holder_name', 'issuer_name', 'issuer_credit_code',
  'issuer_department_code', 'status', 'data', 'digest', 'signature', 'key_id', 'signed_at', 'source', 'import_id', 'application_id',
  'created_at', 'status_changed_at',
];

/** The select list of a licence row. */
export function licenceColumns(knex: Knex, alias = 'licence'): Array<string | Knex.Raw> {
  return [
    ...COLUMNS.map((column) => `${alias}.${column}`),
    knex.raw(`to_char(${alias}.issued_on, 'YYYY-MM-DD') AS issued_on`),
    knex.raw(`to_char(${alias}.valid_from, 'YYYY-MM-DD') AS valid_from`),
    knex.raw(`to_char(${alias}.valid_until, 'YYYY-MM-DD') AS valid_until`),
  ];
}

/** The day (`YYYY-MM-DD`) in China Standard Time (UTC+8, no daylight saving) of an instant. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A licence's status as of a day. */
export function effectiveStatus(row: Pick<LicenceRow, 'status' | 'valid_until'>, asOf: string): EffectiveStatus {
  if (row.status !== 'valid') return row.status;
  return row.valid_until !== null && row.valid_until < asOf ? 'expired' : 'valid';
}

/** A licence by identifier, optionally locked against concurrent status changes (`FOR SHARE`) or for update. */
export async function findLicence(knex: Knex | Knex.Transaction, identifier: string, lock?: 'share' | 'update'): Promise<LicenceRow | undefined> {
  const query = knex('licence').where({ identifier }).first(licenceColumns(knex));
  if (lock === 'share') query.forShare();
  if (lock === 'update') query.forUpdate();
  const row = (await query) as LicenceRow | undefined;
  return row ? { ...row, data: typeof row.data === 'string' ? JSON.parse(row.data) as Record<string, unknown> : row.data } : undefined;
}

/**
 * A holder's licences, newest first: all of them, or only those valid as of `asOf` (stored status valid, in force
 * and not expired). Served by `licence_holder_idx (holder_id_number, type_code)`.
 */
export async function holderLicences(
  knex: Knex | Knex.Transaction,
  holderIdNumber: string,
  options: { typeCode?: string; validAsOf?: string; limit?: number } = {},
): Promise<LicenceRow[]> {
  const query = knex('licence').where('holder_id_number', holderIdNumber).select(licenceColumns(knex));
  if (options.typeCode) query.andWhere('type_code', options.typeCode);
  if (options.validAsOf) {
    query.andWhere('status', 'valid')
      .andWhere((w) => w.whereNull('valid_until').orWhere('valid_until', '>=', options.validAsOf!))
      .andWhere((w) => w.whereNull('valid_from').orWhere('valid_from', '<=', options.validAsOf!));
  }
  query.orderBy([{ column: 'issued_on', order: 'desc' }, { column: 'identifier', order: 'asc' }]).limit(options.limit ?? 200);
  return (await query) as LicenceRow[];
}

/** What a licence's signature covers, from its row. */
export function signedContentOf(row: LicenceRow, keyId: string): SignedLicenceContent {
  return {
    identifier: row.identifier,
    typeCode: row.type_code,
    number: row.number,
    holder: { kind: row.holder_kind, name: row.holder_name, idNumber: row.holder_id_number },
    issuer: { name: row.issuer_name, creditCode: row.issuer_credit_code },
    issuedOn: row.issued_on,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    data: row.data,
    keyId,
  };
}

/** A licence type as the licence domain needs it. */
export interface LicenceTypeRow {
  code: string;
  name: string;
  issuing_department: string;
  holder_kind: 'person' | 'organisation';
  document: {
    dataSchema: { type: 'object'; properties: Record<string, Record<string, unknown>>; required?: string[] };
    validity: { kind: 'permanent' | 'fixed-term'; years?: number };
  };
}

/** Every licence type. */
export async function listLicenceTypes(knex: Knex | Knex.Transaction): Promise<LicenceTypeRow[]> {
  const rows = (await knex('licence_type').select('code', 'name', 'issuing_department', 'holder_kind', 'document')) as LicenceTypeRow[];
  return rows.map((row) => ({ ...row, document: typeof row.document === 'string' ? JSON.parse(row.document) : row.document }));
}
