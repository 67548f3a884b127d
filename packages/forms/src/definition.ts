/**
 * Publication-time checks of a form definition: the rules of the official form-js JSON Schema
 * (`@bpmn-io/form-json-schema`, schemaVersion ≤ 19) plus what the viewer refuses on import (a binding path claimed
 * twice) and what would fail at run time (FEEL that does not parse, an invalid pattern, computed fields that
 * depend on each other in a cycle, variables nobody provides).
 */
import { definitionErrorMessage, type FormDefinitionErrorCode } from './codes';
import { feelVariableNames, findFeelSyntaxError } from './feel';
import { componentFeel } from './fields';
import { FIELD_TYPES, OPTION_TYPES, compileForm, patternPathOf, type CompiledField, type FormComponent, type FormSchema } from './form-model';
import { isPlainObject } from './internal/values';
import type { LocalizedText } from '@tongban/schemas';

/** One problem of a form definition. */
export interface FormDefinitionProblem {
  code: FormDefinitionErrorCode;
  /** JSON Pointer into the form schema, e.g. `/components/2/validate/pattern`. */
  location: string;
  message: LocalizedText;
  params?: Record<string, unknown>;
}

/** Options of {@link checkFormDefinition}. */
export interface CheckFormDefinitionOptions {
  /**
   * The variables the process provides to the form. When given, every variable the form's FEEL reads (or a
   * `valuesKey` names) must be one of them or a key the form binds.
   */
  knownVariables?: readonly string[];
}

/** The highest form-js `schemaVersion` this package understands. */
export const MAX_SCHEMA_VERSION = 19;

const INPUTS = new Set(['checkbox', 'checklist', 'datetime', 'number', 'radio', 'select', 'taglist', 'textfield', 'textarea', 'expression', 'filepicker']);
const CONTAINERS = new Set(['group', 'dynamiclist']);
const PRESENTATION_DATA = new Set(['table', 'documentPreview']);
const KEY_PATTERN = /^\w+(\.\w+)*$/;
const PATH_PATTERN = /^(\w+(\.\w+)*)*$/;
const RESERVED_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

type Rule = { properties: string[]; allowedOn: (type: string) => boolean };

/** form-json-schema `rules-allowed-properties`: a property is allowed only on the types listed. */
const ALLOWED: Rule[] = [
  { properties: ['text'], allowedOn: (t) => t === 'text' },
  { properties: ['label'], allowedOn: (t) => INPUTS.has(t) || t === 'button' || t === 'iframe' || CONTAINERS.has(t) || PRESENTATION_DATA.has(t) },
  { properties: ['description'], allowedOn: (t) => INPUTS.has(t) && t !== 'filepicker' },
  { properties: ['disabled', 'readonly', 'validate', 'key'], allowedOn: (t) => INPUTS.has(t) },
  { properties: ['action'], allowedOn: (t) => t === 'button' },
  { properties: ['source', 'alt'], allowedOn: (t) => t === 'image' },
  {
    properties: ['subtype', 'dateLabel', 'timeLabel', 'use24h', 'timeSerializingFormat', 'timeInterval', 'disallowPassedDates'],
    allowedOn: (t) => t === 'datetime',
  },
  { properties: ['increment', 'decimalDigits', 'serializeToString'], allowedOn: (t) => t === 'number' },
  { properties: ['validate.min', 'validate.max'], allowedOn: (t) => t === 'number' },
  { properties: ['searchable'], allowedOn: (t) => t === 'select' },
  { properties: ['values', 'valuesKey', 'valuesExpression'], allowedOn: (t) => OPTION_TYPES.has(t) },
  { properties: ['validate.validationType', 'validate.pattern', 'validate.patternErrorMessage'], allowedOn: (t) => t === 'textfield' },
  { properties: ['validate.minLength', 'validate.maxLength'], allowedOn: (t) => t === 'textfield' || t === 'textarea' },
  { properties: ['appearance.prefixAdorner', 'appearance.suffixAdorner'], allowedOn: (t) => t === 'textfield' || t === 'number' },
  { properties: ['height'], allowedOn: (t) => t === 'spacer' || t === 'iframe' },
  { properties: ['path', 'showOutline', 'verticalAlignment', 'components'], allowedOn: (t) => CONTAINERS.has(t) },
  { properties: ['isRepeating', 'defaultRepetitions', 'allowAddRemove', 'disableCollapse', 'nonCollapsedItems'], allowedOn: (t) => t === 'dynamiclist' },
  { properties: ['columns', 'columnsExpression', 'rowCount'], allowedOn: (t) => t === 'table' },
  { properties: ['dataSource'], allowedOn: (t) => PRESENTATION_DATA.has(t) },
  { properties: ['content'], allowedOn: (t) => t === 'html' },
  { properties: ['accept', 'multiple'], allowedOn: (t) => t === 'filepicker' },
  { properties: ['maxHeight'], allowedOn: (t) => t === 'documentPreview' },
];

