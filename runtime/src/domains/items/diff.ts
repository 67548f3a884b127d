import type { CompiledDefinition, CompiledElement, CompiledFlow } from '@tongban/engine';
import { listFormFields, type FormFieldInfo, type FormSchema } from '@tongban/forms';

/** One changed value, at a JSON pointer relative to what is compared. */
export interface FieldChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** Added, removed and changed entries of a collection matched by id. */
export interface CollectionDiff<T> {
  added: T[];
  removed: T[];
  changed: Array<{ id: string; changes: FieldChange[] }>;
}

/** The form fields of a form that changed, matched by key (or path for groups and lists). */
export interface FormDiff {
  id: string;
  /** Changes of the form's declaration in the item (purpose). */
  declaration: FieldChange[];
  fields: CollectionDiff<FormFieldSummary>;
  /** Whether anything else in the form-js schema changed (layout, texts …) besides its fields. */
  otherChanges: boolean;
}

/** What the diff shows of a form field. */
export interface FormFieldSummary {
  key: string;
  type: string;
  label?: string;
  required: boolean;
  path: string;
}

/** What the diff shows of a BPMN element or flow. */
export interface ProcedureEntrySummary {
  id: string;
  type: string;
  name?: string;
  processId: string;
}

/** The structured difference between two item versions (issue #5 point 4), as the designer renders it. */
export interface VersionDiff {
  identical: boolean;
  summary: DiffSummary;
  /** The item's elements (基本要素): every field but materials, forms and procedure, at leaf pointers. */
  elements: FieldChange[];
  materials: CollectionDiff<{ id: string; name: string }>;
  forms: {
    added: Array<{ id: string; purpose?: string }>;
    removed: Array<{ id: string; purpose?: string }>;
    changed: FormDiff[];
  };
  procedure: {
    /** Set when a side does not compile; elements and flows are then empty. */
    error?: string;
    processId: FieldChange[];
    elements: CollectionDiff<ProcedureEntrySummary>;
    flows: CollectionDiff<ProcedureEntrySummary & { sourceId: string; targetId: string }>;
  };
  implementationPolicy: FieldChange[];
}

/** Counts of a diff, kept with every publication in the change feed. */
export interface DiffSummary {
  elements: number;
  materials: { added: number; removed: number; changed: number };
  forms: { added: number; removed: number; changed: number };
  formFields: { added: number; removed: number; changed: number };
  bpmnElements: { added: number; removed: number; changed: number };
  flows: { added: number; removed: number; changed: number };
}

/** A side of a diff: the version's content and its compiled procedure (absent when it does not compile). */
export interface DiffSide {
  item: Record<string, unknown>;
  forms: Record<string, unknown>;
  definition?: CompiledDefinition;
  implementationPolicy?: Record<string, unknown>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const same = (a: unknown, b: unknown) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key])]));
}

/**
 * Leaf changes between two JSON values: objects are walked key by key; arrays and scalars are compared whole (an
 * array of channels or legal bases is shown before/after, which is how people read it).
 */
export function diffValues(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (same(before, after)) return [];
  if (before === undefined) return [{ path, change: 'added', after }];
  if (after === undefined) return [{ path, change: 'removed', before }];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], `${path}/${escape(key)}`));
  }
  return [{ path, change: 'changed', before, after }];
}

/** Matches two lists by id and diffs the pairs. */
function diffById<T, S>(before: T[], after: T[], idOf: (entry: T) => string, summarise: (entry: T) => S, compare: (a: T, b: T) => FieldChange[] = (a, b) => diffValues(a, b)): CollectionDiff<S> {
  const beforeById = new Map(before.map((entry) => [idOf(entry), entry]));
  const afterById = new Map(after.map((entry) => [idOf(entry), entry]));
  const result: CollectionDiff<S> = { added: [], removed: [], changed: [] };
  for (const [id, entry] of afterById) if (!beforeById.has(id)) result.added.push(summarise(entry));
  for (const [id, entry] of beforeById) {
    const counterpart = afterById.get(id);
    if (!counterpart) {
      result.removed.push(summarise(entry));
      continue;
    }
    const changes = compare(entry, counterpart);
    if (changes.length > 0) result.changed.push({ id, changes });
  }
  return result;
}

function fieldsOf(form: unknown): FormFieldInfo[] {
  try {
    return listFormFields(form as FormSchema);
  } catch {
    return [];
  }
}

const fieldId = (field: FormFieldInfo) => field.key ?? field.path;
const fieldSummary = (field: FormFieldInfo): FormFieldSummary => ({
  key: fieldId(field), type: field.type, ...(field.label ? { label: field.label } : {}), required: field.required, path: field.path,
});
/** What of a field matters to people: type, label, path, required, rules, options, conditions, default. */
const fieldFacts = (field: FormFieldInfo) => ({
  type: field.type, label: field.label, path: field.path, required: field.required, readonly: field.readonly, disabled: field.disabled,
  validation: field.validation, options: field.options, hiddenWhen: field.hiddenWhen, expression: field.expression, defaultValue: field.defaultValue,
});

/** What of a compiled element matters to a reviewer (ids of neighbours, not their content). */
const elementFacts = (element: CompiledElement) => {
  const { id: _id, ...rest } = element;
  return rest;
};
const flowFacts = (flow: CompiledFlow) => {
  const { id: _id, ...rest } = flow;
  return rest;
};

