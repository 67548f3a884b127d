/**
 * Route schemas of the management API and the change feed. Item documents in drafts are deliberately loose on the
 * way in (`type: object`): a draft may be incomplete, and what is wrong with it is the validation report's job, with
 * a location per problem, rather than a 400.
 */
import { itemCode, regionCode, ITEM_TYPE_VALUES } from '@tongban/schemas';
import { implementationOverridesSchema } from '../catalogue/implementation';
import { patchSchema } from './json-patch';
import { CHANGE_KINDS } from './feed';
import { VERSION_STATUSES } from './store';

export const errorRef = { $ref: 'https://schemas.tongban.dev/v1/error.json#' } as const;
export const errors = { 400: errorRef, 401: errorRef, 403: errorRef, 404: errorRef, 409: errorRef, 422: errorRef } as const;

const reason = { type: 'string', minLength: 1, maxLength: 2000, description: 'Why (recorded in the audit and the change feed)' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const message = {
  type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } },
} as const;
const looseObject = { type: 'object', additionalProperties: true } as const;

export const reasonBody = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason } } as const;
export const codeParams = { type: 'object', additionalProperties: false, required: ['code'], properties: { code: itemCode } } as const;
export const versionParams = {
  type: 'object', additionalProperties: false, required: ['code', 'version'], properties: { code: itemCode, version: { type: 'integer', minimum: 1 } },
} as const;
export const regionParams = {
  type: 'object', additionalProperties: false, required: ['code', 'region'], properties: { code: itemCode, region: regionCode },
} as const;
export const changeSetParams = {
  type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const implementationPolicySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['allowExtraMaterials', 'allowFeeReduction'],
  description: 'What regional implementation lists may do with this version',
  properties: { allowExtraMaterials: { type: 'boolean' }, allowFeeReduction: { type: 'boolean' } },
} as const;

/** A version's content as the designer sends it. */
export const contentProperties = {
  item: { type: 'object', description: 'The item document (schemas/item); checked by the validation report, not here' },
  bpmn: { type: 'string', maxLength: 4_000_000, description: 'BPMN 2.0 XML of the procedure' },
  forms: { type: 'object', additionalProperties: { type: 'object' }, description: 'form-js schemas by form id' },
  implementationPolicy: implementationPolicySchema,
} as const;

export const validateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['item', 'bpmn', 'forms'],
  properties: { ...contentProperties, itemCode: { ...itemCode, description: 'The item being edited (its code must match)' } },
} as const;

export const createItemBody = {
  type: 'object', additionalProperties: false, required: ['item', 'bpmn', 'forms', 'reason'], properties: { ...contentProperties, reason },
} as const;

export const saveDraftBody = {
  type: 'object',
  additionalProperties: false,
  required: ['item', 'bpmn', 'forms'],
  properties: { ...contentProperties, rev: { type: 'integer', minimum: 0, description: 'The revision last read; a different current one is a 409' }, reason },
} as const;

export const openDraftBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { basedOn: { type: 'integer', minimum: 1, description: 'Copy this version (default: the latest published)' }, reason },
} as const;

export const publishBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { effectiveFrom: { ...dateTime, description: 'When new applications start getting it (default: now)' }, reason },
} as const;

const location = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: ['item', 'material', 'form', 'bpmn', 'implementation'] },
    pointer: { type: 'string' },
    materialId: { type: 'string' },
    formId: { type: 'string' },
    fieldKey: { type: 'string' },
    elementId: { type: 'string' },
    elementType: { type: 'string' },
    processId: { type: 'string' },
    property: { type: 'string' },
    regionCode: { type: 'string' },
  },
} as const;

export const reportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'errors', 'warnings', 'problems'],
  properties: {
    ok: { type: 'boolean' },
    errors: { type: 'integer' },
    warnings: { type: 'integer' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['severity', 'code', 'message', 'location', 'path'],
        properties: { severity: { type: 'string', enum: ['error', 'warning'] }, code: { type: 'string' }, message, location, path: { type: 'string' } },
      },
    },
  },
} as const;