type TypeCheck = [property: string, expected: string, accepts: (value: unknown) => boolean];
const isString = (v: unknown) => typeof v === 'string';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isInteger = (v: unknown) => Number.isInteger(v);
const isNumberOrString = (v: unknown) => typeof v === 'number' || typeof v === 'string';
const isIntegerOrString = (v: unknown) => Number.isInteger(v) || typeof v === 'string';
const oneOf = (...values: unknown[]) => (v: unknown) => values.includes(v);

/** Property types of form-json-schema `component.json` (the ones that matter for validation and binding). */
const TYPES: TypeCheck[] = [
  ['id', 'a string', isString],
  ['key', 'a string', isString],
  ['path', 'a string', isString],
  ['label', 'a string', isString],
  ['disabled', 'a boolean or string', (v) => isBoolean(v) || isString(v)],
  ['readonly', 'a boolean or string', (v) => isBoolean(v) || isString(v)],
  ['conditional', 'an object', isPlainObject],
  ['conditional.hide', 'a string or boolean', (v) => isBoolean(v) || isString(v)],
  ['validate', 'an object', isPlainObject],
  ['validate.required', 'a boolean', isBoolean],
  ['validate.pattern', 'a string', isString],
  ['validate.patternErrorMessage', 'a string', isString],
  ['validate.validationType', 'email, phone, custom or empty', oneOf('email', 'phone', 'custom', '', null)],
  ['validate.min', 'a number or string', isNumberOrString],
  ['validate.max', 'a number or string', isNumberOrString],
  ['validate.minLength', 'an integer or string', isIntegerOrString],
  ['validate.maxLength', 'an integer or string', isIntegerOrString],
  ['values', 'an array of options', (v) => Array.isArray(v) && v.every(isPlainObject)],
  ['valuesKey', 'a string without spaces', (v) => isString(v) && /^[^\s]*$/.test(v as string)],
  ['valuesExpression', 'a string', isString],
  ['expression', 'a string', isString],
  ['computeOn', 'change or presubmit', oneOf('change', 'presubmit')],
  ['subtype', 'date, time or datetime', oneOf('date', 'time', 'datetime')],
  ['timeSerializingFormat', 'utc_offset, utc_normalized or no_timezone', oneOf('utc_offset', 'utc_normalized', 'no_timezone')],
  ['timeInterval', 'an integer from 1 to 60', (v) => isInteger(v) && (v as number) >= 1 && (v as number) <= 60],
  ['disallowPassedDates', 'a boolean', isBoolean],
  ['increment', 'a number or string', isNumberOrString],
  ['decimalDigits', 'an integer', isInteger],
  ['serializeToString', 'a boolean', isBoolean],
  ['action', 'submit or reset', oneOf('submit', 'reset')],
  ['verticalAlignment', 'start, center or end', oneOf('start', 'center', 'end')],
  ['isRepeating', 'a boolean', isBoolean],
  ['defaultRepetitions', 'a non-negative integer', (v) => isInteger(v) && (v as number) >= 0],
  ['rowCount', 'a number', (v) => typeof v === 'number'],
  ['height', 'a number', (v) => typeof v === 'number'],
  ['layout', 'an object', isPlainObject],
  ['layout.row', 'a string or null', (v) => v === null || isString(v)],
  ['layout.columns', 'an integer from 2 to 16 or null', (v) => v === null || (isInteger(v) && (v as number) >= 2 && (v as number) <= 16)],
  ['properties', 'an object', isPlainObject],
  ['columns', 'an array of columns', (v) => Array.isArray(v) && v.every(isPlainObject)],
];

