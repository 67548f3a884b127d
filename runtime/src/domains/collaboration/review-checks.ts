import { evaluateChecklist, type SubmittedMaterial } from '@tongban/forms';
import { maskResidentId, validateCreditCode, validateResidentId } from '@tongban/gov-codes';
import type { Item } from '@tongban/schemas';
import { evaluateValue } from './feel';

/** How much a finding weighs: an error fails the review, a warning needs attention, info is only noted. */
export type Severity = 'error' | 'warning' | 'info';

/** The review's suggestion: pass (every check passed), needs attention (warnings), fail (errors). */
export type ReviewResult = 'pass' | 'attention' | 'fail';

/** One finding of the review assistant: which rule, how serious, what it says and the evidence it rests on. */
export interface Finding {
  /** Stable id of the rule: `checklist.required`, `licence.name`, `item.<id>`, `model.<id>` … */
  ruleId: string;
  severity: Severity;
  message: { zh: string; en: string };
  /** What the rule saw (field, values compared, licence identifier …); identifiers of persons are masked. */
  evidence: Record<string, unknown>;
  /** Where the rule comes from: the platform's rules, the item's own rules, or the external model. */
  source: 'rules' | 'item' | 'model';
  materialId?: string;
  field?: string;
}

/** A submitted material row as the review reads it (the newest round of each material). */
export interface ReviewMaterial {
  materialId: string;
  kind: 'file' | 'licence';
  fileId?: string | null;
  fileName?: string | null;
  /** What the applicant declared. */
  mediaType?: string | null;
  size?: number | null;
  licenceId?: string | null;
  round: number;
}

/** A reused licence as the review reads it, status as of the review day. */
export interface ReviewLicence {
  identifier: string;
  typeCode: string;
  typeName: string;
  holderKind: string;
  holderIdNumber: string;
  holderName: string;
  status: 'valid' | 'suspended' | 'revoked' | 'expired';
  validFrom: string | null;
  validUntil: string | null;
  data: Record<string, unknown>;
}

/** Everything the checks look at; built from the database by the review service. */
export interface ReviewSubject {
  item: Item;
  formData: Record<string, unknown>;
  applicant: { kind: string; name: string; idNumber: string; legalRepresentative?: { name: string; idNumber: string } };
  materials: ReviewMaterial[];
  /** Stored files by sha256: what was really uploaded. */
  files: ReadonlyMap<string, { size: number; mediaType: string }>;
  licences: ReadonlyMap<string, ReviewLicence>;
  now: Date;
  /** The review day, `YYYY-MM-DD` in China Standard Time. */
  today: string;
  licenceExpiryWarningDays: number;
}

const finding = (ruleId: string, severity: Severity, message: { zh: string; en: string }, evidence: Record<string, unknown>, extra: Partial<Finding> = {}): Finding =>
  ({ ruleId, severity, message, evidence, source: 'rules', ...extra });

/** Masks a value that looks like a resident ID (credit codes are public). */
const maskId = (value: string) => (/^\d{17}[\dX]$/.test(value) ? maskResidentId(value) : value);

/** Text compared for consistency: NFKC (full-width → half-width), no white space, upper case. */
export function normaliseText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The newest round of each material (supplementation adds rounds). */
export function latestMaterials(rows: readonly ReviewMaterial[]): ReviewMaterial[] {
  const newest = new Map<string, number>();
  for (const row of rows) newest.set(row.materialId, Math.max(newest.get(row.materialId) ?? -1, row.round));
  return rows.filter((row) => row.round === newest.get(row.materialId));
}

/**
 * Completeness, formats and sizes against the checklist (@tongban/forms), judged on what was really stored: the
 * stored size and media type replace what the applicant declared.
 */
export function checkCompleteness(subject: ReviewSubject): Finding[] {
  const byMaterial = new Map<string, SubmittedMaterial>();
  for (const row of latestMaterials(subject.materials)) {
    const entry = byMaterial.get(row.materialId) ?? { materialId: row.materialId };
    if (row.kind === 'licence' && row.licenceId) {
      entry.licenceId = row.licenceId;
      entry.consent = true;
    } else if (row.fileId) {
      const stored = subject.files.get(row.fileId);
      entry.files = [...(entry.files ?? []), {
        fileId: row.fileId,
        ...(row.fileName ? { name: row.fileName } : {}),
        ...(stored ? { mediaType: stored.mediaType, size: stored.size } : {}),
      }];
    }
    byMaterial.set(row.materialId, entry);
  }
  const result = evaluateChecklist(subject.item.materials, subject.formData, [...byMaterial.values()], {
    now: subject.now, context: { applicant: subject.applicant },
  });
  return result.errors.map((error) => finding(
    `checklist.${error.code.replace(/^TB_MATERIAL_/, '').toLowerCase().replace(/_/g, '-')}`,
    'error',
    error.message,
    { code: error.code, ...(error.params ?? {}) },
    error.materialId ? { materialId: error.materialId } : {},
  ));
}

