import type { FromSchema } from 'json-schema-to-ts';
import { administrativeLevel, creditCode, departmentCode, phone, regionCode, schemaVersionProperty, text } from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/** A department (部门) that implements items, at one level of one region. */
export const departmentSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}department.json`,
  title: 'Department (部门)',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'code', 'name', 'regionCode', 'level'],
  properties: {
    schemaVersion: schemaVersionProperty,
    code: departmentCode,
    name: text(100),
    shortName: text(30),
    creditCode,
    regionCode,
    level: administrativeLevel,
    parentCode: departmentCode,
    address: text(300),
    phone,
  },
} as const;

export type Department = FromSchema<typeof departmentSchema>;
