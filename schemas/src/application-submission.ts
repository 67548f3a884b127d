import type { FromSchema } from 'json-schema-to-ts';
import {
  channel, creditCode, identifier, itemCode, name, phone, regionCode, residentIdNumber, schemaVersionProperty,
  sha256, text,
} from './common';
import { JSON_SCHEMA_DIALECT, SCHEMA_BASE } from './version';

const person = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'idNumber'],
  properties: {
    kind: { type: 'string', const: 'person' },
    name,
    idNumber: residentIdNumber,
    phone,
    address: text(300),
  },
} as const;

const organisation = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'name', 'creditCode'],
  properties: {
    kind: { type: 'string', const: 'organisation' },
    name,
    creditCode,
    legalRepresentative: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber'],
      properties: { name, idNumber: residentIdNumber },
    },
    phone,
    address: text(300),
  },
} as const;

/** An applicant: a person by resident ID number or an organisation by unified social credit code. */
export const applicantBody = {
  type: 'object',
  required: ['kind'],
  discriminator: { propertyName: 'kind' },
  oneOf: [person, organisation],
} as const;

const fileReference = {
  type: 'object',
  additionalProperties: false,
  required: ['fileId'],
  properties: {
    fileId: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'The sha256 of an uploaded file' },
    name: text(255),
    mediaType: { type: 'string', pattern: '^[a-z]+/[a-zA-Z0-9.+-]+$', maxLength: 100 },
    size: { type: 'integer', minimum: 0 },
    sha256,
  },
} as const;

/** A material as submitted: uploaded files, or a reused licence with the applicant's consent. */
export const submittedMaterialBody = {
  type: 'object',
  additionalProperties: false,
  required: ['materialId'],
  properties: {
    materialId: identifier,
    files: { type: 'array', items: fileReference, maxItems: 50 },
    licenceId: { type: 'string', minLength: 1, maxLength: 200 },
    consent: { type: 'boolean', description: 'The applicant consents to the licence being used for this application' },
  },
} as const;

/**
 * An application submission (申请): what a portal, a window clerk or a mobile app posts to start an
 * application for an item in a region.
 */
export const applicationSubmissionSchema = {
  $schema: JSON_SCHEMA_DIALECT,
  $id: `${SCHEMA_BASE}application-submission.json`,
  title: 'Application submission (办件申请)',
  type: 'object',
  additionalProperties: false,
  required: ['itemCode', 'regionCode', 'applicant', 'formData', 'channel'],
  properties: {
    schemaVersion: schemaVersionProperty,
    itemCode,
    regionCode: { ...regionCode, description: 'The region whose implementation handles the application' },
    servicePointRegionCode: { ...regionCode, description: 'Where it was received, for nearby handling (就近办)' },
    channel,
    applicant: applicantBody,
    agent: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber'],
      properties: { name, idNumber: residentIdNumber, phone },
      description: 'A person applying on the applicant’s behalf (帮代办)',
    },
    formData: { type: 'object', maxProperties: 500 },
    materials: { type: 'array', items: submittedMaterialBody, maxItems: 200 },
    remarks: text(2000),
  },
} as const;

export type ApplicationSubmission = FromSchema<typeof applicationSubmissionSchema>;
export type Applicant = FromSchema<typeof applicantBody>;
export type SubmittedMaterial = FromSchema<typeof submittedMaterialBody>;
