/**
 * Views of the runtime API: the response bodies of its routes, as JSON Schema 2020-12 fragments. The runtime
 * declares them as route response schemas (fastify serialises with them, OpenAPI documents them) and
 * `@tongban/client` derives its TypeScript types from the same objects, so a view is written once.
 */
import type { FromSchema } from 'json-schema-to-ts';

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const nullableDate = { type: ['string', 'null'], format: 'date-time' } as const;
const localized = {
  type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: string, en: string },
} as const;

/** Every 4xx/5xx body. */
export const errorBodySchema = {
  $id: 'https://schemas.tongban.dev/v1/error.json',
  type: 'object',
  required: ['code', 'message'],
  additionalProperties: false,
  properties: {
    code: string,
    message: localized,
    path: string,
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'code', 'message'],
        additionalProperties: false,
        properties: { path: string, code: string, location: string, message: localized },
      },
    },
    requestId: string,
  },
} as const;
export type ErrorBody = FromSchema<typeof errorBodySchema>;

/** The caller's identity and data scope. */
export const principalSchema = {
  $id: 'https://schemas.tongban.dev/v1/principal.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'roles', 'level'],
  properties: {
    id: string, name: string, roles: { type: 'array', items: string }, level: string, regionCode: string,
    departmentCode: string, idNumber: string, creditCode: string,
  },
} as const;
export type PrincipalView = FromSchema<typeof principalSchema>;

/** A row of the catalogue listing. */
export const itemSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'type', 'subCategoryCode', 'departmentCode', 'departmentName', 'levels', 'version', 'effectiveFrom'],
  properties: {
    code: string, name: string, type: string, subCategoryCode: string, categoryCode: nullableString,
    departmentCode: string, departmentName: string, levels: { type: 'array', items: string }, version: integer,
    effectiveFrom: { type: 'string', format: 'date-time' }, committedTimeLimitDays: integer, legalTimeLimitDays: integer,
    channels: { type: 'array', items: string }, visitsRequired: integer, onlineDepth: { type: ['integer', 'null'] },
  },
} as const;
export type ItemSummary = FromSchema<typeof itemSummarySchema>;

/** What intake answers (and an idempotent retry replays). */
export const submissionReceiptSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'number', 'itemCode', 'itemVersion', 'regionCode', 'departmentCode', 'status', 'stage', 'submittedAt'],
  properties: {
    id: string, number: string, itemCode: string, itemVersion: integer, regionCode: string, servicePointRegionCode: string,
    departmentCode: string, status: string, stage: string, submittedAt: string, dueAt: string,
  },
} as const;
export type SubmissionReceipt = FromSchema<typeof submissionReceiptSchema>;

/** A task as the worklist shows it. */
export const taskViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'applicationId', 'elementId', 'status', 'candidateGroups', 'departmentCode', 'regionCode', 'createdAt'],
  properties: {
    id: string, applicationId: string, applicationNumber: string, itemCode: string, itemName: string, applicantName: string,
    elementId: string, name: nullableString, stage: nullableString, status: string,
    candidateGroups: { type: 'array', items: string }, candidateUsers: { type: 'array', items: string },
    assignee: nullableString, departmentCode: string, regionCode: string, level: string, formId: nullableString,
    headers: { type: 'object', additionalProperties: string }, dueAt: nullableDate, createdAt: { type: 'string', format: 'date-time' },
    completedAt: nullableDate, completedBy: nullableString, outcome: nullableString, opinion: nullableString,
  },
} as const;
export type TaskView = FromSchema<typeof taskViewSchema>;

/** A page of the worklist. */
export const taskListSchema = {
  type: 'object', additionalProperties: false, required: ['items', 'total'],
  properties: { total: integer, items: { type: 'array', items: taskViewSchema } },
} as const;
export type TaskList = FromSchema<typeof taskListSchema>;

