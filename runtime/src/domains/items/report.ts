/**
 * The validation report of an item version: one list of problems, each with a location the designer can jump to
 * (a JSON pointer into the item document, a material id, a form id and field key, or a BPMN element id).
 */

/** A bilingual message. */
export interface Message {
  zh: string;
  en: string;
}

/** Where a problem is. `path` of the problem flattens it for generic rendering. */
export type ProblemLocation =
  /** A field of the item document (基本要素); `pointer` is a JSON pointer into it. */
  | { kind: 'item'; pointer: string }
  /** A material of the checklist; `pointer` is a JSON pointer into the item document (`/materials/3/condition`). */
  | { kind: 'material'; materialId: string; pointer: string }
  /** A form; `pointer` is a JSON pointer into its form-js schema, `fieldKey` the field's key when there is one. */
  | { kind: 'form'; formId: string; pointer: string; fieldKey?: string }
  /** A BPMN element (flow node, sequence flow or process); `property` names the attribute at fault. */
  | { kind: 'bpmn'; elementId: string; elementType?: string; processId?: string; property?: string }
  /** A regional implementation's override (`pointer` into the overrides). */
  | { kind: 'implementation'; regionCode: string; pointer: string };

/** One problem. `error` refuses submission and publication; `warning` informs. */
export interface ValidationProblem {
  severity: 'error' | 'warning';
  /** `TB_SCHEMA_*` and `TB_ITEM_*` (item schema), `TB_BPMN_*` (engine), `TB_FORM_DEFINITION_*` (forms), `TB_VERSION_*`. */
  code: string;
  message: Message;
  location: ProblemLocation;
  /** The location as one path: `/item/…`, `/forms/<formId>/…`, `/bpmn/<elementId>`, `/implementations/<region>/…`. */
  path: string;
}

/** Every problem of a version, errors first. */
export interface ValidationReport {
  ok: boolean;
  errors: number;
  warnings: number;
  problems: ValidationProblem[];
}

/** A JSON pointer segment (RFC 6901). */
export const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The flat path of a location. */
export function pathOf(location: ProblemLocation): string {
  switch (location.kind) {
    case 'item':
    case 'material':
      return `/item${location.pointer}`;
    case 'form':
      return `/forms/${escape(location.formId)}${location.pointer}`;
    case 'bpmn':
      return `/bpmn/${escape(location.elementId)}${location.property ? `/${escape(location.property)}` : ''}`;
    case 'implementation':
      return `/implementations/${location.regionCode}${location.pointer}`;
  }
}

/** Builds a problem. */
export function problem(severity: ValidationProblem['severity'], code: string, message: Message, location: ProblemLocation): ValidationProblem {
  return { severity, code, message, location, path: pathOf(location) };
}

/** Orders problems (errors first, then by path) and counts them. */
export function toReport(problems: ValidationProblem[]): ValidationReport {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const errors = sorted.filter((entry) => entry.severity === 'error').length;
  return { ok: errors === 0, errors, warnings: sorted.length - errors, problems: sorted };
}
