import type { FromSchema } from 'json-schema-to-ts';
import { departmentCode, identifier, schemaVersionProperty, text } from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/** File formats an applicant may upload for a material. */
export const FILE_FORMAT_VALUES = ['pdf', 'ofd', 'jpg', 'jpeg', 'png', 'tif', 'doc', 'docx', 'xls', 'xlsx', 'zip'] as const;

/** Where a material comes from. */
export const MATERIAL_SOURCE_VALUES = ['applicant', 'licence', 'department'] as const;

/** Whether a material must be provided. */
export const MATERIAL_REQUIREMENT_VALUES = ['required', 'conditional', 'optional'] as const;

/** The body of a material (a checklist entry), without the document keywords, so the item schema can inline it. */
export const materialBody = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'requirement', 'source'],
  properties: {
    id: { ...identifier, description: 'Stable id of the material within its item, e.g. M001' },
    name: text(200),
    requirement: { type: 'string', enum: MATERIAL_REQUIREMENT_VALUES },
    condition: {
      type: 'string',
      pattern: '^=',
      minLength: 2,
      maxLength: 2000,
      description: 'FEEL over the form data; the material is required when it evaluates to true',
    },
    copies: {
      type: 'object',
      additionalProperties: false,
      properties: {
        original: { type: 'integer', minimum: 0, maximum: 20 },
        copy: { type: 'integer', minimum: 0, maximum: 20 },
      },
    },
    formats: { type: 'array', items: { type: 'string', enum: FILE_FORMAT_VALUES }, minItems: 1, uniqueItems: true },
    maxSizeMb: { type: 'number', exclusiveMinimum: 0, maximum: 1024 },
    source: { type: 'string', enum: MATERIAL_SOURCE_VALUES },
    licenceTypeCode: { type: 'string', pattern: '^[0-9A-Z]{18}[0-9]{3}$' },
    producedBy: departmentCode,
    paperRequired: { type: 'boolean', description: 'The original on paper must be shown or handed over' },
    legalBasis: text(1000),
    notes: text(2000),
  },
  allOf: [
    {
      if: { properties: { requirement: { const: 'conditional' } }, required: ['requirement'] },
      then: { required: ['condition'] },
      else: { not: { required: ['condition'] } },
    },
    {
      if: { properties: { source: { const: 'licence' } }, required: ['source'] },
      then: { required: ['licenceTypeCode'] },
    },
    {
      if: { properties: { source: { const: 'department' } }, required: ['source'] },
      then: { required: ['producedBy'] },
    },
  ],
} as const;

/** A material (申请材料): one entry of an item's checklist. */
export const materialSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}material.json`,
  title: 'Material (申请材料)',
  ...materialBody,
  required: ['schemaVersion', ...materialBody.required],
  properties: { schemaVersion: schemaVersionProperty, ...materialBody.properties },
} as const;

/** A checklist entry as it appears inside an item. */
export type Material = FromSchema<typeof materialBody>;
