import type { FromSchema } from 'json-schema-to-ts';
import {
  channel, creditCode, date, departmentCode, feelExpression, identifier, itemCode, level, name, phone, regionCode,
  schemaVersionProperty, text, workingDays,
} from './common';
import { materialBody } from './material';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

/** Item types of the national catalogue (事项类型); `code` is the prefix of the basic item code. */
export const ITEM_TYPE_VALUES = [
  'licensing', 'penalty', 'enforcement', 'levy', 'benefit', 'inspection', 'confirmation', 'reward',
  'adjudication', 'other-power', 'public-service',
] as const;

/** Who can apply for an item (服务对象). */
export const SERVICE_OBJECT_VALUES = ['person', 'organisation'] as const;

/** Kinds of suspension of the legal clock an item may declare (Administrative Licensing Law Art. 45). */
export const SUSPENSION_KIND_VALUES = ['hearing', 'testing', 'inspection', 'quarantine', 'expert-review', 'tender', 'auction'] as const;

const window = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'address'],
  properties: {
    name: name,
    address: text(300),
    regionCode,
    phone,
    hours: text(200),
  },
} as const;

/** Severities of a review finding: an error fails the review, a warning needs a clerk's attention, info is noted. */
export const REVIEW_SEVERITY_VALUES = ['error', 'warning', 'info'] as const;

/** Events a proactive offer can be triggered by (docs/collaboration.md, "Proactive service"). */
export const PROACTIVE_EVENT_VALUES = ['licenceIssued', 'applicationClosed', 'archiveCaseClosed'] as const;

const localizedMessage = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: { zh: text(500), en: text(500) },
} as const;

/** Target field → value: FEEL (`=…`) over the source's variables, or a constant string. */
const feelMapping = {
  type: 'object',
  maxProperties: 200,
  propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 4000 },
} as const;

/** Materials of the offered application prefilled with a licence: FEEL giving the licence identifier. */
const licenceMaterials = {
  type: 'array',
  maxItems: 50,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['materialId', 'licence'],
    properties: { materialId: identifier, licence: feelExpression },
  },
} as const;

const offerDays = { type: 'integer', minimum: 1, maximum: 365, description: 'Days the offer stays open (default 30)' } as const;

/**
 * Item-specific checks of the review assistant (智能审核辅助): `check` must be true for the rule to pass; `when`
 * limits the rule to the applications it applies to. FEEL over the form data, `applicant`, `materials` (ids given)
 * and `licences` (reused licences by material id).
 */
const reviewRule = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'severity', 'check', 'message'],
  properties: {
    id: identifier,
    severity: { type: 'string', enum: REVIEW_SEVERITY_VALUES },
    when: feelExpression,
    check: feelExpression,
    message: localizedMessage,
    basis: text(300),
  },
} as const;

/**
 * A follow-on service (全生命周期 / 一件事) this item starts for the same applicant when a `tongban.follow-on` task
 * names it: the offered item, when it applies, and how the closed application's variables map to its form and
 * materials. The applicant confirms (or declines) the prefilled application before it is submitted.
 */
const followOn = {
  type: 'object',
  additionalProperties: false,
  required: ['itemCode'],
  properties: {
    itemCode,
    when: feelExpression,
    formData: feelMapping,
    materials: licenceMaterials,
    expiresInDays: offerDays,
    message: localizedMessage,
  },
} as const;

/**
 * A proactive offer (主动服务) of this item: an event, an eligibility rule in FEEL over the event (`holder`,
 * `licence`, `application`, `case`), and the prefilled form and materials of the offered application.
 */
const proactiveOffer = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'trigger', 'eligibility'],
  properties: {
    id: identifier,
    trigger: {
      type: 'object',
      additionalProperties: false,
      required: ['event'],
      properties: {
        event: { type: 'string', enum: PROACTIVE_EVENT_VALUES },
        licenceTypeCode: { type: 'string', pattern: '^[0-9A-Z]{18}[0-9]{3}$' },
        itemCode,
        result: { type: 'string', pattern: '^[a-z][a-z-]{0,31}$' },
      },
    },
    eligibility: feelExpression,
    formData: feelMapping,
    materials: licenceMaterials,
    expiresInDays: offerDays,
    message: localizedMessage,
  },
} as const;

/**
 * The item standard (事项): the national implementation-list elements of one service item, its material
 * checklist and references to its procedure (BPMN) and forms (form-js). Cross-field rules JSON Schema cannot
 * express (committed <= legal time limit, …) live in `item-rules.ts` beside this file.
 */
