/**
 * What a form binds and reads: its fields with their rules and conditions, and the variables its FEEL reads.
 * Used by the designer (field pickers, previews) and at publication (every variable a form reads must exist).
 */
import { feelVariableNames, isFeelExpression, type FeelExpression } from './feel';
import {
  compileForm,
  isValueField,
  labelOf,
  OPTION_TYPES,
  patternPathOf,
  type CompiledField,
  type FormComponent,
  type FormSchema,
} from './form-model';
import { getAt, isPlainObject, toPointer } from './internal/values';
import { normaliseOptions, optionsSourceOf, type FieldOption, type OptionsSource } from './options';

/** The validation rules of a field, as written in the form (limits may be FEEL expressions). */
export interface FieldValidationInfo {
  pattern?: string;
  patternErrorMessage?: string;
  validationType?: 'email' | 'phone';
  min?: number | string;
  max?: number | string;
  minLength?: number | string;
  maxLength?: number | string;
  decimalDigits?: number;
  increment?: number | string;
  /** A date must not be before today (form-js `disallowPassedDates`). */
  disallowPassedDates?: boolean;
  /** Tongban custom properties `properties.minDate`/`maxDate`: `today`, a `YYYY-MM-DD` date or FEEL. */
  minDate?: string;
  maxDate?: string;
}

/** One component that binds data: an input, a group or a dynamic list. */
export interface FormFieldInfo {
  id?: string;
  type: string;
  /** `value` for an input (it has a key), `group` for a group, `list` for a repeating dynamic list. */
  binding: 'value' | 'group' | 'list';
  /** The input's key (inputs only). */
  key?: string;
  /**
   * JSON Pointer of the value in the submitted data, with `*` for each list index, e.g. `/members/*\/idNumber`;
   * `''` for a group without path.
   */
  path: string;
  label?: string;
  required: boolean;
  disabled: boolean;
  /** `true`, `false` or the FEEL condition that makes it read-only. */
  readonly: boolean | FeelExpression;
  validation: FieldValidationInfo;
  /** The field's own `conditional.hide`. */
  hide?: FeelExpression;
  /** Its own and its ancestors' hide conditions: the field is hidden when any is true. */
  hiddenWhen: FeelExpression[];
  /** Where the options of a select, radio, checklist or taglist come from. */
  options?: { source: OptionsSource; values?: FieldOption[]; valuesKey?: string; valuesExpression?: string };
  /** The expression of an `expression` field and when it is computed. */
  expression?: { expression: string; computeOn: string };
  defaultValue?: unknown;
  /** JSON Pointer of the component in the form schema, e.g. `/components/3/components/0`. */
  location: string;
  /** Every FEEL expression on the component, with the property it sits in (`conditional.hide`, `validate.min`…). */
  feel: Array<{ property: string; expression: FeelExpression }>;
}

/** Component properties form-js evaluates as FEEL when they start with `=`. */
export const FEEL_PROPERTIES = [
  'conditional.hide', 'readonly', 'validate.min', 'validate.max', 'validate.minLength', 'validate.maxLength',
  'valuesExpression', 'expression', 'label', 'description', 'text', 'source', 'alt', 'url', 'title', 'dataSource',
  'columnsExpression', 'multiple', 'accept', 'appearance.prefixAdorner', 'appearance.suffixAdorner',
  'properties.minDate', 'properties.maxDate',
] as const;

/** FEEL expressions of a component, by property. */
export function componentFeel(component: FormComponent): Array<{ property: string; expression: FeelExpression }> {
  const found: Array<{ property: string; expression: FeelExpression }> = [];
  for (const property of FEEL_PROPERTIES) {
    const value = getAt(component, property.split('.'));
    if (isFeelExpression(value)) found.push({ property, expression: value });
  }
  return found;
}

function hideOf(component: FormComponent): FeelExpression | undefined {
  const hide = component.conditional?.hide;
  return isFeelExpression(hide) ? hide : undefined;
}