/** Diffs two item versions: elements, materials, forms and their fields, BPMN elements and flows matched by id. */
export function diffVersions(from: DiffSide, to: DiffSide): VersionDiff {
  const { materials: fromMaterials, forms: fromDeclared, procedure: fromProcedure, ...fromElements } = from.item;
  const { materials: toMaterials, forms: toDeclared, procedure: toProcedure, ...toElements } = to.item;
  const elements = diffValues(fromElements, toElements);
  const asList = (value: unknown) => (Array.isArray(value) ? value.filter(isRecord) : []);
  const materials = diffById(asList(fromMaterials), asList(toMaterials), (entry) => String(entry.id), (entry) => ({ id: String(entry.id), name: String(entry.name ?? '') }));

  const fromForms = asList(fromDeclared);
  const toForms = asList(toDeclared);
  const declaration = (entry: Record<string, unknown>) => ({ id: String(entry.id), ...(typeof entry.purpose === 'string' ? { purpose: entry.purpose } : {}) });
  const forms: VersionDiff['forms'] = {
    added: toForms.filter((entry) => !fromForms.some((other) => other.id === entry.id)).map(declaration),
    removed: fromForms.filter((entry) => !toForms.some((other) => other.id === entry.id)).map(declaration),
    changed: [],
  };
  for (const entry of fromForms) {
    const counterpart = toForms.find((other) => other.id === entry.id);
    if (!counterpart) continue;
    const id = String(entry.id);
    const before = from.forms[id];
    const after = to.forms[id];
    if (entry.purpose === counterpart.purpose && same(before, after)) continue;
    const fields = diffById(fieldsOf(before), fieldsOf(after), fieldId, fieldSummary, (a, b) => diffValues(fieldFacts(a), fieldFacts(b)));
    const decl = diffValues({ purpose: entry.purpose }, { purpose: counterpart.purpose });
    const otherChanges = !same(before, after) && fields.added.length + fields.removed.length + fields.changed.length === 0;
    if (decl.length > 0 || fields.added.length + fields.removed.length + fields.changed.length > 0 || otherChanges) {
      forms.changed.push({ id, declaration: decl, fields, otherChanges });
    }
  }

  const procedure: VersionDiff['procedure'] = {
    processId: diffValues(isRecord(fromProcedure) ? fromProcedure.processId : undefined, isRecord(toProcedure) ? toProcedure.processId : undefined, '/processId'),
    elements: { added: [], removed: [], changed: [] },
    flows: { added: [], removed: [], changed: [] },
  };
  if (!from.definition || !to.definition) {
    procedure.error = !from.definition ? 'the earlier procedure does not compile' : 'the later procedure does not compile';
  } else if (from.definition !== to.definition) {
    const entries = <T extends { id: string }>(definition: CompiledDefinition, pick: (process: CompiledDefinition['processes'][number]) => Record<string, T>) =>
      definition.processes.flatMap((process) => Object.values(pick(process)).map((entry) => ({ entry, processId: process.id })));
    const elementSummary = ({ entry, processId }: { entry: CompiledElement; processId: string }): ProcedureEntrySummary => ({
      id: entry.id, type: entry.type, ...(entry.name ? { name: entry.name } : {}), processId,
    });
    procedure.elements = diffById(entries(from.definition, (p) => p.elements), entries(to.definition, (p) => p.elements),
      ({ entry }) => entry.id, elementSummary, (a, b) => diffValues(elementFacts(a.entry), elementFacts(b.entry)));
    procedure.flows = diffById(entries(from.definition, (p) => p.flows), entries(to.definition, (p) => p.flows),
      ({ entry }) => entry.id,
      ({ entry, processId }) => ({ id: entry.id, type: 'bpmn:SequenceFlow', ...(entry.name ? { name: entry.name } : {}), processId, sourceId: entry.sourceId, targetId: entry.targetId }),
      (a, b) => diffValues(flowFacts(a.entry), flowFacts(b.entry)));
  }
  const implementationPolicy = diffValues(from.implementationPolicy ?? {}, to.implementationPolicy ?? {});
  const count = (diff: CollectionDiff<unknown>) => ({ added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length });
  const summary: DiffSummary = {
    elements: elements.length,
    materials: count(materials),
    forms: { added: forms.added.length, removed: forms.removed.length, changed: forms.changed.length },
    formFields: forms.changed.reduce((total, form) => ({
      added: total.added + form.fields.added.length, removed: total.removed + form.fields.removed.length, changed: total.changed + form.fields.changed.length,
    }), { added: 0, removed: 0, changed: 0 }),
    bpmnElements: count(procedure.elements),
    flows: count(procedure.flows),
  };
  const identical = elements.length === 0 && summary.materials.added + summary.materials.removed + summary.materials.changed === 0
    && forms.added.length + forms.removed.length + forms.changed.length === 0 && procedure.processId.length === 0
    && summary.bpmnElements.added + summary.bpmnElements.removed + summary.bpmnElements.changed === 0
    && summary.flows.added + summary.flows.removed + summary.flows.changed === 0 && implementationPolicy.length === 0 && !procedure.error;
  return { identical, summary, elements, materials, forms, procedure, implementationPolicy };
}
