import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root: resources of generated items are paths relative to it (`templates/…`). */
export const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Stages a template's user tasks carry, with the due days (working days) its BPMN sets on them. */
export type StageDays = Partial<Record<'accept' | 'review' | 'decide' | 'close' | 'deliver', number>>;

/** A procedure template: a BPMN file under `templates/procedures/` that generated items share. */
export interface ProcedureTemplate {
  name: 'simple' | 'supplementation' | 'review-decision' | 'licence-issuance';
  processId: string;
  resource: string;
  /** The `addWorkingDays(now(), n)` due dates of its user tasks by stage: items set these stage limits. */
  stageDays: StageDays;
  /** Task forms its user tasks reference. */
  taskForms: readonly string[];
}

/**
 * The procedure templates, from the simplest. Their BPMN follows the same conventions as the hand-written items
 * (stage headers, candidate groups, outcome variables, the `supplement` message, `result` properties on ends).
 */
export const PROCEDURE_TEMPLATES: readonly ProcedureTemplate[] = [
  { name: 'simple', processId: 'template-simple', resource: 'templates/procedures/simple.bpmn', stageDays: { accept: 1, decide: 1 }, taskForms: ['acceptance-opinion', 'decision-opinion'] },
  { name: 'supplementation', processId: 'template-supplementation', resource: 'templates/procedures/supplementation.bpmn', stageDays: { accept: 1, decide: 1 }, taskForms: ['acceptance-opinion', 'decision-opinion'] },
  { name: 'review-decision', processId: 'template-review-decision', resource: 'templates/procedures/review-decision.bpmn', stageDays: { accept: 1, review: 2, decide: 1 }, taskForms: ['acceptance-opinion', 'review-opinion', 'decision-opinion'] },
  { name: 'licence-issuance', processId: 'template-licence-issuance', resource: 'templates/procedures/licence-issuance.bpmn', stageDays: { accept: 1, review: 2, decide: 1, deliver: 1 }, taskForms: ['acceptance-opinion', 'review-opinion', 'decision-opinion', 'delivery-record'] },
];

/** The generic application forms of generated items, by the applicant kind. */
export const APPLICATION_FORM_TEMPLATES = {
  person: { id: 'person-application', resource: 'templates/forms/person-application.form.json' },
  organisation: { id: 'organisation-application', resource: 'templates/forms/organisation-application.form.json' },
} as const;

/** The resource path of a task form template. */
export const taskFormResource = (formId: string) => `templates/forms/${formId}.form.json`;

/** Template files by resource path: BPMN XML for `.bpmn`, parsed form-js JSON for `.form.json`. */
export interface TemplateFiles {
  procedures: Record<string, string>;
  forms: Record<string, Record<string, unknown>>;
}

let cached: TemplateFiles | undefined;

/** Reads (once) every template file the generated items reference. */
export function loadTemplates(): TemplateFiles {
  if (cached) return cached;
  const read = (resource: string) => readFileSync(`${PACKAGE_DIR}${resource}`, 'utf8');
  const procedures: Record<string, string> = {};
  for (const template of PROCEDURE_TEMPLATES) procedures[template.resource] = read(template.resource);
  const forms: Record<string, Record<string, unknown>> = {};
  const formResources = [
    ...Object.values(APPLICATION_FORM_TEMPLATES).map((form) => form.resource),
    ...new Set(PROCEDURE_TEMPLATES.flatMap((template) => template.taskForms.map(taskFormResource))),
  ];
  for (const resource of formResources) forms[resource] = JSON.parse(read(resource)) as Record<string, unknown>;
  cached = { procedures, forms };
  return cached;
}
