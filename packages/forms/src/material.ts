/**
 * The material checklist (申请材料清单) of an item version, checked against what an application submits.
 * Whether a reused licence (电子证照) is valid is the runtime's business (it needs the database); here only the
 * shape of the submission is checked.
 */
import type { LocalizedText, Material, SubmittedMaterial } from '@tongban/schemas';
import { materialErrorMessage, type MaterialErrorCode } from './codes';
import { clockFunctions, findFeelSyntaxError, evaluateFeel, type FeelClock } from './feel';
import { isPlainObject } from './internal/values';

export type { Material, SubmittedMaterial } from '@tongban/schemas';

/** One problem of the submitted materials. */
export interface MaterialError {
  /**
   * JSON Pointer into the application: `/materials/2` (or below it, `/materials/2/files/0`) for a submitted entry,
   * `/materials/M003` (the material id) for a checklist entry that was not submitted.
   */
  path: string;
  /** The checklist material concerned, when there is one. */
  materialId?: string;
  code: MaterialErrorCode;
  message: LocalizedText;
  params?: Record<string, unknown>;
}

/** The outcome of {@link evaluateChecklist}. */
export interface ChecklistResult {
  /** `true` when `errors` is empty. */
  ok: boolean;
  errors: MaterialError[];
  /**
   * Ids of the materials this application requires, in checklist order: `required` ones and `conditional` ones
   * whose condition holds. Materials the department provides itself (`source: 'department'`) are listed but never
   * reported missing.
   */
  required: string[];
}

/** Options of {@link evaluateChecklist}. */
export interface EvaluateChecklistOptions extends FeelClock {
  /** Variables besides the form data that conditions may read (applicant profile, process variables); they win over form data. */
  context?: Record<string, unknown>;
}