const summaryProperties = {
  id: { type: 'integer' },
  itemCode: { type: 'string' },
  version: { type: 'integer' },
  status: { type: 'string', enum: VERSION_STATUSES },
  effectiveFrom: nullableDateTime,
  contentHash: { type: 'string' },
  basedOnVersion: { type: ['integer', 'null'] },
  changeSetId: nullableString,
  rev: { type: 'integer' },
  reason: nullableString,
  createdBy: { type: 'string' },
  createdAt: dateTime,
  updatedBy: nullableString,
  updatedAt: nullableDateTime,
  submittedBy: nullableString,
  submittedAt: nullableDateTime,
  approvedBy: nullableString,
  approvedAt: nullableDateTime,
  publishedBy: nullableString,
  publishedAt: nullableDateTime,
  supersededAt: nullableDateTime,
  withdrawnBy: nullableString,
  withdrawnAt: nullableDateTime,
} as const;

export const versionSummarySchema = {
  type: 'object', additionalProperties: false, required: ['id', 'itemCode', 'version', 'status', 'contentHash'], properties: summaryProperties,
} as const;

export const versionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'itemCode', 'version', 'status', 'contentHash', 'item', 'bpmn', 'forms', 'implementationPolicy'],
  properties: {
    ...summaryProperties,
    item: looseObject,
    bpmn: { type: 'string' },
    forms: looseObject,
    implementationPolicy: implementationPolicySchema,
  },
} as const;

export const savedDraftSchema = {
  type: 'object', additionalProperties: false, required: ['version', 'validation'], properties: { version: versionSchema, validation: reportSchema },
} as const;

export const overviewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'type', 'departmentCode', 'effectiveVersion', 'scheduledVersions', 'openVersion', 'versions'],
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    departmentCode: { type: 'string' },
    effectiveVersion: { type: ['integer', 'null'] },
    scheduledVersions: { type: 'array', items: { type: 'integer' } },
    openVersion: { anyOf: [versionSummarySchema, { type: 'null' }] },
    versions: { type: 'array', items: versionSummarySchema },
  },
} as const;

const collection = {
  type: 'object',
  additionalProperties: false,
  required: ['added', 'removed', 'changed'],
  properties: {
    added: { type: 'array', items: looseObject },
    removed: { type: 'array', items: looseObject },
    changed: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'changes'],
        properties: { id: { type: 'string' }, changes: { type: 'array', items: looseObject } },
      },
    },
  },
} as const;
const counts = {
  type: 'object', additionalProperties: false, required: ['added', 'removed', 'changed'],
  properties: { added: { type: 'integer' }, removed: { type: 'integer' }, changed: { type: 'integer' } },
} as const;
export const diffSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['elements', 'materials', 'forms', 'formFields', 'bpmnElements', 'flows'],
  properties: { elements: { type: 'integer' }, materials: counts, forms: counts, formFields: counts, bpmnElements: counts, flows: counts },
} as const;

export const diffSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'identical', 'summary', 'elements', 'materials', 'forms', 'procedure', 'implementationPolicy'],
  properties: {
    from: { type: 'object', additionalProperties: false, required: ['version', 'status'], properties: { version: { type: 'integer' }, status: { type: 'string' } } },
    to: { type: 'object', additionalProperties: false, required: ['version', 'status'], properties: { version: { type: 'integer' }, status: { type: 'string' } } },
    identical: { type: 'boolean' },
    summary: diffSummarySchema,
    elements: { type: 'array', items: looseObject, description: 'Leaf changes { path, change, before?, after? } of the item elements' },
    materials: collection,
    forms: {
      type: 'object',
      additionalProperties: false,
      required: ['added', 'removed', 'changed'],
      properties: {
        added: { type: 'array', items: looseObject },
        removed: { type: 'array', items: looseObject },
        changed: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'declaration', 'fields', 'otherChanges'],
            properties: { id: { type: 'string' }, declaration: { type: 'array', items: looseObject }, fields: collection, otherChanges: { type: 'boolean' } },
          },
        },
      },
    },
    procedure: {
      type: 'object',
      additionalProperties: false,
      required: ['processId', 'elements', 'flows'],
      properties: { error: { type: 'string' }, processId: { type: 'array', items: looseObject }, elements: collection, flows: collection },
    },
    implementationPolicy: { type: 'array', items: looseObject },
  },
} as const;

