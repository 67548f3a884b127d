/**
 * The form-js schema as packages/forms reads it, and its compilation into a tree of bound fields.
 *
 * Compilation applies the defaults the form-js viewer's `FieldFactory` adds on import (a select, radio, checklist or
 * taglist without an options source gets the single option `value`; a datetime defaults to subtype `date`; a
 * dynamic list repeats unless `isRepeating: false`, once by default; an expression computes on `change`).
 */
import { isPlainObject, type PathSegment } from './internal/values';

/** One component of a form-js schema. Only the properties packages/forms reads are typed. */
export interface FormComponent {
  type: string;
  id?: string;
  key?: string;
  path?: string;
  label?: string;
  dateLabel?: string;
  timeLabel?: string;
  description?: string;
  components?: FormComponent[];
  defaultValue?: unknown;
  disabled?: boolean | string;
  readonly?: boolean | string;
  conditional?: { hide?: string | boolean };
  validate?: FormValidation;
  values?: unknown[];
  valuesKey?: string;
  valuesExpression?: string;
  expression?: string;
  computeOn?: string;
  subtype?: string;
  timeSerializingFormat?: string;
  disallowPassedDates?: boolean;
  decimalDigits?: number;
  increment?: number | string;
  serializeToString?: boolean;
  isRepeating?: boolean;
  defaultRepetitions?: number;
  properties?: Record<string, unknown>;
  [property: string]: unknown;
}

/** The `validate` block of a form-js input. `min`…`maxLength` may be FEEL expressions (`=…`). */
export interface FormValidation {
  required?: boolean;
  pattern?: string;
  patternErrorMessage?: string;
  validationType?: 'email' | 'phone' | 'custom' | '' | null;
  min?: number | string;
  max?: number | string;
  minLength?: number | string;
  maxLength?: number | string;
  [property: string]: unknown;
}

/** A form-js form schema (`type: 'default'`). */
export interface FormSchema {
  type: 'default' | string;
  id?: string;
  schemaVersion?: number;
  components: FormComponent[];
  [property: string]: unknown;
}

/** How a component type binds data, mirroring the `config` of each form-js form field. */
export interface FieldTypeInfo {
  /** Binds a value at its `key`. */
  keyed: boolean;
  /** Maps its children into the object at its `path` (group, dynamic list). */
  pathed: boolean;
  /** Repeats its children over the array at its `path` (dynamic list). */
  repeatable: boolean;
  /** The value the viewer initialises an absent key with. */
  emptyValue?: () => unknown;
}

const keyed = (emptyValue: () => unknown): FieldTypeInfo => ({ keyed: true, pathed: false, repeatable: false, emptyValue });
const presentation: FieldTypeInfo = { keyed: false, pathed: false, repeatable: false };

/** Every component type of form-js 1.x/2.x (`schemaVersion` ≤ 19) and how it binds data. */
export const FIELD_TYPES: Readonly<Record<string, FieldTypeInfo>> = {
  default: presentation,
  textfield: keyed(() => ''),
  textarea: keyed(() => ''),
  number: keyed(() => null),
  datetime: keyed(() => null),
  expression: keyed(() => null),
  filepicker: keyed(() => null),
  checkbox: keyed(() => false),
  checklist: keyed(() => []),
  radio: keyed(() => null),
  select: keyed(() => null),
  taglist: keyed(() => []),
  text: presentation,
  html: presentation,
  image: presentation,
  table: presentation,
  documentPreview: presentation,
  iframe: presentation,
  spacer: presentation,
  separator: presentation,
  button: presentation,
  group: { keyed: false, pathed: true, repeatable: false },
  dynamiclist: { keyed: false, pathed: true, repeatable: true },
};

/** Types whose options come from `values`, `valuesKey` or `valuesExpression`. */
export const OPTION_TYPES: ReadonlySet<string> = new Set(['radio', 'select', 'checklist', 'taglist']);
/** Option types holding a list of values. */
export const MULTI_OPTION_TYPES: ReadonlySet<string> = new Set(['checklist', 'taglist']);

/** A component after compilation: its binding, defaults applied, and its place in the tree. */
export interface CompiledField {
  /** Unique within one compiled form; used to index repetitions. */
  uid: number;
  component: FormComponent;
  type: string;
  /** `undefined` for a type form-js does not know. */
  info: FieldTypeInfo | undefined;
  /**
   * The segments this component contributes to value paths: its key for a keyed field, its path for a group or
   * list (`[]` for a group without path). `undefined` when it binds nothing (presentation, or a keyed field without
   * a key, which form-js would bind to a random key).
   */
  binding: PathSegment[] | undefined;
  /** A dynamic list that repeats its children (`isRepeating` is not `false`). */
  repeating: boolean;
  parent: CompiledField | undefined;
  children: CompiledField[];
  /** JSON Pointer of the component in the schema, e.g. `/components/2/components/0`. */
  location: string;
}

