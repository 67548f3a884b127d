import type { FromSchema } from 'json-schema-to-ts';
import { creditCode, departmentCode, holderKind, schemaVersionProperty, text } from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/**
 * Licence type code: the defining authority's unified social credit code (18) + a 3-digit serial. This is the
 * `<licence type code>` segment of the licence identifier (see licence.ts and docs/licences.md).
 */
export const licenceTypeCode = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$' } as const;

/** A licence type (证照类型): data, not code. */
export const licenceTypeSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}licence-type.json`,
  title: 'Licence type (证照类型)',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'code', 'name', 'issuingDepartment', 'holderKind', 'dataSchema', 'validity'],
  properties: {
    schemaVersion: schemaVersionProperty,
    code: licenceTypeCode,
    name: text(100),
    issuingDepartment: departmentCode,
    definingAuthorityCreditCode: creditCode,
    holderKind,
    dataSchema: {
      type: 'object',
      description: 'JSON Schema (2020-12) of the licence data fields of this type',
      required: ['type', 'properties'],
      properties: {
        type: { const: 'object' },
        properties: { type: 'object', minProperties: 1 },
        required: { type: 'array', items: { type: 'string' } },
      },
    },
    validity: {
      type: 'object',
      additionalProperties: false,
      required: ['kind'],
      properties: {
        kind: { type: 'string', enum: ['permanent', 'fixed-term'] },
        years: { type: 'integer', minimum: 1, maximum: 100 },
        renewableBeforeDays: { type: 'integer', minimum: 0, maximum: 3650 },
      },
      if: { properties: { kind: { const: 'fixed-term' } } },
      then: { required: ['years'] },
      else: { not: { required: ['years'] } },
    },
    description: text(2000),
  },
} as const;

export type LicenceType = FromSchema<typeof licenceTypeSchema>;