export const diffQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: { type: 'string', pattern: '^(?:[1-9][0-9]{0,8}|draft)$', description: 'A version number, or `draft`' },
    to: { type: 'string', pattern: '^(?:[1-9][0-9]{0,8}|draft)$', description: 'A version number, or `draft`' },
  },
} as const;

export const auditSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['entries'],
  properties: {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'itemCode', 'version', 'action', 'actor', 'at', 'reason', 'data'],
        properties: {
          id: { type: 'integer' }, itemCode: { type: 'string' }, version: { type: ['integer', 'null'] }, action: { type: 'string' },
          actor: { type: 'string' }, at: dateTime, reason: nullableString, data: looseObject,
        },
      },
    },
  },
} as const;

export const implementationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['overrides', 'reason'],
  properties: { overrides: implementationOverridesSchema, effectiveFrom: dateTime, reason },
} as const;

export const implementationListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['implementations'],
  properties: {
    implementations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['regionCode', 'level', 'revision', 'status', 'effectiveFrom', 'overrides', 'createdBy', 'createdAt', 'reason'],
        properties: {
          regionCode: { type: 'string' }, level: { type: 'string' }, revision: { type: 'integer' }, status: { type: 'string' }, effectiveFrom: dateTime,
          overrides: looseObject, createdBy: { type: 'string' }, createdAt: dateTime, reason: { type: 'string' }, withdrawnBy: nullableString, withdrawnAt: nullableDateTime,
        },
      },
    },
  },
} as const;

export const migrationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['fromVersion', 'toVersion', 'dryRun', 'reason'],
  properties: {
    fromVersion: { type: 'integer', minimum: 1 },
    toVersion: { type: 'integer', minimum: 1 },
    mapping: { type: 'object', maxProperties: 1000, additionalProperties: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Old element or flow id → new id' },
    applicationIds: { type: 'array', maxItems: 5000, items: { type: 'string', format: 'uuid' } },
    dryRun: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
    reason,
  },
} as const;

const issue = {
  type: 'object', additionalProperties: false, required: ['code', 'elementId', 'message'],
  properties: { code: { type: 'string' }, elementId: { type: 'string' }, message },
} as const;
export const migrationReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['dryRun', 'itemCode', 'fromVersion', 'toVersion', 'candidates', 'migrated', 'refused', 'skipped', 'applications'],
  properties: {
    dryRun: { type: 'boolean' }, itemCode: { type: 'string' }, fromVersion: { type: 'integer' }, toVersion: { type: 'integer' },
    candidates: { type: 'integer' }, migrated: { type: 'integer' }, refused: { type: 'integer' }, skipped: { type: 'integer' }, eventId: { type: 'integer' },
    applications: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['applicationId', 'number', 'outcome', 'moves', 'problems', 'warnings'],
        properties: {
          applicationId: { type: 'string' }, number: { type: 'string' }, outcome: { type: 'string', enum: ['migrated', 'wouldMigrate', 'refused', 'skipped'] },
          moves: {
            type: 'array',
            items: {
              type: 'object', additionalProperties: false, required: ['kind', 'id', 'from', 'to'],
              properties: { kind: { type: 'string' }, id: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
            },
          },
          problems: { type: 'array', items: issue },
          warnings: { type: 'array', items: issue },
        },
      },
    },
  },
} as const;

export const policyListSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['policies'],
  properties: {
    policies: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['itemType', 'fourEyes', 'updatedBy', 'updatedAt', 'reason'],
        properties: { itemType: { type: 'string' }, fourEyes: { type: 'boolean' }, updatedBy: nullableString, updatedAt: nullableDateTime, reason: nullableString },
      },
    },
  },
} as const;
export const policyParams = {
  type: 'object', additionalProperties: false, required: ['type'], properties: { type: { type: 'string', enum: ITEM_TYPE_VALUES } },
} as const;
export const policyBody = {
  type: 'object', additionalProperties: false, required: ['fourEyes', 'reason'], properties: { fourEyes: { type: 'boolean' }, reason },
} as const;

