import type { Knex } from 'knex';
import type { Item } from '@tongban/schemas';
import { makeLicenceIdentifier } from '@tongban/examples';
import type { JobHandler } from '../jobs/service';
import type { ApplicationRow } from '../applications/store';
import type { LicenceService, LicenceType } from './service';
import { chinaDate, findLicence, type LicenceRow } from './store';

/** A field of a form-js form, as the data mapping needs it. */
export interface FormField {
  key: string;
  label?: string;
  options?: Map<string, string>;
}

/** The fields (with keys) of a form-js schema, depth first, with their option labels by value. */
export function formFields(form: unknown): Map<string, FormField> {
  const fields = new Map<string, FormField>();
  const walk = (components: unknown) => {
    if (!Array.isArray(components)) return;
    for (const component of components as Array<Record<string, unknown>>) {
      if (typeof component.key === 'string' && !fields.has(component.key)) {
        const values = Array.isArray(component.values) ? (component.values as Array<{ label?: unknown; value?: unknown }>) : [];
        const options = new Map(values.filter((v) => typeof v.label === 'string').map((v) => [String(v.value), v.label as string]));
        fields.set(component.key, {
          key: component.key,
          ...(typeof component.label === 'string' ? { label: component.label } : {}),
          ...(options.size > 0 ? { options } : {}),
        });
      }
      walk(component.components);
    }
  };
  walk((form as { components?: unknown } | undefined)?.components);
  return fields;
}

const HOLDER_NAME_KEYS = new Set(['name', 'holderName', 'operatorName', 'organisationName', 'entityName', 'companyName']);
const HOLDER_ID_KEYS = new Set(['idNumber', 'creditCode', 'holderIdNumber']);

/**
 * The data of a licence to issue, mapped from the application per the type's data schema (docs/licences.md,
 * "Issuance"). For each property of the schema, the first of:
 *
 * 1. `licenceData.<property>`, a process or job variable (a FEEL input mapping on the service task can build it);
 * 2. the form field whose label equals the property's `title` (经营场所 → `premisesAddress`);
 * 3. the process variable of the same name;
 * 4. the applicant's name or identifier, for the holder's name and number properties.
 *
 * A value from a form field with options becomes its option label (forms keep codes, licences print words); a
 * list becomes its labels joined with "、" when the schema wants a string; numeric text becomes a number when the
 * schema wants one. The caller validates the result against the schema.
 */
export function mapLicenceData(
  schema: LicenceType['document']['dataSchema'],
  sources: { variables: Record<string, unknown>; fields: Map<string, FormField>; applicant: { name: string; idNumber: string } },
): Record<string, unknown> {
  const explicit = (sources.variables.licenceData ?? {}) as Record<string, unknown>;
  const byLabel = new Map<string, FormField>();
  for (const field of sources.fields.values()) if (field.label && !byLabel.has(field.label)) byLabel.set(field.label, field);
  const data: Record<string, unknown> = {};
  for (const [property, definition] of Object.entries(schema.properties)) {
    const title = typeof definition.title === 'string' ? definition.title : undefined;
    let value: unknown = explicit[property];
    let field: FormField | undefined;
    if (value === undefined && title) {
      const labelled = byLabel.get(title);
      if (labelled && sources.variables[labelled.key] !== undefined) {
        field = labelled;
        value = sources.variables[labelled.key];
      }
    }
    if (value === undefined && sources.variables[property] !== undefined) {
      value = sources.variables[property];
      field = sources.fields.get(property);
    }
    if (value === undefined && HOLDER_NAME_KEYS.has(property)) value = sources.applicant.name;
    if (value === undefined && HOLDER_ID_KEYS.has(property)) value = sources.applicant.idNumber;
    if (value === undefined || value === null || value === '') continue;
    const label = (v: unknown) => (field?.options?.get(String(v)) ?? v);
    if (Array.isArray(value)) value = definition.type === 'string' ? value.map(label).join('、') : value.map(label);
    else if (field?.options && typeof value !== 'object') {
      const enumValues = Array.isArray(definition.enum) ? definition.enum : undefined;
      if (!enumValues || !enumValues.includes(value)) value = label(value);
    }
    if ((definition.type === 'integer' || definition.type === 'number') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
      value = Number(value);
    }
    data[property] = value;
  }
  return data;
}