function validationOf(component: FormComponent): FieldValidationInfo {
  const validate = isPlainObject(component.validate) ? component.validate : {};
  const properties = isPlainObject(component.properties) ? component.properties : {};
  const info: FieldValidationInfo = {};
  const pick = <K extends keyof FieldValidationInfo>(key: K, value: unknown, accept: (v: unknown) => boolean) => {
    if (value !== undefined && value !== null && accept(value)) info[key] = value as FieldValidationInfo[K];
  };
  const numberOrString = (v: unknown) => typeof v === 'number' || typeof v === 'string';
  const string = (v: unknown) => typeof v === 'string' && v !== '';
  pick('pattern', validate.pattern, string);
  pick('patternErrorMessage', validate.patternErrorMessage, string);
  pick('validationType', validate.validationType, (v) => v === 'email' || v === 'phone');
  for (const key of ['min', 'max', 'minLength', 'maxLength'] as const) pick(key, validate[key], numberOrString);
  if (component.type === 'number') {
    pick('decimalDigits', component.decimalDigits, (v) => typeof v === 'number');
    pick('increment', component.increment, numberOrString);
  }
  if (component.type === 'datetime') {
    pick('disallowPassedDates', component.disallowPassedDates, (v) => v === true);
    pick('minDate', properties.minDate, string);
    pick('maxDate', properties.maxDate, string);
  }
  return info;
}

function describe(field: CompiledField): FormFieldInfo {
  const component = field.component;
  const hiddenWhen: FeelExpression[] = [];
  for (let current: CompiledField | undefined = field; current; current = current.parent) {
    const hide = hideOf(current.component);
    if (hide) hiddenWhen.unshift(hide);
  }
  const label = labelOf(component);
  const hide = hideOf(component);
  const info: FormFieldInfo = {
    ...(typeof component.id === 'string' ? { id: component.id } : {}),
    type: field.type,
    binding: isValueField(field) ? 'value' : field.repeating ? 'list' : 'group',
    ...(isValueField(field) ? { key: component.key } : {}),
    path: toPointer(patternPathOf(field)),
    ...(label !== undefined ? { label } : {}),
    required: isPlainObject(component.validate) && component.validate.required === true,
    disabled: Boolean(component.disabled),
    readonly: isFeelExpression(component.readonly) ? component.readonly : Boolean(component.readonly),
    validation: validationOf(component),
    ...(hide ? { hide } : {}),
    hiddenWhen,
    location: field.location,
    feel: componentFeel(component),
  };
  if (OPTION_TYPES.has(field.type)) {
    const source = optionsSourceOf(component);
    info.options = {
      source,
      ...(source === 'static' && Array.isArray(component.values) ? { values: normaliseOptions(component.values) } : {}),
      ...(source === 'input' ? { valuesKey: component.valuesKey } : {}),
      ...(source === 'expression' ? { valuesExpression: component.valuesExpression } : {}),
    };
  }
  if (field.type === 'expression' && typeof component.expression === 'string') {
    info.expression = { expression: component.expression, computeOn: String(component.computeOn) };
  }
  if (component.defaultValue !== undefined) info.defaultValue = component.defaultValue;
  return info;
}

/**
 * The components of a form that bind data (inputs with a key, groups, repeating dynamic lists), in form order,
 * with their value path, label, rules, options and conditions. Components that bind nothing (text, buttons,
 * inputs without key, unknown types) are left out; `checkFormDefinition` reports the broken ones.
 */
export function listFormFields(form: FormSchema): FormFieldInfo[] {
  return compileForm(form)
    .fields.filter((field) => isValueField(field) || (field.info?.pathed === true && field.binding !== undefined && field.binding.length > 0))
    .map(describe);
}

/** The variables a form exchanges with its context. */
export interface FormVariables {
  /** Top-level keys the form writes (the roots of its keys and paths). */
  outputs: string[];
  /**
   * Variables the form reads but does not bind itself: FEEL variables (`this`, `parent`, `i` and their
   * `_this_`… aliases excluded) and `valuesKey` option lists. Each must come from the context.
   */
  inputs: string[];
}

const SCOPE_VARIABLES = new Set(['this', 'parent', 'i', '_this_', '_parent_', '_i_']);

/**
 * The variables a form reads from and writes to its context (form-js `getSchemaVariables`, split in two). At
 * publication every input must be a variable the process provides.
 */
export function formVariables(form: FormSchema): FormVariables {
  const compiled = compileForm(form);
  const outputs: string[] = [];
  for (const field of compiled.fields) {
    if (!(isValueField(field) || field.info?.pathed) || field.binding === undefined) continue;
    const root = patternPathOf(field)[0];
    if (root !== undefined && !outputs.includes(String(root))) outputs.push(String(root));
  }
  const inputs: string[] = [];
  const add = (name: string) => {
    if (!SCOPE_VARIABLES.has(name) && !outputs.includes(name) && !inputs.includes(name)) inputs.push(name);
  };
  for (const field of compiled.fields) {
    const component = field.component;
    if (OPTION_TYPES.has(field.type) && typeof component.valuesKey === 'string' && component.valuesKey !== '') add(component.valuesKey);
    for (const { expression } of componentFeel(component)) feelVariableNames(expression).forEach(add);
  }
  return { outputs, inputs };
}
