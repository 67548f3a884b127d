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

/** One finding of the review assistant (智能审核辅助): the rule, how serious, what it says, the evidence. */
export const reviewFindingSchema = {
  type: 'object', additionalProperties: false, required: ['ruleId', 'severity', 'message', 'evidence', 'source'],
  properties: {
    ruleId: string, severity: { type: 'string', enum: ['error', 'warning', 'info'] }, message: localized,
    evidence: { type: 'object', additionalProperties: true }, source: { type: 'string', enum: ['rules', 'item', 'model'] },
    materialId: string, field: string,
  },
} as const;
export type ReviewFinding = FromSchema<typeof reviewFindingSchema>;

/** A report of the review assistant: its suggestion (pass / needs attention / fail) and findings. */
export const reviewReportSchema = {
  type: 'object', additionalProperties: false, required: ['id', 'applicationId', 'result', 'autoAccepted', 'findings', 'summary', 'model', 'createdAt'],
  properties: {
    id: integer, applicationId: string, result: { type: 'string', enum: ['pass', 'attention', 'fail'] }, autoAccepted: { type: 'boolean' },
    findings: { type: 'array', items: reviewFindingSchema },
    summary: {
      type: 'object', additionalProperties: false, required: ['errors', 'warnings', 'infos', 'rules'],
      properties: { errors: integer, warnings: integer, infos: integer, rules: integer },
    },
    model: {
      type: 'object', additionalProperties: false, required: ['status'],
      properties: { status: string, name: string, latencyMs: integer, error: string },
    },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;
export type ReviewReport = FromSchema<typeof reviewReportSchema>;

/** Every review report of an application, newest first. */
export const reviewHistorySchema = {
  type: 'object', additionalProperties: false, required: ['latest', 'reports'],
  properties: { latest: { anyOf: [reviewReportSchema, { type: 'null' }] }, reports: { type: 'array', items: reviewReportSchema } },
} as const;
export type ReviewHistory = FromSchema<typeof reviewHistorySchema>;

/** A task with its application, its form and the outcomes it allows. */
export const taskDetailSchema = {
  type: 'object', additionalProperties: false, required: ['task', 'application', 'allowedOutcomes'],
  properties: {
    task: taskViewSchema,
    application: applicationViewSchema,
    form: { type: ['object', 'null'], additionalProperties: true },
    allowedOutcomes: { type: 'array', items: string },
    /** The review assistant's newest suggestion for the application (issue #9), shown beside the task. */
    review: { anyOf: [reviewReportSchema, { type: 'null' }] },
    /** Why the task ended without being completed (another department's denial …), when it did. */
    endedReason: { anyOf: [localized, { type: 'null' }] },
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

/** One department's branch of a parallel approval (并联审批). */
export const parallelBranchSchema = {
  type: 'object', additionalProperties: false,
  required: ['taskId', 'elementId', 'splitId', 'departmentCode', 'regionCode', 'state', 'status', 'createdAt', 'round'],
  properties: {
    taskId: string, elementId: string, name: nullableString, splitId: string, departmentCode: string, departmentName: nullableString,
    regionCode: string, state: { type: 'string', enum: ['pending', 'approved', 'denied', 'ended'] }, status: string,
    outcome: nullableString, opinion: nullableString, decidedBy: nullableString, decidedByName: nullableString, decidedAt: nullableDate,
    createdAt: { type: 'string', format: 'date-time' }, dueAt: nullableDate, round: integer,
    endedReason: { anyOf: [localized, { type: 'null' }] },
  },
} as const;
export type ParallelBranch = FromSchema<typeof parallelBranchSchema>;

/** The branches of an application's parallel approval, with the lead department and the overall state. */
export const parallelBranchesSchema = {
  type: 'object', additionalProperties: false, required: ['applicationId', 'number', 'leadDepartmentCode', 'state', 'branches'],
  properties: {
    applicationId: string, number: string, leadDepartmentCode: string, leadDepartmentName: nullableString,
    state: { type: 'string', enum: ['not-started', 'in-progress', 'approved', 'denied', 'ended'] },
    branches: { type: 'array', items: parallelBranchSchema },
  },
} as const;
export type ParallelBranches = FromSchema<typeof parallelBranchesSchema>;

/** An offer in the applicant's inbox: a follow-on (全生命周期) or proactive (主动服务) service, prefilled. */
export const offerViewSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'kind', 'itemCode', 'itemName', 'title', 'message', 'status', 'holder', 'regionCode', 'source', 'formData', 'materials', 'toComplete', 'expiresAt', 'createdAt'],
  properties: {
    id: string, kind: { type: 'string', enum: ['follow-on', 'proactive'] }, itemCode: string, itemName: string, title: string, message: localized,
    status: { type: 'string', enum: ['pending', 'accepted', 'declined', 'expired'] },
    holder: { type: 'object', additionalProperties: false, required: ['kind', 'name', 'idNumber'], properties: { kind: string, name: string, idNumber: string } },
    regionCode: string,
    source: {
      type: 'object', additionalProperties: false, required: ['kind', 'key'],
      properties: { kind: string, key: string, applicationId: nullableString, applicationNumber: nullableString, itemCode: nullableString },
    },
    formData: { type: 'object', additionalProperties: true },
    materials: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['materialId'], properties: { materialId: string, licenceId: nullableString } },
    },
    toComplete: {
      type: 'object', additionalProperties: false, required: ['fields', 'materials'],
      properties: {
        fields: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { path: string, code: string, message: localized } } },
        materials: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { materialId: string, name: string } } },
      },
    },
    expiresAt: { type: 'string', format: 'date-time' }, createdAt: { type: 'string', format: 'date-time' }, decidedAt: nullableDate,
    declineReason: nullableString, applicationId: nullableString, applicationNumber: nullableString,
  },
} as const;
export type OfferView = FromSchema<typeof offerViewSchema>;