/** form-json-schema `rules-defaultValue-type`. */
function defaultValueType(type: string): [string, (value: unknown) => boolean] | null {
  if (type === 'checkbox') return ['a boolean', isBoolean];
  if (['textfield', 'textarea', 'datetime', 'radio', 'select'].includes(type)) return ['a string', isString];
  if (type === 'number') return ['a number or string', isNumberOrString];
  if (type === 'checklist' || type === 'taglist') return ['an array', Array.isArray];
  return null;
}

function read(component: Record<string, unknown>, property: string): { present: boolean; value: unknown } {
  const [head, tail] = property.split('.') as [string, string | undefined];
  if (!Object.prototype.hasOwnProperty.call(component, head)) return { present: false, value: undefined };
  if (tail === undefined) return { present: true, value: component[head] };
  const parent = component[head];
  if (!isPlainObject(parent) || !Object.prototype.hasOwnProperty.call(parent, tail)) return { present: false, value: undefined };
  return { present: true, value: parent[tail] };
}

const pointerOf = (location: string, property: string) => `${location}/${property.split('.').join('/')}`;

/** Claims of value paths, with the viewer's rules (form-js `PathRegistry#canClaimPath`). */
class PathClaims {
  private readonly claims: Array<{ path: string[]; closed: boolean; repeater: boolean; owner: CompiledField }> = [];

  /** Records the claim, or returns the owner of the claim it conflicts with. */
  claim(field: CompiledField, path: string[], closed: boolean, repeater: boolean): CompiledField | undefined {
    const ancestors = new Set<CompiledField>();
    for (let current = field.parent; current; current = current.parent) ancestors.add(current);
    const isPrefix = (prefix: string[], of: string[]) => prefix.length <= of.length && prefix.every((segment, index) => segment === of[index]);
    for (const other of this.claims) {
      // A key closes its path; a repeating list admits only its own descendants below it.
      if (isPrefix(other.path, path) && (other.closed || (other.repeater && !ancestors.has(other.owner)))) return other.owner;
    }
    // Landing on a path others pass through: only an open, non-repeating path (a group) may share it.
    const through = this.claims.find((other) => isPrefix(path, other.path));
    if (through && (closed || repeater)) return through.owner;
    this.claims.push({ path, closed, repeater, owner: field });
    return undefined;
  }
}

/**
 * Checks a form definition and returns every problem found, each with its location in the schema; `[]` when
 * the form can be published. `form` may be anything (it usually comes from a request body).
 *
 * Accepted, as by form-js: a button without `action`, `layout.row: null`, a select without `values`.
 */
