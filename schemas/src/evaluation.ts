import type { FromSchema } from 'json-schema-to-ts';
import { channel, dateTime, schemaVersionProperty, stage, text } from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/**
 * The national five-grade scale of 好差评 (GB/T 39734-2020), best first. The last two are bad reviews that must
 * be verified, rectified and followed by a return visit.
 */
export const EVALUATION_GRADE_VALUES = [
  'very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied',
] as const;

/** An application number as Tongban issues it (see docs/application-number.md), or an archived case number. */
export const applicationNumber = { type: 'string', pattern: '^[0-9A-Z][0-9A-Z-]{5,39}$' } as const;

/** An evaluation (好差评) of one application at one stage. */
export const evaluationSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}evaluation.json`,
  title: 'Evaluation (好差评)',
  type: 'object',
  additionalProperties: false,
  required: ['applicationNumber', 'stage', 'grade', 'channel'],
  properties: {
    schemaVersion: schemaVersionProperty,
    applicationNumber,
    stage: { ...stage, description: 'The stage evaluated: after a service step, or after closure' },
    taskId: { type: 'string', maxLength: 100 },
    grade: { type: 'string', enum: EVALUATION_GRADE_VALUES },
    tags: { type: 'array', items: text(30), maxItems: 10, uniqueItems: true },
    comment: text(1000),
    channel,
    evaluatedAt: dateTime,
  },
} as const;

export type Evaluation = FromSchema<typeof evaluationSchema>;