export const itemSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}item.json`,
  title: 'Item standard (政务服务事项)',
  type: 'object',
  additionalProperties: false,
  required: [
    'schemaVersion', 'code', 'name', 'type', 'subCategoryCode', 'implementingDepartment', 'levels', 'serviceObjects',
    'legalBasis', 'legalTimeLimitDays', 'committedTimeLimitDays', 'fees', 'channels', 'visitsRequired', 'contact',
    'materials', 'procedure', 'forms',
  ],
  properties: {
    schemaVersion: schemaVersionProperty,
    code: itemCode,
    name: text(200),
    shortName: text(60),
    type: { type: 'string', enum: ITEM_TYPE_VALUES },
    subCategoryCode: identifier,
    implementingDepartment: departmentCode,
    implementingDepartmentCreditCode: creditCode,
    jointDepartments: { type: 'array', items: departmentCode, uniqueItems: true },
    levels: { type: 'array', items: level, minItems: 1, uniqueItems: true },
    serviceObjects: {
      type: 'array',
      items: { type: 'string', enum: SERVICE_OBJECT_VALUES },
      minItems: 1,
      uniqueItems: true,
    },
    description: text(4000),
    conditions: text(4000),
    legalBasis: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['title'],
        properties: {
          title: text(200),
          article: text(100),
          text: text(4000),
        },
      },
    },
    legalTimeLimitDays: { ...workingDays, description: '法定办结时限 in working days' },
    committedTimeLimitDays: { ...workingDays, description: '承诺办结时限 in working days, <= legal' },
    acceptanceTimeLimitDays: {
      ...workingDays,
      description: 'Days to decide acceptance; past it the application counts as accepted (Art. 32; 5 by law)',
    },
    stageTimeLimitsDays: {
      type: 'object',
      additionalProperties: false,
      description: 'Time limit of each stage in working days, where the item sets one',
      properties: {
        accept: workingDays, review: workingDays, decide: workingDays, close: workingDays, deliver: workingDays,
      },
    },
    suspensionKinds: {
      type: 'array',
      items: { type: 'string', enum: SUSPENSION_KIND_VALUES },
      uniqueItems: true,
    },
    fees: {
      type: 'object',
      additionalProperties: false,
      required: ['charged'],
      properties: {
        charged: { type: 'boolean' },
        items: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'amountYuan'],
            properties: {
              name: text(200),
              amountYuan: { type: 'number', minimum: 0, maximum: 100000000 },
              basis: text(1000),
            },
          },
        },
      },
    },
    channels: { type: 'array', items: channel, minItems: 1, uniqueItems: true },
    visitsRequired: { type: 'integer', minimum: 0, maximum: 10, description: '最多跑动次数' },
    onlineDepth: { type: 'integer', minimum: 0, maximum: 4, description: '网办深度 0–4' },
    windows: { type: 'array', items: window },
    contact: {
      type: 'object',
      additionalProperties: false,
      required: ['phone'],
      properties: {
        phone,
        complaintPhone: phone,
        address: text(300),
        email: { type: 'string', format: 'email' },
      },
    },
    materials: { type: 'array', items: materialBody },
    procedure: {
      type: 'object',
      additionalProperties: false,
      required: ['processId', 'resource'],
      properties: {
        processId: identifier,
        resource: { type: 'string', minLength: 1, maxLength: 300, description: 'The BPMN file of the procedure' },
      },
    },
    forms: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'purpose', 'resource'],
        properties: {
          id: identifier,
          purpose: { type: 'string', enum: ['application', 'task'] },
          resource: { type: 'string', minLength: 1, maxLength: 300, description: 'The form-js JSON file' },
        },
      },
    },
    licenceIssued: {
      type: 'object',
      additionalProperties: false,
      required: ['licenceTypeCode'],
      properties: {
        licenceTypeCode: { type: 'string', pattern: '^[0-9A-Z]{18}[0-9]{3}$' },
        validityYears: { type: 'integer', minimum: 1, maximum: 100 },
      },
    },
    effectiveFrom: date,
    tags: { type: 'array', items: text(40), uniqueItems: true },
    reviewRules: { type: 'array', items: reviewRule, maxItems: 100 },
    followOn: { type: 'array', items: followOn, maxItems: 20 },
    proactiveOffers: { type: 'array', items: proactiveOffer, maxItems: 20 },
  },
} as const;

/** An item standard document. */
export type Item = FromSchema<typeof itemSchema>;