export function checkFormDefinition(form: unknown, options: CheckFormDefinitionOptions = {}): FormDefinitionProblem[] {
  const problems: FormDefinitionProblem[] = [];
  const report = (code: FormDefinitionErrorCode, location: string, params: Record<string, unknown> = {}) => {
    problems.push({ code, location, message: definitionErrorMessage(code, params), ...(Object.keys(params).length > 0 ? { params } : {}) });
  };

  if (!isPlainObject(form)) {
    report('TB_FORM_DEFINITION_INVALID', '', { reason: 'the form must be an object' });
    return problems;
  }
  if (form.type !== 'default') report('TB_FORM_DEFINITION_INVALID', '/type', { reason: 'type must be "default"' });
  if (!Array.isArray(form.components)) {
    report('TB_FORM_DEFINITION_INVALID', '/components', { reason: 'components must be an array' });
    return problems;
  }
  if (form.schemaVersion !== undefined) {
    const version = form.schemaVersion;
    if (!Number.isInteger(version) || (version as number) < 1 || (version as number) > MAX_SCHEMA_VERSION) {
      report('TB_FORM_DEFINITION_SCHEMA_VERSION', '/schemaVersion', { max: MAX_SCHEMA_VERSION, schemaVersion: version });
    }
  }
  for (const property of ['layout', 'conditional', 'properties']) {
    if (property in form) report('TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED', `/${property}`, { property, type: 'default' });
  }

  const ids = new Map<string, string>();
  const checkComponent = (component: unknown, location: string) => {
    if (!isPlainObject(component)) {
      report('TB_FORM_DEFINITION_INVALID', location, { reason: 'a component must be an object' });
      return;
    }
    const type = component.type;
    if (typeof type !== 'string') {
      report('TB_FORM_DEFINITION_MISSING_PROPERTY', `${location}/type`, { property: 'type' });
      return;
    }
    if (!(type in FIELD_TYPES) || type === 'default') {
      report('TB_FORM_DEFINITION_UNKNOWN_TYPE', `${location}/type`, { type });
      return;
    }
    for (const rule of ALLOWED) {
      if (rule.allowedOn(type)) continue;
      for (const property of rule.properties) {
        if (read(component, property).present) report('TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED', pointerOf(location, property), { property, type });
      }
    }
    for (const [property, expected, accepts] of TYPES) {
      const { present, value } = read(component, property);
      if (present && !accepts(value)) report('TB_FORM_DEFINITION_PROPERTY_TYPE', pointerOf(location, property), { property, expected });
    }
    if (typeof component.id === 'string') {
      if (ids.has(component.id)) report('TB_FORM_DEFINITION_DUPLICATE_ID', `${location}/id`, { id: component.id, other: ids.get(component.id) });
      else ids.set(component.id, location);
    }
    if (INPUTS.has(type)) {
      if (component.key === undefined) report('TB_FORM_DEFINITION_MISSING_PROPERTY', location, { property: 'key' });
      else if (typeof component.key === 'string' && (!KEY_PATTERN.test(component.key) || component.key.split('.').some((s) => RESERVED_SEGMENTS.has(s)))) {
        report('TB_FORM_DEFINITION_INVALID_KEY', `${location}/key`, { key: component.key });
      }
    }
    if (CONTAINERS.has(type) && typeof component.path === 'string') {
      if (!PATH_PATTERN.test(component.path) || component.path.split('.').some((s) => RESERVED_SEGMENTS.has(s))) {
        report('TB_FORM_DEFINITION_INVALID_PATH', `${location}/path`, { path: component.path });
      }
    }
    if (type === 'dynamiclist' && (component.path === undefined || component.path === '')) {
      report('TB_FORM_DEFINITION_MISSING_PROPERTY', location, { property: 'path' });
    }
    if (type === 'expression') {
      for (const property of ['expression', 'computeOn']) {
        if (component[property] === undefined) report('TB_FORM_DEFINITION_MISSING_PROPERTY', location, { property });
      }
    }
    if (PRESENTATION_DATA.has(type) && component.dataSource === undefined) {
      report('TB_FORM_DEFINITION_MISSING_PROPERTY', location, { property: 'dataSource' });
    }
    if (type === 'table') {
      const hasColumns = component.columns !== undefined;
      const hasExpression = component.columnsExpression !== undefined;
      if (hasColumns === hasExpression) {
        report(hasColumns ? 'TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED' : 'TB_FORM_DEFINITION_MISSING_PROPERTY', location, {
          property: 'columns or columnsExpression (exactly one)',
          type,
        });
      }
    }
    const validate = isPlainObject(component.validate) ? component.validate : undefined;
    if (validate?.patternErrorMessage !== undefined && validate.pattern === undefined) {
      report('TB_FORM_DEFINITION_MISSING_PROPERTY', `${location}/validate`, { property: 'validate.pattern' });
    }
    if (typeof validate?.pattern === 'string') {
      try {
        new RegExp(validate.pattern);
      } catch (error) {
        report('TB_FORM_DEFINITION_PATTERN', `${location}/validate/pattern`, { reason: error instanceof Error ? error.message : String(error) });
      }
    }
    if (component.defaultValue !== undefined) {
      const typed = defaultValueType(type);
      const fromInput = OPTION_TYPES.has(type) && typeof component.valuesKey === 'string';
      if (!INPUTS.has(type) || fromInput) report('TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED', `${location}/defaultValue`, { property: 'defaultValue', type });
      else if (typed && !typed[1](component.defaultValue)) {
        report('TB_FORM_DEFINITION_PROPERTY_TYPE', `${location}/defaultValue`, { property: 'defaultValue', expected: typed[0] });
      }
    }
    for (const { property, expression } of componentFeel(component as FormComponent)) {
      const flavour = property === 'conditional.hide' || property === 'readonly' ? 'unaryTests' : 'expression';
      const error = findFeelSyntaxError(expression, flavour);
      if (error) report('TB_FORM_DEFINITION_FEEL_SYNTAX', pointerOf(location, property), { reason: error.message, expression });
    }
    if (Array.isArray(component.components) && CONTAINERS.has(type)) {
      component.components.forEach((child, index) => checkComponent(child, `${location}/components/${index}`));
    }
  };
  form.components.forEach((component, index) => checkComponent(component, `/components/${index}`));

  const compiled = compileForm(form as FormSchema);
  checkBindings(compiled.fields, report);
  checkExpressionCycles(compiled.fields, report);
  if (options.knownVariables) checkVariables(compiled.fields, new Set(options.knownVariables), report);
  return problems;
}

