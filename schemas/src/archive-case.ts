import type { FromSchema } from 'json-schema-to-ts';
import {
  channel, dateTime, departmentCode, holderKind, itemCode, level, regionCode, schemaVersionProperty, text, workingDays,
} from './common';
import { EVALUATION_GRADE_VALUES, applicationNumber } from './evaluation';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

export const ARCHIVE_RESULT_VALUES = ['approved', 'rejected', 'not-accepted', 'withdrawn', 'terminated'] as const;

/**
 * An archived case record (历史办件): an application closed in an earlier system, migrated into Tongban so it is
 * found by the progress lookup and counted by supervision for its period.
 */
export const archiveCaseSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}archive-case.json`,
  title: 'Archived case record (历史办件)',
  type: 'object',
  additionalProperties: false,
  required: [
    'caseNumber', 'itemCode', 'departmentCode', 'regionCode', 'level', 'applicant', 'channel', 'submittedAt',
    'closedAt', 'result', 'committedTimeLimitDays',
  ],
  properties: {
    schemaVersion: schemaVersionProperty,
    caseNumber: applicationNumber,
    itemCode,
    itemName: text(200),
    departmentCode,
    regionCode,
    level,
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name', 'idNumber'],
      properties: {
        kind: holderKind,
        name: text(200),
        idNumber: { type: 'string', pattern: '^[0-9A-Z]{18}$' },
      },
    },
    channel,
    submittedAt: dateTime,
    acceptedAt: dateTime,
    closedAt: dateTime,
    dueAt: dateTime,
    result: { type: 'string', enum: ARCHIVE_RESULT_VALUES },
    committedTimeLimitDays: workingDays,
    elapsedWorkingDays: { type: 'number', minimum: 0, maximum: 36500 },
    visits: { type: 'integer', minimum: 0, maximum: 100 },
    handledOnline: { type: 'boolean' },
    licenceReused: { type: 'boolean' },
    evaluationGrade: { type: 'string', enum: EVALUATION_GRADE_VALUES },
    sourceSystem: text(100),
  },
} as const;

export type ArchiveCase = FromSchema<typeof archiveCaseSchema>;