/** Files that are missing from storage, empty, or not what the applicant declared (size, media type). */
export function checkFiles(subject: ReviewSubject): Finding[] {
  const findings: Finding[] = [];
  for (const row of latestMaterials(subject.materials)) {
    if (row.kind !== 'file' || !row.fileId) continue;
    const stored = subject.files.get(row.fileId);
    const evidence = { fileId: row.fileId, fileName: row.fileName ?? null };
    if (!stored) {
      findings.push(finding('file.missing', 'error', { zh: `材料 ${row.materialId} 的文件未找到`, en: `The file of material ${row.materialId} is missing` }, evidence, { materialId: row.materialId }));
      continue;
    }
    if (stored.size === 0) {
      findings.push(finding('file.empty', 'error', { zh: `材料 ${row.materialId} 的文件为空`, en: `The file of material ${row.materialId} is empty` }, evidence, { materialId: row.materialId }));
    }
    if (typeof row.size === 'number' && row.size !== stored.size) {
      findings.push(finding('file.declared-size', 'warning', {
        zh: `材料 ${row.materialId} 申报的文件大小（${row.size} 字节）与实际上传（${stored.size} 字节）不符`,
        en: `Material ${row.materialId}: the declared size (${row.size} bytes) differs from the stored file (${stored.size} bytes)`,
      }, { ...evidence, declared: row.size, stored: stored.size }, { materialId: row.materialId }));
    }
    if (row.mediaType && row.mediaType.toLowerCase() !== stored.mediaType.toLowerCase()) {
      findings.push(finding('file.declared-type', 'warning', {
        zh: `材料 ${row.materialId} 申报的文件类型（${row.mediaType}）与实际文件（${stored.mediaType}）不符`,
        en: `Material ${row.materialId}: the declared type (${row.mediaType}) differs from the stored file (${stored.mediaType})`,
      }, { ...evidence, declared: row.mediaType, stored: stored.mediaType }, { materialId: row.materialId }));
    }
  }
  return findings;
}

const ID_FIELD = /idnumber$/i;
const CREDIT_FIELD = /creditcode$/i;

/** Every string field of the form data whose key names an identifier, nested lists included, with its JSON pointer. */
function identifierFields(data: unknown, pointer = ''): Array<{ path: string; key: string; value: string }> {
  if (Array.isArray(data)) return data.flatMap((entry, index) => identifierFields(entry, `${pointer}/${index}`));
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>).flatMap(([key, value]) => {
    if (typeof value === 'string' && value !== '' && (ID_FIELD.test(key) || CREDIT_FIELD.test(key))) return [{ path: `${pointer}/${key}`, key, value }];
    return typeof value === 'object' && value !== null ? identifierFields(value, `${pointer}/${key}`) : [];
  });
}

const firstString = (data: Record<string, unknown>, keys: readonly string[]) => {
  for (const key of keys) {
    const value = data[key];
    if (typeof value === 'string' && value.trim() !== '') return { key, value };
  }
  return undefined;
};

const NAME_FIELDS = ['organisationName', 'companyName', 'operatorName', 'unitName', 'applicantName', 'name'] as const;
const APPLICANT_ID_FIELDS = ['creditCode', 'applicantIdNumber', 'idNumber'] as const;

/**
 * Check digits (GB 11643, GB 32100) of the applicant, the legal representative and every ID-like form field, and
 * whether the form names the same applicant as the submission.
 */