/** Index of each repetition a field sits in, by the uid of the repeating list. */
export type RepetitionIndexes = Readonly<Record<number, number>>;

function withDefaults(component: FormComponent): FormComponent {
  const type = component.type;
  if (OPTION_TYPES.has(type) && !component.valuesKey && !component.valuesExpression && component.values === undefined) {
    return { ...component, values: [{ label: 'Value', value: 'value' }] };
  }
  if (type === 'datetime' && component.subtype === undefined) return { ...component, subtype: 'date' };
  if (type === 'dynamiclist') {
    return {
      ...component,
      isRepeating: component.isRepeating === undefined ? true : component.isRepeating,
      defaultRepetitions: component.defaultRepetitions === undefined ? 1 : component.defaultRepetitions,
    };
  }
  if (type === 'expression' && component.computeOn === undefined) return { ...component, computeOn: 'change' };
  return component;
}

function bindingOf(component: FormComponent, info: FieldTypeInfo | undefined): PathSegment[] | undefined {
  if (!info) return undefined;
  if (info.keyed) return typeof component.key === 'string' && component.key !== '' ? component.key.split('.') : undefined;
  if (info.pathed) {
    if (typeof component.path === 'string' && component.path !== '') return component.path.split('.');
    return info.repeatable ? undefined : [];
  }
  return undefined;
}

/** The compiled tree of a form schema; its root is the form itself. */
export interface CompiledForm {
  root: CompiledField;
  /** Every compiled component, parents before children. */
  fields: CompiledField[];
}

/**
 * Compiles a form schema into the tree the validator walks. Never throws: components that are not objects are
 * skipped, and unknown types or unbound inputs are kept with `binding: undefined` so they bind no data.
 */
export function compileForm(form: FormSchema): CompiledForm {
  const fields: CompiledField[] = [];
  let nextUid = 0;
  const build = (component: FormComponent, parent: CompiledField | undefined, location: string): CompiledField => {
    const normalised = withDefaults(component);
    const info = FIELD_TYPES[normalised.type];
    const field: CompiledField = {
      uid: nextUid++,
      component: normalised,
      type: normalised.type,
      info,
      binding: bindingOf(normalised, info),
      repeating: Boolean(info?.repeatable) && normalised.isRepeating !== false,
      parent,
      children: [],
      location,
    };
    fields.push(field);
    // A repeatable container without a path binds nowhere in form-js (it gets a random path), so neither do its children.
    const boundContainer = info !== undefined && (info.pathed ? field.binding !== undefined : normalised.type === 'default');
    if (boundContainer && Array.isArray(normalised.components)) {
      normalised.components.forEach((child, index) => {
        if (isPlainObject(child) && typeof child.type === 'string') {
          field.children.push(build(child as FormComponent, field, `${location}/components/${index}`));
        }
      });
    }
    return field;
  };
  const root = build({ ...form, type: 'default' } as FormComponent, undefined, '');
  return { root, fields };
}

/**
 * The value path of a field inside the form data (form-js `PathRegistry.getValuePath`): the bindings of its
 * ancestors and its own, with the repetition index after each repeating list.
 */
export function valuePathOf(field: CompiledField, indexes: RepetitionIndexes): PathSegment[] {
  const own = field.binding ?? [];
  const parent = field.parent;
  const local = parent?.repeating ? [indexes[parent.uid] ?? 0, ...own] : own;
  return parent ? [...valuePathOf(parent, indexes), ...local] : [...local];
}

/** The value path with `*` in place of each repetition index, e.g. `['members', '*', 'idNumber']`. */
export function patternPathOf(field: CompiledField): PathSegment[] {
  const own = field.binding ?? [];
  const parent = field.parent;
  const local = parent?.repeating ? ['*', ...own] : own;
  return parent ? [...patternPathOf(parent), ...local] : [...local];
}

/** Whether the field binds a value the form submits. */
export function isValueField(field: CompiledField): boolean {
  return Boolean(field.info?.keyed) && field.binding !== undefined;
}

/** The label shown for a field: its label, else the date or time label of a datetime. */
export function labelOf(component: FormComponent): string | undefined {
  const labels = component.subtype === 'time' ? [component.label, component.timeLabel] : [component.label, component.dateLabel, component.timeLabel];
  for (const candidate of labels) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate;
  }
  return undefined;
}
