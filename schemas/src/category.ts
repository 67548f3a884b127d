import type { FromSchema } from 'json-schema-to-ts';
import { identifier, schemaVersionProperty, text } from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/** A catalogue category or sub-category (事项分类): a sub-category names its parent category. */
export const categorySchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}category.json`,
  title: 'Catalogue category (事项分类)',
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'code', 'name'],
  properties: {
    schemaVersion: schemaVersionProperty,
    code: identifier,
    name: text(100),
    parentCode: identifier,
    audience: { type: 'string', enum: ['person', 'organisation'] },
  },
} as const;

export type Category = FromSchema<typeof categorySchema>;