export function checkIdentifiers(subject: ReviewSubject): Finding[] {
  const findings: Finding[] = [];
  const { applicant } = subject;
  const check = (value: string, credit: boolean) => (credit ? validateCreditCode(value) : validateResidentId(value, { today: subject.today }));
  const applicantCheck = check(applicant.idNumber, applicant.kind === 'organisation');
  if (!applicantCheck.ok) {
    findings.push(finding('identity.applicant', 'error', { zh: `申请人证件号码无效：${applicantCheck.message.zh}`, en: `The applicant's identifier is invalid: ${applicantCheck.message.en}` },
      { value: maskId(applicant.idNumber), code: applicantCheck.code }));
  }
  for (const field of identifierFields(subject.formData)) {
    const result = check(field.value, CREDIT_FIELD.test(field.key));
    if (!result.ok) {
      findings.push(finding('identity.field', 'error', {
        zh: `表单字段 ${field.path} 的证件号码校验不通过：${result.message.zh}`,
        en: `The identifier in form field ${field.path} fails its check: ${result.message.en}`,
      }, { value: maskId(field.value), code: result.code }, { field: field.path }));
    }
  }
  const formId = firstString(subject.formData, APPLICANT_ID_FIELDS);
  if (formId && normaliseText(formId.value) !== normaliseText(applicant.idNumber) && (applicant.kind === 'organisation') === CREDIT_FIELD.test(formId.key)) {
    findings.push(finding('identity.applicant-mismatch', 'warning', {
      zh: `表单中的证件号码与申请人不一致`, en: 'The identifier in the form is not the applicant’s',
    }, { field: formId.key, formValue: maskId(formId.value), applicantValue: maskId(applicant.idNumber) }, { field: `/${formId.key}` }));
  }
  const formName = firstString(subject.formData, applicant.kind === 'organisation' ? NAME_FIELDS.slice(0, 4) : ['applicantName', 'name']);
  if (formName && normaliseText(formName.value) !== normaliseText(applicant.name)) {
    findings.push(finding('identity.name-mismatch', 'warning', {
      zh: `表单中的名称“${formName.value}”与申请人“${applicant.name}”不一致`, en: `The name in the form ("${formName.value}") is not the applicant's ("${applicant.name}")`,
    }, { field: formName.key, formValue: formName.value, applicantValue: applicant.name }, { field: `/${formName.key}` }));
  }
  return findings;
}

/** Form fields and licence data fields that must agree, by what they mean. */
const CONSISTENCY = [
  { rule: 'licence.name', label: { zh: '名称', en: 'name' }, licenceKeys: ['name', 'operatorName', 'unitName', 'organisationName', 'holderName'], formKeys: NAME_FIELDS },
  { rule: 'licence.id-number', label: { zh: '证件号码', en: 'identifier' }, licenceKeys: ['creditCode', 'idNumber'], formKeys: APPLICANT_ID_FIELDS },
  { rule: 'licence.address', label: { zh: '地址', en: 'address' }, licenceKeys: ['address'], formKeys: ['address', 'applicantAddress', 'companyAddress', 'residenceAddress', 'householdAddress'] },
  { rule: 'licence.legal-representative', label: { zh: '法定代表人', en: 'legal representative' }, licenceKeys: ['legalRepresentative'], formKeys: ['legalRepresentative', 'legalRepresentativeName'] },
] as const;

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Reused licences: valid as of the review day (not expired, revoked, suspended or not yet in force; soon expiring is
 * a warning), held by the applicant (or, for a person's licence, the organisation's legal representative), and
 * consistent with the form: name, identifier, address and legal representative.
 */
export function checkLicences(subject: ReviewSubject): Finding[] {
  const findings: Finding[] = [];
  const { applicant } = subject;
  for (const row of latestMaterials(subject.materials)) {
    if (row.kind !== 'licence' || !row.licenceId) continue;
    const licence = subject.licences.get(row.licenceId);
    const base = { licence: row.licenceId };
    const at = { materialId: row.materialId };
    if (!licence) {
      findings.push(finding('licence.missing', 'error', { zh: `材料 ${row.materialId} 引用的电子证照不存在`, en: `The licence reused for material ${row.materialId} does not exist` }, base, at));
      continue;
    }
    const evidence = { ...base, type: licence.typeName, validUntil: licence.validUntil };
    if (licence.status !== 'valid') {
      const words = { expired: ['已过期', 'has expired'], revoked: ['已被撤销', 'has been revoked'], suspended: ['已被暂扣', 'is suspended'] }[licence.status];
      findings.push(finding(`licence.${licence.status}`, 'error', { zh: `${licence.typeName}${words[0]}`, en: `The ${licence.typeName} ${words[1]}` }, evidence, at));
    } else if (licence.validFrom && licence.validFrom > subject.today) {
      findings.push(finding('licence.not-in-force', 'error', { zh: `${licence.typeName}自 ${licence.validFrom} 起生效，尚未生效`, en: `The ${licence.typeName} is in force only from ${licence.validFrom}` }, evidence, at));
    } else if (licence.validUntil && licence.validUntil <= addDays(subject.today, subject.licenceExpiryWarningDays)) {
      findings.push(finding('licence.expiring', 'warning', {
        zh: `${licence.typeName}将于 ${licence.validUntil} 到期，可能早于办结`, en: `The ${licence.typeName} expires on ${licence.validUntil}, possibly before the case closes`,
      }, evidence, at));
    }
    const heldByApplicant = licence.holderIdNumber === applicant.idNumber;
    const heldByRepresentative = applicant.legalRepresentative !== undefined && licence.holderIdNumber === applicant.legalRepresentative.idNumber;
    if (!heldByApplicant && !heldByRepresentative) {
      findings.push(finding('licence.holder', 'error', { zh: `${licence.typeName}的持证人不是申请人`, en: `The ${licence.typeName} is not held by the applicant` },
        { ...evidence, holder: maskId(licence.holderIdNumber) }, at));
      continue;
    }
    if (heldByRepresentative && !heldByApplicant) {
      const formName = firstString(subject.formData, ['legalRepresentative', 'legalRepresentativeName']);
      if (formName && normaliseText(formName.value) !== normaliseText(licence.holderName)) {
        findings.push(finding('licence.legal-representative', 'warning', {
          zh: `表单中的法定代表人“${formName.value}”与${licence.typeName}持证人“${licence.holderName}”不一致`,
          en: `The legal representative in the form ("${formName.value}") differs from the holder of the ${licence.typeName} ("${licence.holderName}")`,
        }, { ...evidence, field: formName.key, formValue: formName.value, licenceValue: licence.holderName }, { ...at, field: `/${formName.key}` }));
      }
      continue;
    }
    for (const pair of CONSISTENCY) {
      const inLicence = firstString(licence.data, pair.licenceKeys);
      const inForm = firstString(subject.formData, pair.formKeys);
      if (!inLicence || !inForm || normaliseText(inLicence.value) === normaliseText(inForm.value)) continue;
      findings.push(finding(pair.rule, 'warning', {
        zh: `表单中的${pair.label.zh}“${maskId(inForm.value)}”与${licence.typeName}记载的“${maskId(inLicence.value)}”不一致`,
        en: `The ${pair.label.en} in the form ("${maskId(inForm.value)}") differs from the ${licence.typeName} ("${maskId(inLicence.value)}")`,
      }, { ...evidence, field: inForm.key, formValue: maskId(inForm.value), licenceField: inLicence.key, licenceValue: maskId(inLicence.value) }, { ...at, field: `/${inForm.key}` }));
    }
  }
  return findings;
}

