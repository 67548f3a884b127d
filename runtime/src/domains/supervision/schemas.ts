/**
 * Route schemas of the supervision API (requests and response views). JSON Schema 2020-12 fragments, compiled by
 * the runtime's Ajv; fastify serialises responses with them and OpenAPI documents them (/api/docs).
 */
import { CHANNEL_VALUES, EVALUATION_GRADE_VALUES, LEVEL_VALUES, SUSPENSION_KIND_VALUES } from '@tongban/schemas';

const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
export const errors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef, 422: errorRef } as const;

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const number = { type: 'number' } as const;
const boolean = { type: 'boolean' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;
const nullableInteger = { type: ['integer', 'null'] } as const;
const nullableBoolean = { type: ['boolean', 'null'] } as const;
const nullableDate = { type: ['string', 'null'], format: 'date-time' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const free = { type: 'object', additionalProperties: true } as const;
const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const uuidParams = {
  type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', format: 'uuid' } },
} as const;

/** The drill-down every figure query takes. */
export const drillProperties = {
  department: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$', description: 'Department code (a branch counts with its city department)' },
  district: { type: 'string', pattern: '^(?:[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9}|[0-9]{12})$', description: 'Region code: the region and what lies under it' },
  level: { type: 'string', enum: LEVEL_VALUES },
  item: { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}$' },
} as const;

/** How a period is named (one of these). */
export const periodProperties = {
  period: { type: 'string', enum: ['today', 'month', 'quarter', 'year', 'custom'] },
  month: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}$' },
  quarter: { type: 'string', pattern: '^[0-9]{4}-Q[1-4]$' },
  year: { type: 'string', pattern: '^[0-9]{4}$' },
  from: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
  to: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
} as const;

const periodSchema = {
  type: 'object', additionalProperties: false, required: ['kind', 'from', 'to', 'label'],
  properties: { kind: string, from: string, to: string, label: string },
} as const;
const scopeSchema = {
  type: 'object', additionalProperties: false, required: ['regionCode', 'departmentCode'],
  properties: { regionCode: nullableString, departmentCode: nullableString },
} as const;

const figureCounts = {
  inProgress: integer, dueSoon: integer, overdue: integer, suspended: integer, closed: integer, ended: integer, onTime: integer,
  late: integer, wentOverdue: integer, onTimeRate: nullableNumber,
} as const;

export const figuresResponse = {
  type: 'object', additionalProperties: false, required: ['asOf', 'scope', 'groupBy', 'period', 'totals', 'rows'],
  properties: {
    asOf: dateTime, scope: scopeSchema, groupBy: string, period: periodSchema,
    coveredPeriod: {
      type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: string, to: string },
      description: 'The days the period figures cover: the period, or the whole months it touches when by level or item',
    },
    totals: { type: 'object', additionalProperties: false, properties: figureCounts },
    rows: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['key', 'name'], properties: { key: string, name: string, ...figureCounts } } },
  },
} as const;

const holderSchema = {
  type: 'object', additionalProperties: false, required: ['kind', 'since'],
  properties: {
    kind: { type: 'string', enum: ['user', 'department', 'applicant', 'system'] }, userId: string, userName: string, departmentCode: string,
    departmentName: string, candidateGroups: { type: 'array', items: string }, taskId: string, taskName: nullableString, stage: nullableString,
    stageName: nullableString, taskDueAt: nullableDate, since: dateTime, heldWorkingHours: number, heldWorkingDays: number,
  },
} as const;

export const overdueResponse = {
  type: 'object', additionalProperties: false, required: ['asOf', 'total', 'items'],
  properties: {
    asOf: dateTime, total: integer,
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          applicationId: string, number: string, itemCode: string, itemName: string, applicantName: string, departmentCode: string,
          handlingDepartmentCode: string, departmentName: string, regionCode: string, regionName: string, level: string, state: string,
          stage: string, submittedAt: dateTime, dueAt: dateTime, overdueWorkingDays: number, workingHoursLeft: number,
          holders: { type: 'array', items: holderSchema },
        },
      },
    },
  },
} as const;

const indicatorProperties = {
  closed: integer, onTimeRate: nullableNumber, overdueRate: nullableNumber, avgHandlingDays: nullableNumber, p90HandlingDays: nullableNumber,
  speed: nullableNumber, satisfactionRate: nullableNumber, licenceReuseRate: nullableNumber, onlineShare: nullableNumber, noVisitShare: nullableNumber,
  evaluations: integer, badEvaluations: integer,
} as const;

export const rankingResponse = {
  type: 'object', additionalProperties: false, required: ['asOf', 'scope', 'by', 'period', 'previousPeriod', 'weights', 'formula', 'rows'],
  properties: {
    asOf: dateTime, scope: scopeSchema, by: string, period: periodSchema, previousPeriod: periodSchema,
    weights: { type: 'object', additionalProperties: number }, formula: string,
    rows: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['key', 'name', 'rank', 'score'],
        properties: {
          key: string, name: string, rank: nullableInteger, score: nullableNumber, ...indicatorProperties, previousRank: nullableInteger,
          previousScore: nullableNumber, rankChange: nullableInteger, scoreChange: nullableNumber,
        },
      },
    },
  },
} as const;

export const warningsResponse = {
  type: 'object', additionalProperties: false, required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          id: integer, applicationId: string, number: string, level: string, target: string, taskId: nullableString, dueAt: dateTime,
          firedAt: dateTime, departmentCode: string, districtCode: string, regionCode: string, itemCode: string, itemName: string,
        },
      },
    },
  },
} as const;