/** A page of the caller's offers. */
export const offerListSchema = {
  type: 'object', additionalProperties: false, required: ['items', 'total'],
  properties: { total: integer, items: { type: 'array', items: offerViewSchema } },
} as const;
export type OfferList = FromSchema<typeof offerListSchema>;

/** What accepting an offer answers: the offer, and the application it started. */
export const offerAcceptanceSchema = {
  type: 'object', additionalProperties: false, required: ['offer', 'application'],
  properties: { offer: offerViewSchema, application: submissionReceiptSchema },
} as const;
export type OfferAcceptanceResult = FromSchema<typeof offerAcceptanceSchema>;

/** What matching an event against the proactive rules did. */
export const proactiveOutcomeListSchema = {
  type: 'object', additionalProperties: false, required: ['outcomes'],
  properties: {
    outcomes: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['itemCode', 'ruleId', 'status'],
        properties: { itemCode: string, ruleId: string, status: string, offerId: string, message: string },
      },
    },
  },
} as const;
export type ProactiveOutcomeList = FromSchema<typeof proactiveOutcomeListSchema>;

/** A service point's pre-check (预审) of an application's materials (就近办). */
export const preCheckViewSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'servicePointRegionCode', 'competentRegionCode', 'itemCode', 'conclusion', 'result', 'materials', 'findings', 'checkedBy', 'checkedAt'],
  properties: {
    id: string, applicationId: nullableString, servicePointRegionCode: string, competentRegionCode: string, itemCode: string,
    conclusion: { type: 'string', enum: ['complete', 'incomplete'] }, result: { type: 'string', enum: ['pass', 'attention', 'fail'] },
    materials: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['materialId', 'result'],
        properties: { materialId: string, result: string, original: { type: 'boolean' }, copies: integer, note: string },
      },
    },
    findings: { type: 'array', items: reviewFindingSchema }, note: nullableString, checkedBy: string,
    checkedAt: { type: 'string', format: 'date-time' }, linkedAt: nullableDate,
  },
} as const;
export type PreCheckView = FromSchema<typeof preCheckViewSchema>;

/** A handover of originals from a service point to the competent department, and its receipt. */
export const handoverViewSchema = {
  type: 'object', additionalProperties: false,
  required: ['id', 'applicationId', 'servicePointRegionCode', 'departmentCode', 'regionCode', 'originals', 'method', 'status', 'handedOverBy', 'handedOverAt'],
  properties: {
    id: string, applicationId: string, servicePointRegionCode: string, departmentCode: string, regionCode: string,
    originals: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['materialId', 'copies'],
        properties: { materialId: string, copies: integer, kind: string, note: string },
      },
    },
    method: string, trackingNumber: nullableString, note: nullableString, status: { type: 'string', enum: ['sent', 'received'] },
    handedOverBy: string, handedOverAt: { type: 'string', format: 'date-time' }, receivedBy: nullableString, receivedAt: nullableDate,
    receiptNote: nullableString,
  },
} as const;
export type HandoverView = FromSchema<typeof handoverViewSchema>;

/** Where an application was received and what its service point recorded (就近办). */
export const servicePointViewSchema = {
  type: 'object', additionalProperties: false, required: ['applicationId', 'competentRegionCode', 'departmentCode', 'preChecks', 'handovers'],
  properties: {
    applicationId: string, servicePointRegionCode: nullableString, servicePointName: nullableString, competentRegionCode: string,
    competentRegionName: nullableString, departmentCode: string,
    preChecks: { type: 'array', items: preCheckViewSchema }, handovers: { type: 'array', items: handoverViewSchema },
  },
} as const;
export type ServicePointView = FromSchema<typeof servicePointViewSchema>;

/** Applications a service point received for a higher level. */
export const servicePointApplicationListSchema = {
  type: 'object', additionalProperties: false, required: ['items', 'total'],
  properties: {
    total: integer,
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          id: string, number: string, itemCode: string, itemName: string, applicantName: string, status: string, stage: string, result: nullableString,
          submittedAt: string, servicePointRegionCode: string, regionCode: string, departmentCode: string, preChecked: { type: 'boolean' },
          handover: { type: 'string', enum: ['none', 'sent', 'received'] },
        },
      },
    },
  },
} as const;
export type ServicePointApplicationList = FromSchema<typeof servicePointApplicationListSchema>;

/** Figures of nearby handling per service point. */
export const servicePointFiguresSchema = {
  type: 'object', additionalProperties: false, required: ['regionCode', 'from', 'to', 'items'],
  properties: {
    regionCode: string, from: string, to: string,
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false,
        properties: {
          servicePointRegionCode: string, name: nullableString, received: integer, closed: integer, approved: integer, preChecks: integer,
          preChecksComplete: integer, preChecksLinked: integer, handovers: integer, handoversReceived: integer,
          meanHoursInTransit: { type: ['number', 'null'] },
        },
      },
    },
  },
} as const;
export type ServicePointFigures = FromSchema<typeof servicePointFiguresSchema>;
