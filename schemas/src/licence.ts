import type { FromSchema } from 'json-schema-to-ts';
import { creditCode, date, dateTime, holderKind, residentIdNumber, schemaVersionProperty, text } from './common';
import { licenceTypeCode } from './licence-type';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/**
 * Licence identifier as adopted by Tongban (a reading of public practice of GB/T 36904, documented in
 * docs/licences.md): `1.2.156.3005.2.<licence type code>.<issuer credit code>.<serial>.<version>.<check>`.
 */
export const licenceIdentifier = {
  type: 'string',
  pattern: '^1\\.2\\.156\\.3005\\.2\\.[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}\\.[0-9A-HJ-NPQRTUWXY]{18}\\.[0-9]{1,20}\\.[0-9]{3}\\.[0-9A-Z]$',
} as const;

export const LICENCE_STATUS_VALUES = ['valid', 'suspended', 'revoked', 'expired'] as const;

/** A licence record (电子证照). */
export const licenceSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}licence.json`,
  title: 'Licence record (电子证照)',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'identifier', 'typeCode', 'holder', 'issuer', 'issuedOn', 'status', 'data', 'source'],
  properties: {
    schemaVersion: schemaVersionProperty,
    identifier: licenceIdentifier,
    typeCode: licenceTypeCode,
    number: text(100),
    holder: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'idNumber'],
      properties: {
        kind: holderKind,
        name: text(200),
        idNumber: { type: 'string', minLength: 18, maxLength: 18 },
      },
      if: { properties: { kind: { const: 'person' } } },
      then: { properties: { idNumber: residentIdNumber } },
      else: { properties: { idNumber: creditCode } },
    },
    issuer: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'creditCode'],
      properties: { name: text(200), creditCode, departmentCode: { type: 'string' } },
    },
    issuedOn: date,
    validFrom: date,
    validUntil: { ...date, description: 'Absent for a permanent licence' },
    status: { type: 'string', enum: LICENCE_STATUS_VALUES },
    data: { type: 'object' },
    signature: {
      type: 'object',
      additionalProperties: false,
      required: ['algorithm', 'keyId', 'value', 'signedAt'],
      properties: {
        algorithm: { type: 'string', const: 'SM2-SM3' },
        keyId: { type: 'string', minLength: 1, maxLength: 100 },
        value: { type: 'string', pattern: '^[0-9a-f]+$', maxLength: 512 },
        signedAt: dateTime,
      },
    },
    source: { type: 'string', enum: ['aggregated', 'issued'] },
  },
} as const;

export type Licence = FromSchema<typeof licenceSchema>;