type Report = (code: FormDefinitionErrorCode, location: string, params?: Record<string, unknown>) => void;

function checkBindings(fields: CompiledField[], report: Report): void {
  const claims = new PathClaims();
  for (const field of fields) {
    if (!field.info || field.binding === undefined || !(field.info.keyed || field.info.pathed)) continue;
    if (field.info.pathed && field.binding.length === 0) continue;
    const path = patternPathOf(field).map(String).filter((segment) => segment !== '*');
    const other = claims.claim(field, path, field.info.keyed, field.repeating);
    if (other) {
      report('TB_FORM_DEFINITION_DUPLICATE_KEY', `${field.location}/${field.info.keyed ? 'key' : 'path'}`, {
        binding: path.join('.'),
        other: other.location,
      });
    }
  }
}

function checkExpressionCycles(fields: CompiledField[], report: Report): void {
  const expressions = fields.filter((field) => field.type === 'expression' && field.binding !== undefined && typeof field.component.expression === 'string');
  const byRoot = new Map<string, CompiledField[]>();
  for (const field of expressions) {
    const root = String(patternPathOf(field)[0]);
    byRoot.set(root, [...(byRoot.get(root) ?? []), field]);
  }
  const dependencies = new Map<CompiledField, CompiledField[]>(
    expressions.map((field) => [field, feelVariableNames(field.component.expression as string).flatMap((name) => byRoot.get(name) ?? [])]),
  );
  const reported = new Set<CompiledField>();
  for (const start of expressions) {
    const stack: CompiledField[] = [];
    const visit = (field: CompiledField): CompiledField[] | null => {
      if (stack.includes(field)) return stack.slice(stack.indexOf(field));
      stack.push(field);
      for (const next of dependencies.get(field) ?? []) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
      stack.pop();
      return null;
    };
    const cycle = visit(start);
    if (cycle && cycle[0] === start && !cycle.some((field) => reported.has(field))) {
      cycle.forEach((field) => reported.add(field));
      report('TB_FORM_DEFINITION_EXPRESSION_CYCLE', `${start.location}/expression`, {
        cycle: [...cycle, start].map((field) => field.component.key).join(' → '),
      });
    }
  }
}

const SCOPE_VARIABLES = new Set(['this', 'parent', 'i', '_this_', '_parent_', '_i_']);

function checkVariables(fields: CompiledField[], known: ReadonlySet<string>, report: Report): void {
  const bound = new Set<string>();
  for (const field of fields) {
    if (field.binding === undefined || !(field.info?.keyed || field.info?.pathed)) continue;
    const root = patternPathOf(field)[0];
    if (root !== undefined) bound.add(String(root));
  }
  const acceptable = (name: string) => SCOPE_VARIABLES.has(name) || bound.has(name) || known.has(name);
  for (const field of fields) {
    const component = field.component;
    if (OPTION_TYPES.has(field.type) && typeof component.valuesKey === 'string' && component.valuesKey !== '' && !acceptable(component.valuesKey)) {
      report('TB_FORM_DEFINITION_UNKNOWN_VARIABLE', `${field.location}/valuesKey`, { variable: component.valuesKey });
    }
    for (const { property, expression } of componentFeel(component)) {
      for (const name of feelVariableNames(expression)) {
        if (!acceptable(name)) report('TB_FORM_DEFINITION_UNKNOWN_VARIABLE', pointerOf(field.location, property), { variable: name, expression });
      }
    }
  }
}