export const changeSetSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'reason', 'status', 'createdBy', 'createdAt', 'items'],
  properties: {
    id: { type: 'string' }, title: { type: 'string' }, reason: { type: 'string' }, status: { type: 'string' }, effectiveFrom: nullableDateTime,
    createdBy: { type: 'string' }, createdAt: dateTime, submittedBy: nullableString, submittedAt: nullableDateTime, approvedBy: nullableString,
    approvedAt: nullableDateTime, publishedBy: nullableString, publishedAt: nullableDateTime,
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['code', 'name', 'version', 'status', 'contentHash'],
        properties: { code: { type: 'string' }, name: { type: 'string' }, version: { type: 'integer' }, status: { type: 'string' }, contentHash: { type: 'string' } },
      },
    },
  },
} as const;
export const createChangeSetBody = {
  type: 'object', additionalProperties: false, required: ['title', 'reason'], properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, reason },
} as const;
export const addItemsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array', minItems: 1, maxItems: 1000,
      items: { type: 'object', additionalProperties: false, required: ['code'], properties: { code: itemCode, patch: patchSchema } },
    },
    reason,
  },
} as const;
export const changeSetItemParams = {
  type: 'object', additionalProperties: false, required: ['id', 'code'], properties: { id: { type: 'string', format: 'uuid' }, code: itemCode },
} as const;
export const changeSetValidationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ok', 'items'],
  properties: {
    ok: { type: 'boolean' },
    items: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, required: ['code', 'version', 'report'], properties: { code: { type: 'string' }, version: { type: 'integer' }, report: reportSchema } },
    },
  },
} as const;

export const changeEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'at', 'actor', 'reason', 'itemCodes', 'changeSetId', 'data'],
  properties: {
    id: { type: 'integer' }, kind: { type: 'string', enum: CHANGE_KINDS }, at: dateTime, actor: { type: 'string' }, reason: { type: 'string' },
    itemCodes: { type: 'array', items: { type: 'string' } }, changeSetId: nullableString, data: looseObject,
  },
} as const;
export const feedQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: { type: 'integer', minimum: 0, description: 'Events after this id (the `next` of the previous page)' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    item: itemCode,
    kind: { type: 'string', enum: CHANGE_KINDS },
  },
} as const;

export const bundleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'exportedAt', 'lastEventId', 'items'],
  properties: {
    format: { type: 'string', const: 'tongban.item-bundle' },
    formatVersion: { type: 'integer', const: 1 },
    exportedAt: dateTime,
    lastEventId: { type: 'integer', minimum: 0 },
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['code', 'versions', 'implementations'],
        properties: {
          code: itemCode,
          versions: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['version', 'status', 'effectiveFrom', 'contentHash', 'item', 'bpmn', 'forms', 'implementationPolicy'],
              properties: {
                version: { type: 'integer', minimum: 1 },
                status: { type: 'string', enum: ['published', 'superseded', 'withdrawn'] },
                effectiveFrom: dateTime,
                contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
                item: looseObject,
                bpmn: { type: 'string' },
                forms: looseObject,
                implementationPolicy: implementationPolicySchema,
                publishedBy: nullableString,
                publishedAt: nullableDateTime,
                reason: nullableString,
              },
            },
          },
          implementations: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['regionCode', 'revision', 'status', 'effectiveFrom', 'overrides', 'reason'],
              properties: {
                regionCode, revision: { type: 'integer', minimum: 1 }, status: { type: 'string', enum: ['active', 'withdrawn'] }, effectiveFrom: dateTime,
                overrides: looseObject, reason: { type: 'string' },
              },
            },
          },
        },
      },
    },
  },
} as const;
export const importBody = {
  type: 'object', additionalProperties: false, required: ['bundle', 'reason'], properties: { bundle: bundleSchema, reason },
} as const;
export const importReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items', 'eventId'],
  properties: {
    eventId: { type: ['integer', 'null'] },
    items: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['code', 'created', 'createdVersions', 'skippedVersions', 'createdImplementations'],
        properties: {
          code: { type: 'string' }, created: { type: 'boolean' }, createdVersions: { type: 'array', items: { type: 'integer' } },
          skippedVersions: { type: 'integer' }, createdImplementations: { type: 'integer' },
        },
      },
    },
  },
} as const;
export const exportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { codes: { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}(?:,[A-Z]{2}[0-9]{8}){0,999}$', description: 'Comma-separated item codes (default: all)' } },
} as const;
