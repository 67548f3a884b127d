import type { FromSchema } from 'json-schema-to-ts';
import { administrativeLevel, regionCode, schemaVersionProperty, text } from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/** A region (行政区划) at one of the five administrative levels. */
export const regionSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}region.json`,
  title: 'Region (行政区划)',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'code', 'name', 'level'],
  properties: {
    schemaVersion: schemaVersionProperty,
    code: regionCode,
    name: text(100),
    level: administrativeLevel,
    parentCode: regionCode,
  },
} as const;

export type Region = FromSchema<typeof regionSchema>;