/** Adds whole years to a `YYYY-MM-DD` day and steps back one day: the last day of a term that starts on `day`. */
export function termEnd(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February plus whole years lands on 1 March in common years; the term still ends the day before.
  if (end.getUTCMonth() !== m - 1) end.setUTCDate(0);
  else end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * Issues the licence an approved application earns, in the job's transaction: data mapped from the application,
 * identifier from the issuer's credit code and the serial sequence, signed with the issuer's active key. A
 * retried job finds the licence it already issued (`licence_application_idx`) and answers it again.
 */
export async function issueLicence(
  service: LicenceService,
  trx: Knex.Transaction,
  application: ApplicationRow,
  options: { typeCode?: string; jobVariables?: Record<string, unknown>; now: Date; actor: string },
): Promise<LicenceRow> {
  const version = (await trx('item_version').where({ id: application.item_version_id }).first('document', 'forms')) as { document: unknown; forms: unknown };
  const item = parse<Item>(version.document);
  const typeCode = options.typeCode ?? item.licenceIssued?.licenceTypeCode;
  if (!typeCode) throw new Error(`item ${item.code} declares no licence to issue (licenceIssued.licenceTypeCode)`);
  const existing = (await trx('licence').where({ application_id: application.id, type_code: typeCode }).first('identifier')) as { identifier: string } | undefined;
  if (existing) return (await findLicence(trx, existing.identifier))!;

  const type = (await service.licenceTypes()).get(typeCode);
  if (!type) throw new Error(`licence type ${typeCode} does not exist`);
  if (type.holder_kind !== application.applicant_kind) {
    throw new Error(`licence type ${typeCode} is held by a ${type.holder_kind}, the applicant is a ${application.applicant_kind}`);
  }
  const department = (await trx('department').where({ code: application.department_code }).first('name', 'credit_code')) as { name: string; credit_code: string | null } | undefined;
  if (!department?.credit_code) throw new Error(`department ${application.department_code} has no unified social credit code to issue licences under`);

  const forms = parse<Record<string, unknown>>(version.forms);
  const applicationForm = item.forms.find((form) => form.purpose === 'application');
  const variables = {
    ...((application.state.variables?.[application.state.rootKey] ?? {}) as Record<string, unknown>),
    ...(options.jobVariables ?? {}),
  };
  const data = mapLicenceData(type.document.dataSchema, {
    variables,
    fields: formFields(applicationForm ? forms[applicationForm.id] : undefined),
    applicant: { name: application.applicant_name, idNumber: application.applicant_id_number },
  });
  if (!type.validateData(data)) {
    const problems = (type.validateData.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`).join('; ');
    throw new Error(`the data of licence type ${typeCode} cannot be built from application ${application.number}: ${problems}`);
  }

  const issuedOn = chinaDate(options.now);
  const years = item.licenceIssued?.validityYears ?? (type.document.validity.kind === 'fixed-term' ? type.document.validity.years : undefined);
  const serial = ((await trx.raw("SELECT nextval('licence_issue_serial_seq')::text AS serial")) as { rows: Array<{ serial: string }> }).rows[0]!.serial;
  const row: Omit<LicenceRow, 'created_at' | 'status_changed_at' | 'signed_at'> = {
    identifier: makeLicenceIdentifier({ typeCode, issuerCreditCode: department.credit_code, serial }),
    type_code: typeCode,
    number: null,
    holder_kind: type.holder_kind,
    holder_id_number: application.applicant_id_number,
    holder_name: application.applicant_name,
    issuer_name: department.name,
    issuer_credit_code: department.credit_code,
    issuer_department_code: application.department_code,
    issued_on: issuedOn,
    valid_from: issuedOn,
    valid_until: years ? termEnd(issuedOn, years) : null,
    status: 'valid',
    data,
    digest: null,
    signature: null,
    key_id: null,
    source: 'issued',
    import_id: null,
    application_id: application.id,
  };
  await trx('licence').insert({ ...row, data: JSON.stringify(data), created_at: options.now });
  const signed = await service.sign(trx, { ...row, created_at: options.now, status_changed_at: null, signed_at: null });
  await trx('licence_event').insert({ identifier: row.identifier, action: 'issued', to_status: 'valid', reason: `办件 ${application.number}`, actor: options.actor, at: options.now });
  return signed;
}

/** The `tongban.licence-issue` job handler: issues the licence and answers `{ licenceId }` to the process. */
export function licenceIssueHandler(service: LicenceService): JobHandler {
  return async ({ trx, job, application, now }) => {
    const licence = await issueLicence(service, trx, application, {
      ...(job.headers.licenceTypeCode ? { typeCode: job.headers.licenceTypeCode } : {}),
      jobVariables: job.variables ?? {},
      now,
      actor: `system:${job.job_type ?? 'tongban.licence-issue'}`,
    });
    return { licenceId: licence.identifier, licenceValidUntil: licence.valid_until };
  };
}
