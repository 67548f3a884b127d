/**
 * Building blocks shared by the contracts. They are inlined (not `$ref`ed) into each document so that every
 * contract is a self-contained JSON Schema 2020-12 document and its TypeScript type can be inferred from it.
 */
import { SCHEMA_VERSION } from './version';

/** `schemaVersion` property: always the current major schema version. */
export const schemaVersionProperty = { type: 'integer', const: SCHEMA_VERSION } as const;

/** The six levels of government service (DOMAIN.md): five administrative levels and the public. */
export const LEVEL_VALUES = ['province', 'city', 'county', 'township', 'village', 'public'] as const;
/** The five administrative levels that have a region code and departments. */
export const ADMINISTRATIVE_LEVEL_VALUES = ['province', 'city', 'county', 'township', 'village'] as const;

export const level = { type: 'string', enum: LEVEL_VALUES } as const;
export const administrativeLevel = { type: 'string', enum: ADMINISTRATIVE_LEVEL_VALUES } as const;

/** GB/T 2260 region code (2, 4 or 6 digits) extended to township (9) and village (12) digits. */
export const regionCode = {
  type: 'string',
  pattern: '^(?:[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$',
  description: 'Region code: 2 (province), 4 (city), 6 (county), 9 (township) or 12 (village) digits',
} as const;

/**
 * Resident ID number (GB 11643): structure only. The check digit, birth date and region are verified by
 * `@tongban/gov-codes` where the contract is applied (cross-field rules and the runtime).
 */
export const residentIdNumber = {
  type: 'string',
  pattern: '^[1-9][0-9]{16}[0-9X]$',
  description: '18-character resident ID number (GB 11643)',
} as const;

/** Unified social credit code (GB 32100): structure only; check digits are verified by `@tongban/gov-codes`. */
export const creditCode = {
  type: 'string',
  pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$',
  description: '18-character unified social credit code (GB 32100)',
} as const;

/** Basic item code: 2-letter item-type code + 5-digit main item + 3-digit sub-item (see packages/gov-codes). */
export const itemCode = {
  type: 'string',
  pattern: '^[A-Z]{2}[0-9]{5}[0-9]{3}$',
  description: 'Basic item code, e.g. XK00123001',
} as const;

/** A stable machine identifier chosen by people: letters, digits, dot, dash, underscore. */
export const identifier = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
} as const;

/** A department's code in the catalogue. */
export const departmentCode = identifier;

/** Free text shown to people: non-empty, bounded. */
export const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const name = { type: 'string', minLength: 1, maxLength: 200 } as const;

/** Mainland phone number: a mobile number or an area-coded landline, or a 5-digit service hotline such as 12345. */
export const phone = {
  type: 'string',
  pattern: '^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?|[0-9]{5})$',
} as const;

/** Calendar date YYYY-MM-DD. */
export const date = { type: 'string', format: 'date' } as const;

/** An instant, RFC 3339. */
export const dateTime = { type: 'string', format: 'date-time' } as const;

/** Working days, as the Administrative Licensing Law counts them (Art. 82). */
export const workingDays = { type: 'integer', minimum: 0, maximum: 3650 } as const;

/** Lower-case hex SHA-256 digest. */
export const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** A FEEL expression in the zeebe convention: a leading `=`. */
export const feelExpression = { type: 'string', pattern: '^=', minLength: 2, maxLength: 4000 } as const;

/** Ways an application can reach a department. */
export const CHANNEL_VALUES = ['online', 'mobile', 'window', 'self-service', 'mail', 'assisted'] as const;
export const channel = { type: 'string', enum: CHANNEL_VALUES } as const;

/** The holder of a licence or the applicant of an application. */
export const HOLDER_KIND_VALUES = ['person', 'organisation'] as const;
export const holderKind = { type: 'string', enum: HOLDER_KIND_VALUES } as const;

/** The stages of an application (DOMAIN.md): submit → accept → review → decide → close → deliver. */
export const STAGE_VALUES = ['submit', 'accept', 'review', 'decide', 'close', 'deliver'] as const;
export const stage = { type: 'string', enum: STAGE_VALUES } as const;