export const evaluationSummaryResponse = {
  type: 'object', additionalProperties: false, required: ['asOf', 'scope', 'by', 'period', 'rows'],
  properties: {
    asOf: dateTime, scope: scopeSchema, by: string, period: periodSchema,
    rows: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          key: string, name: string, evaluations: integer, grades: { type: 'object', additionalProperties: integer },
          satisfactionRate: nullableNumber, badEvaluations: integer,
          rectifications: {
            type: 'object', additionalProperties: false,
            properties: { opened: integer, closed: integer, closedOnTime: integer, overdue: integer, escalated: integer },
          },
        },
      },
    },
  },
} as const;

export const settingsResponse = {
  type: 'object', additionalProperties: false,
  properties: {
    yellowShare: number, acceptanceLimitDays: integer, maxExtensionDays: integer, maxJointExtensionDays: integer, rectificationDays: integer,
    weights: { type: 'object', additionalProperties: number }, indicators: { type: 'array', items: string },
    stream: { type: 'object', additionalProperties: false, properties: { mode: string } },
  },
} as const;

export const extensionSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    id: string, days: integer, reason: string, status: string, requestedBy: string, requestedAt: dateTime, decidedBy: nullableString,
    decidedAt: nullableDate, opinion: nullableString, dueAt: dateTime,
  },
} as const;

export const clockResponse = {
  type: 'object', additionalProperties: false,
  properties: {
    applicationId: string, number: string, status: string, state: string, submittedAt: dateTime, receiptDate: string,
    committedTimeLimitDays: integer, legalTimeLimitDays: nullableInteger, extensionDays: integer, maxExtensionDays: integer,
    suspendedWorkingDays: number, baseDueAt: dateTime, dueAt: dateTime, yellowAt: nullableDate, dueCoverage: string,
    progress: {
      type: ['object', 'null'], additionalProperties: false,
      properties: { used: number, workingDaysLeft: integer, workingHoursLeft: number, overdue: boolean },
    },
    acceptance: {
      type: 'object', additionalProperties: false,
      properties: { limitDays: integer, dueAt: dateTime, decidedAt: nullableDate, deemedAcceptedAt: nullableDate },
    },
    closedAt: nullableDate, onTime: nullableBoolean, handlingWorkingDays: nullableNumber,
    suspensions: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          id: string, kind: string, label: string, reason: nullableString, expectedWorkingDays: nullableInteger, startedAt: dateTime,
          startedBy: string, endedAt: nullableDate, endedBy: nullableString, workingHours: number, countedWorkingDays: number, open: boolean,
        },
      },
    },
    extensions: { type: 'array', items: extensionSchema },
    warnings: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: { id: integer, level: string, target: string, taskId: nullableString, dueAt: dateTime, firedAt: dateTime },
      },
    },
    tasks: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          taskId: string, name: nullableString, stage: string, limitDays: integer, startedAt: dateTime, dueAt: nullableDate,
          suspendedWorkingDays: number, closedAt: nullableDate, onTime: nullableBoolean,
        },
      },
    },
  },
} as const;


export const suspensionBody = {
  type: 'object', additionalProperties: false, required: ['kind', 'reason', 'expectedWorkingDays'],
  properties: {
    kind: { type: 'string', enum: SUSPENSION_KIND_VALUES },
    reason: text(500),
    expectedWorkingDays: { type: 'integer', minimum: 1, maximum: 365, description: 'Told to the applicant (Art. 45)' },
  },
} as const;

export const suspensionResponse = {
  type: 'object', additionalProperties: false,
  properties: {
    id: string, kind: string, reason: nullableString, expectedWorkingDays: nullableInteger, startedAt: dateTime, endedAt: nullableDate,
    workingHours: nullableNumber, countedWorkingDays: nullableNumber, dueAt: dateTime,
  },
} as const;

export const extensionBody = {
  type: 'object', additionalProperties: false, required: ['days', 'reason'],
  properties: { days: { type: 'integer', minimum: 1, maximum: 60 }, reason: text(500) },
} as const;

export const decisionBody = {
  type: 'object', additionalProperties: false, required: ['approve', 'opinion'],
  properties: { approve: boolean, opinion: text(1000) },
} as const;

export const evaluationViewSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    id: string, applicationId: string, applicationNumber: string, stage: string, taskId: nullableString, grade: { type: 'string', enum: EVALUATION_GRADE_VALUES },
    gradeLabel: string, tags: { type: 'array', items: string }, comment: nullableString, channel: { type: 'string', enum: CHANNEL_VALUES },
    evaluatedAt: dateTime, staffId: nullableString, departmentCode: string, handlingDepartmentCode: string, regionCode: string, itemCode: string,
    rectificationId: nullableString, rectificationStatus: nullableString,
  },
} as const;

const step = { type: ['object', 'null'], additionalProperties: true } as const;
export const rectificationViewSchema = {
  type: 'object', additionalProperties: false,
  properties: {
    id: string, evaluationId: string, applicationId: string, applicationNumber: string, grade: string, stage: nullableString, comment: nullableString,
    staffId: nullableString, itemCode: nullableString, handlingDepartmentCode: string, departmentCode: string, regionCode: string, status: string,
    limitDays: integer, dueAt: dateTime, overdue: boolean, createdAt: dateTime, escalations: integer, escalatedTo: nullableString,
    escalatedAt: nullableDate, verification: step, rectification: step, returnVisit: step, outcome: step,
  },
} as const;

export const pageQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 100000, default: 0 },
} as const;

export { free };