/** The variables item rules (FEEL) read: the form data, `applicant`, `materials` (ids given) and `licences` by material id. */
export function ruleContext(subject: ReviewSubject): Record<string, unknown> {
  const materials = latestMaterials(subject.materials);
  const licences: Record<string, unknown> = {};
  for (const row of materials) {
    const licence = row.licenceId ? subject.licences.get(row.licenceId) : undefined;
    if (licence) {
      licences[row.materialId] = {
        identifier: licence.identifier, typeCode: licence.typeCode, holderName: licence.holderName, holderIdNumber: licence.holderIdNumber,
        status: licence.status, validUntil: licence.validUntil, data: licence.data,
      };
    }
  }
  return { ...subject.formData, applicant: subject.applicant, materials: [...new Set(materials.map((row) => row.materialId))], licences };
}

/**
 * The item's own rules (`reviewRules`, FEEL): a rule whose `when` is not true is skipped; `check` must be true. A
 * rule that cannot be evaluated is reported for attention, never silently passed.
 */
export function checkItemRules(subject: ReviewSubject): Finding[] {
  const findings: Finding[] = [];
  const context = ruleContext(subject);
  for (const rule of subject.item.reviewRules ?? []) {
    const applies = rule.when ? evaluateValue(rule.when, context, subject.now) : { ok: true as const, value: true };
    const outcome = applies.ok && applies.value === true ? evaluateValue(rule.check, context, subject.now) : applies;
    if (!outcome.ok) {
      findings.push(finding(`item.${rule.id}`, 'warning', {
        zh: `事项审核规则“${rule.id}”无法执行，请人工核对：${rule.message.zh}`, en: `Review rule ${rule.id} could not be evaluated; check by hand: ${rule.message.en}`,
      }, { rule: rule.id, error: outcome.message }, { source: 'item' }));
      continue;
    }
    if (!(applies.ok && applies.value === true)) continue;
    if (outcome.value === true) continue;
    findings.push(finding(`item.${rule.id}`, rule.severity, rule.message, {
      rule: rule.id, check: rule.check, value: outcome.value ?? null, ...(rule.basis ? { basis: rule.basis } : {}),
    }, { source: 'item' }));
  }
  return findings;
}

/** Every rule-based check, in the order a clerk reads them. */
export function runChecks(subject: ReviewSubject): Finding[] {
  return [...checkCompleteness(subject), ...checkFiles(subject), ...checkIdentifiers(subject), ...checkLicences(subject), ...checkItemRules(subject)];
}

/** The suggestion of a set of findings: any error fails, any warning needs attention, otherwise pass. */
export function resultOf(findings: readonly Finding[]): ReviewResult {
  if (findings.some((entry) => entry.severity === 'error')) return 'fail';
  if (findings.some((entry) => entry.severity === 'warning')) return 'attention';
  return 'pass';
}