/** Media types of the file formats a checklist may allow. */
const MEDIA_TYPES: Readonly<Record<string, readonly string[]>> = {
  pdf: ['application/pdf'],
  // GB/T 33190-2016 OFD has no IANA registration; these are the names in use.
  ofd: ['application/ofd', 'application/x-ofd'],
  jpg: ['image/jpeg', 'image/pjpeg'],
  png: ['image/png'],
  tif: ['image/tiff'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  zip: ['application/zip', 'application/x-zip-compressed'],
};

const ALIASES: Readonly<Record<string, string>> = { jpeg: 'jpg', tiff: 'tif' };
const canonicalFormat = (format: string) => ALIASES[format.toLowerCase()] ?? format.toLowerCase();

function formatOfMediaType(mediaType: string): string | undefined {
  const normalised = mediaType.toLowerCase().split(';')[0]?.trim() ?? '';
  return Object.keys(MEDIA_TYPES).find((format) => MEDIA_TYPES[format]?.includes(normalised));
}

/**
 * Whether a file is of one of the allowed formats: its extension must name an allowed format, and its media type,
 * when it names a known format, must name the same one. A file without extension is judged by its media type.
 */
function hasAllowedFormat(file: { name?: string; mediaType?: string }, allowed: ReadonlySet<string>): boolean {
  const name = file.name ?? '';
  const dot = name.lastIndexOf('.');
  const byExtension = dot > 0 && dot < name.length - 1 ? canonicalFormat(name.slice(dot + 1)) : undefined;
  const byMediaType = file.mediaType ? formatOfMediaType(file.mediaType) : undefined;
  const format = byExtension ?? byMediaType;
  if (format === undefined || !allowed.has(format)) return false;
  return byMediaType === undefined || byMediaType === format;
}

function conditionHolds(material: Material, data: Record<string, unknown>): boolean {
  const condition = material.condition;
  // A conditional material without a usable condition is demanded rather than silently dropped (fail closed);
  // publication refuses such checklists.
  if (typeof condition !== 'string') return true;
  const expression = condition.startsWith('=') ? condition : `=${condition}`;
  if (findFeelSyntaxError(expression) !== null) return true;
  return evaluateFeel(expression, data) === true;
}

/** Whether a material is required for an application with this form data (`required` or a true condition). */
export function isMaterialRequired(material: Material, formData: Record<string, unknown>, options: EvaluateChecklistOptions = {}): boolean {
  if (material.requirement === 'required') return true;
  if (material.requirement !== 'conditional') return false;
  return conditionHolds(material, { ...clockFunctions(options), ...formData, ...(options.context ?? {}) });
}

/**
 * Checks submitted materials against an item's checklist: every required material (a `conditional` one when its
 * FEEL condition over the form data is `true`) is present with files or a licence; nothing outside the checklist
 * or twice; files have an allowed format and size; a licence is only used for a material that can be a licence,
 * with the applicant's consent.
 *
 * Pure and deterministic. Pass as `formData` the `data` of `validateSubmission`, so hidden fields do not count.
 */
export function evaluateChecklist(
  checklist: readonly Material[],
  formData: Record<string, unknown>,
  submitted: readonly SubmittedMaterial[],
  options: EvaluateChecklistOptions = {},
): ChecklistResult {
  const errors: MaterialError[] = [];
  const report = (code: MaterialErrorCode, path: string, materialId: string | undefined, params: Record<string, unknown>) => {
    errors.push({ path, ...(materialId !== undefined ? { materialId } : {}), code, message: materialErrorMessage(code, params), params });
  };
  const data = isPlainObject(formData) ? formData : {};
  const byId = new Map(checklist.map((material) => [material.id, material]));
  const required = checklist.filter((material) => isMaterialRequired(material, data, options)).map((material) => material.id);

  const provided = new Set<string>();
  const seen = new Set<string>();
  submitted.forEach((entry, index) => {
    const path = `/materials/${index}`;
    const material = byId.get(entry.materialId);
    if (!material) {
      report('TB_MATERIAL_UNKNOWN', path, entry.materialId, { materialId: entry.materialId });
      return;
    }
    if (seen.has(entry.materialId)) {
      report('TB_MATERIAL_DUPLICATE', path, entry.materialId, { materialId: entry.materialId, name: material.name });
      return;
    }
    seen.add(entry.materialId);
    const files = entry.files ?? [];
    const hasLicence = typeof entry.licenceId === 'string' && entry.licenceId !== '';
    if (files.length === 0 && !hasLicence) {
      report('TB_MATERIAL_EMPTY', path, material.id, { name: material.name });
      return;
    }
    let usable = true;
    if (hasLicence) {
      if (material.licenceTypeCode === undefined && material.source !== 'licence') {
        report('TB_MATERIAL_LICENCE_NOT_ACCEPTED', `${path}/licenceId`, material.id, { name: material.name });
        usable = files.length > 0;
      } else if (entry.consent !== true) {
        report('TB_MATERIAL_CONSENT_REQUIRED', `${path}/consent`, material.id, { name: material.name });
        usable = files.length > 0;
      }
    }
    const allowed = material.formats ? new Set(material.formats.map(canonicalFormat)) : undefined;
    files.forEach((file, fileIndex) => {
      const filePath = `${path}/files/${fileIndex}`;
      if (allowed && !hasAllowedFormat(file, allowed)) {
        report('TB_MATERIAL_FORMAT', filePath, material.id, { fileName: file.name ?? file.fileId, formats: [...(material.formats ?? [])] });
      }
      if (material.maxSizeMb !== undefined && typeof file.size === 'number' && file.size > material.maxSizeMb * 1024 * 1024) {
        report('TB_MATERIAL_TOO_LARGE', filePath, material.id, { fileName: file.name ?? file.fileId, maxSizeMb: material.maxSizeMb, size: file.size });
      }
    });
    if (usable) provided.add(material.id);
  });

  for (const id of required) {
    const material = byId.get(id) as Material;
    if (material.source === 'department' || provided.has(id) || seen.has(id)) continue;
    report('TB_MATERIAL_REQUIRED', `/materials/${id}`, id, { name: material.name });
  }
  return { ok: errors.length === 0, errors, required };
}