/** An application with its tasks, materials and open incidents. */
export const applicationViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'number', 'itemCode', 'status', 'stage', 'submittedAt', 'applicant', 'tasks', 'materials'],
  properties: {
    id: string, number: string, itemCode: string, itemName: string, itemVersion: integer, regionCode: string,
    servicePointRegionCode: nullableString, departmentCode: string, level: string, channel: string, status: string,
    stage: string, result: nullableString, submittedAt: string, acceptedAt: nullableDate, dueAt: nullableDate, closedAt: nullableDate,
    applicant: {
      type: 'object', additionalProperties: false, required: ['kind', 'name', 'idNumber'],
      properties: { kind: string, name: string, idNumber: string },
    },
    formData: { type: 'object', additionalProperties: true },
    missingMaterials: { type: 'array', items: string },
    tasks: { type: 'array', items: taskViewSchema },
    materials: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          materialId: string, kind: string, fileId: nullableString, fileName: nullableString, mediaType: nullableString,
          size: { type: ['integer', 'null'] }, licenceId: nullableString, verified: { type: 'boolean' }, round: integer,
        },
      },
    },
    incidents: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: { id: string, elementId: string, kind: string, message: string, createdAt: string },
      },
    },
    rev: integer,
  },
} as const;
export type ApplicationView = FromSchema<typeof applicationViewSchema>;

/** A page of applications in the caller's scope. */
export const applicationListSchema = {
  type: 'object', additionalProperties: false, required: ['items', 'total'],
  properties: {
    total: integer,
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          id: string, number: string, itemCode: string, itemName: string, applicantName: string, status: string, stage: string,
          result: nullableString, regionCode: string, departmentCode: string, submittedAt: string, dueAt: nullableDate, closedAt: nullableDate,
        },
      },
    },
  },
} as const;
export type ApplicationList = FromSchema<typeof applicationListSchema>;

/** One step of an application's timeline. */
export const timelineEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['seq', 'at', 'kind', 'actor'],
  properties: {
    seq: integer, at: string, kind: string, actor: string, elementId: nullableString, stage: nullableString, name: nullableString,
    outcome: nullableString, opinion: nullableString, departmentCode: nullableString, departmentName: nullableString,
    durationMs: { type: ['integer', 'null'] }, data: { type: 'object', additionalProperties: true },
  },
} as const;
export type TimelineEntry = FromSchema<typeof timelineEntrySchema>;

/** An application's timeline and the check of its hash chain. */
export const timelineSchema = {
  type: 'object', additionalProperties: false, required: ['events', 'chain'],
  properties: {
    events: { type: 'array', items: timelineEntrySchema },
    chain: { type: 'object', additionalProperties: false, required: ['ok', 'events'], properties: { ok: { type: 'boolean' }, events: integer, brokenAt: integer } },
  },
} as const;
export type Timeline = FromSchema<typeof timelineSchema>;

/** The public progress lookup: no personal data. */
export const progressSchema = {
  type: 'object', additionalProperties: false,
  required: ['number', 'itemName', 'applicantName', 'status', 'stage', 'submittedAt', 'steps'],
  properties: {
    number: string, itemName: string, applicantName: string, status: string, stage: string, result: nullableString,
    submittedAt: string, dueAt: nullableDate, closedAt: nullableDate, steps: { type: 'array', items: timelineEntrySchema },
  },
} as const;
export type Progress = FromSchema<typeof progressSchema>;

/** A task with its application, its form and the outcomes it allows. */
export const taskDetailSchema = {
  type: 'object', additionalProperties: false, required: ['task', 'application', 'allowedOutcomes'],
  properties: {
    task: taskViewSchema,
    application: applicationViewSchema,
    form: { type: ['object', 'null'], additionalProperties: true },
    allowedOutcomes: { type: 'array', items: string },
  },
} as const;
export type TaskDetail = FromSchema<typeof taskDetailSchema>;

/** What a task completion answers. */
export const taskCompletionResultSchema = {
  type: 'object', additionalProperties: false, required: ['task', 'applicationStatus', 'applicationStage'],
  properties: { task: taskViewSchema, applicationStatus: string, applicationStage: string },
} as const;
export type TaskCompletionResult = FromSchema<typeof taskCompletionResultSchema>;

/** A job as an external worker receives it. */
export const activatedJobSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'type', 'applicationId', 'applicationNumber', 'elementId', 'retries', 'headers', 'variables', 'lockedUntil'],
  properties: {
    id: string, type: string, applicationId: string, applicationNumber: string, elementId: string, retries: integer,
    headers: { type: 'object', additionalProperties: string }, variables: { type: 'object', additionalProperties: true }, lockedUntil: string,
  },
} as const;
export type ActivatedJob = FromSchema<typeof activatedJobSchema>;

/** An uploaded file's reference. */
export const storedFileSchema = {
  type: 'object', additionalProperties: false, required: ['fileId', 'size', 'mediaType'],
  properties: { fileId: string, size: integer, mediaType: string, name: string, duplicate: { type: 'boolean' } },
} as const;
export type StoredFileView = FromSchema<typeof storedFileSchema>;
