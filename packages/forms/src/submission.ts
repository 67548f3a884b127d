/**
 * Server-side validation of a form submission with the rules of the form-js viewer (`Form.submit()`).
 *
 * The viewer's behaviour is reproduced in the order it happens in the browser:
 *
 * 1. *Import* (`Form#_getInitializedFieldData`): every bound field gets its submitted value, sanitised by type, or
 *    its `defaultValue`, or its type's empty value; a repeating dynamic list gets an array of objects
 *    (`defaultRepetitions` empty items when absent).
 * 2. *Render*, repeated until nothing changes: the data FEEL sees is the data with the values of hidden fields
 *    removed (`ConditionChecker#applyConditions`, merged over the imported data as the viewer does); a field is
 *    rendered when its ancestors are and its `conditional.hide` unary test is not `true`; rendered expression
 *    fields (`computeOn: 'change'`) compute their value.
 * 3. *Submit*: `computeOn: 'presubmit'` expressions compute; the submitted data holds the value of every rendered,
 *    enabled keyed field at its value path, and nothing else; every rendered, enabled field is validated
 *    (`Validator#validateFieldInstance`).
 *
 * FEEL follows the viewer too: a condition is a unary test and only `true` hides, so a condition that fails to
 * evaluate (syntax error, exception) leaves the field visible; a limit (`validate.min`…) that evaluates to `null`
 * is no limit; an expression that fails computes `null`; a name nobody defines may resolve to a FEEL built-in
 * (`=min` is a function, hence "not a valid number").
 *
 * Deliberate divergences from the viewer, each shown against the real viewer in `test/divergences.test.ts`:
 *
 * - Input the viewer silently replaces (a string in a number field, an option that is not offered, an unreadable
 *   or non-canonical date, a list or group that is not an array or object, a non-boolean checkbox) is reported as
 *   `TB_FORM_FIELD_TYPE`, `TB_FORM_FIELD_OPTION` or `TB_FORM_FIELD_DATE`, because the viewer could not have
 *   submitted it; the data still holds what the viewer would have made of it. Lossless coercions (a number in a
 *   text field, a numeric string in a number field) pass. `coercion: 'viewer'` reports none of these and also
 *   clears options from `valuesExpression` and file references while "rendering", exactly like the viewer.
 *   In the default mode options from a `valuesExpression` are checked once, against the final data.
 * - Submitted values of `expression` fields are ignored and every expression is computed to a fixed point, read-only
 *   ones included. The viewer keeps an imported value until the expression's result differs from it, never updates
 *   read-only fields, and computes each expression at most once per change cycle (`ExpressionLoopPreventer`),
 *   which can leave a chained value stale (a viewer bug).
 * - A `filepicker` keeps its value, a file reference; the viewer clears any reference it has no `File` for.
 * - Date pickers: `disallowPassedDates` (when `now` is given) and the Tongban custom properties
 *   `properties.minDate`/`maxDate` (`today`, `YYYY-MM-DD` or FEEL) are checked; the viewer only restricts its
 *   picker. Its pickers also rewrite some dates after rendering (seconds dropped, offsets converted to the
 *   browser's zone); packages/forms keeps canonical values as they are and has no browser time zone.
 * - Inputs without `key`, dynamic lists without `path` and unknown types bind nothing (the viewer invents random
 *   keys or refuses the form); a group path holding a primitive is a type error (the viewer's import throws).
 *   `checkFormDefinition` reports the broken definitions.
 * - FEEL `now()`/`today()` use the injected clock (`null` without one), never the system clock.
 */
import type { LocalizedText } from '@tongban/schemas';
import { fieldErrorMessage, type FormFieldErrorCode } from './codes';
import { clockFunctions, evaluateFeel, feelVariableNames, isFeelExpression, localNow, testFeel, toPlainValue, type FeelClock } from './feel';
import {
  compileForm,
  isValueField,
  labelOf,
  MULTI_OPTION_TYPES,
  OPTION_TYPES,
  patternPathOf,
  valuePathOf,
  type CompiledField,
  type CompiledForm,
  type FormComponent,
  type FormSchema,
  type FormValidation,
  type RepetitionIndexes,
} from './form-model';
import { calendarDateOf, datetimeFormatLabel, isCanonicalDatetime, viewerKeepsDatetime } from './internal/datetime';
import { decimalPlaces, incrementViolation, toDecimal } from './internal/decimal';
import { EMAIL_PATTERN, PHONE_PATTERN } from './internal/patterns';
import {
  cloneData,
  deepEqual,
  getAt,
  includesEqual,
  isPlainObject,
  setAt,
  toPointer,
  type PathSegment,
} from './internal/values';
import { importOptionValues, renderOptions } from './options';

/** One failing rule of one field. */
export interface FieldError {
  /** JSON Pointer into the submitted data, e.g. `/applicant/name` or `/members/2/idNumber`. */
  path: string;
  /** The field's `key` (for a group or list, its `path`). */
  key: string;
  code: FormFieldErrorCode;
  message: LocalizedText;
  /** The field's label as the form shows it, when it has one. */
  label?: string;
  /** Parameters of the failed rule (limit, pattern, …). */
  params?: Record<string, unknown>;
}

/** The outcome of {@link validateSubmission}. */
export interface SubmissionResult {
  /** `true` when `errors` is empty. */
  ok: boolean;
  /**
   * What the form submits: the values of the visible, enabled keyed fields at their value paths (dotted keys, group
   * and list paths), computed expression fields included. Unknown keys, hidden and disabled fields are absent.
   */
  data: Record<string, unknown>;
  /** Every failing rule of every field, in form order. */
  errors: FieldError[];
}

/** Options of {@link validateSubmission}. */
export interface ValidateSubmissionOptions extends FeelClock {
  /**
   * Variables FEEL may read besides the form data: process variables, the applicant's profile, option lists named
   * by `valuesKey`, limits named in `validate`. Top-level keys that form fields bind are taken from the submitted
   * data only, and top-level keys of the submitted data that no field binds are ignored.
   */
  context?: Record<string, unknown>;
  /**
   * `'reject'` (default) reports input the viewer would silently change (type, option, date format);
   * `'viewer'` changes it like the viewer and reports nothing for it.
   */
  coercion?: 'reject' | 'viewer';
}

interface Scope {
  data: Record<string, unknown>;
  this: unknown;
  parent: unknown;
  i: number[];
}

interface Instance {
  field: CompiledField;
  path: PathSegment[];
  scope: Scope;
}

interface Issue {
  code: FormFieldErrorCode;
  params: Record<string, unknown>;
}

interface Rendered {
  instances: Instance[];
  /** Visible groups and lists, with their value paths (to report issues of their own value). */
  containers: Array<{ field: CompiledField; path: PathSegment[] }>;
}

const MAX_RENDER_ROUNDS = 50;

/** Spreads a value like JavaScript's object spread does (strings spread into characters, others into nothing). */
function spread(value: unknown): Record<string, unknown> {
  return value === null || value === undefined ? {} : { ...(Object(value) as Record<string, unknown>) };
}

const variableNames = new Map<string, string[]>();

/** The variables an expression reads, memoised (bounded: forms have few distinct expressions). */
function variablesOf(expression: string): string[] {
  let names = variableNames.get(expression);
  if (!names) {
    if (variableNames.size > 10_000) variableNames.clear();
    names = feelVariableNames(expression);
    variableNames.set(expression, names);
  }
  return names;
}

class Evaluator {
  private readonly contexts = new WeakMap<Scope, Record<string, unknown>>();
  private readonly clock: Record<string, unknown>;

  constructor(clock: FeelClock) {
    this.clock = clockFunctions(clock);
  }

  /** form-js `buildExpressionContext`: the scope's special variables, the data over them, then `_this_`… */
  context(scope: Scope): Record<string, unknown> {
    let context = this.contexts.get(scope);
    if (!context) {
      context = {
        ...this.clock,
        this: scope.this,
        parent: scope.parent,
        i: scope.i,
        ...scope.data,
        _this_: scope.this,
        _parent_: scope.parent,
        _i_: scope.i,
      };
      this.contexts.set(scope, context);
    }
    return context;
  }

  /**
   * The part of the scope's context an expression reads. feelin copies its whole context on every evaluation, so
   * handing it only the variables the expression names (and the clock) keeps validation linear in the form size.
   */
  private contextFor(expression: string, scope: Scope): Record<string, unknown> {
    const full = this.context(scope);
    const narrowed: Record<string, unknown> = { ...this.clock };
    for (const name of variablesOf(expression)) {
      if (Object.prototype.hasOwnProperty.call(full, name)) narrowed[name] = full[name];
    }
    return narrowed;
  }

  evaluate(expression: unknown, scope: Scope): unknown {
    return isFeelExpression(expression) ? evaluateFeel(expression, this.contextFor(expression, scope)) : null;
  }

  isHidden(component: FormComponent, scope: Scope): boolean {
    const hide = component.conditional?.hide;
    return isFeelExpression(hide) && testFeel(hide, this.contextFor(hide, scope)) === true;
  }

  isReadonly(component: FormComponent, scope: Scope): boolean {
    const readonly = component.readonly;
    return isFeelExpression(readonly) ? testFeel(readonly, this.contextFor(readonly, scope)) === true : Boolean(readonly);
  }
}

const isDisabled = (component: FormComponent) => Boolean(component.disabled);

class IssueBook {
  private readonly issues = new Map<string, Issue[]>();

  constructor(private readonly enabled: boolean) {}

  add(path: readonly PathSegment[], code: FormFieldErrorCode, params: Record<string, unknown> = {}): void {
    if (!this.enabled) return;
    const pointer = toPointer(path);
    const list = this.issues.get(pointer) ?? [];
    if (!list.some((issue) => issue.code === code)) list.push({ code, params });
    this.issues.set(pointer, list);
  }

  at(path: readonly PathSegment[]): Issue[] {
    return this.issues.get(toPointer(path)) ?? [];
  }
}

// --- 1. import -----------------------------------------------------------------------------------------------

function sanitise(field: CompiledField, value: unknown, source: Record<string, unknown>, path: PathSegment[], issues: IssueBook): unknown {
  const component = field.component;
  const nil = value === null || value === undefined;
  const structured = Array.isArray(value) || isPlainObject(value);
  switch (field.type) {
    case 'textfield':
    case 'textarea':
      if (structured) {
        issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'string' });
        return '';
      }
      if (nil) return '';
      // The textfield input cannot hold line breaks or tabs, so form-js turns them into spaces.
      return field.type === 'textfield' && typeof value === 'string' ? value.replace(/[\r\n\t]/g, ' ') : String(value);
    case 'number': {
      if (nil || value === '') return null;
      const numeric = (typeof value === 'number' || typeof value === 'string') && !Number.isNaN(Number(value));
      if (!numeric || toDecimal(value) === null) issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'number' });
      if (!numeric) return null;
      return component.serializeToString ? String(value) : Number(value);
    }
    case 'checkbox':
      if (typeof value !== 'boolean' && !nil) issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'boolean' });
      return value === true;
    case 'checklist':
    case 'taglist': {
      if (!Array.isArray(value) && !nil) issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'array' });
      const valid = importOptionValues(component, source);
      // Options from an expression are checked after rendering; until then the viewer keeps any value.
      if (valid === null) return value;
      if (!Array.isArray(value)) return [];
      const kept = value.filter((item) => includesEqual(valid, item));
      if (kept.length < value.length) issues.add(path, 'TB_FORM_FIELD_OPTION');
      return kept;
    }
    case 'radio':
    case 'select': {
      const valid = importOptionValues(component, source);
      if (valid === null) return value;
      if (includesEqual(valid, value)) return value;
      if (!nil && value !== '') issues.add(path, 'TB_FORM_FIELD_OPTION');
      return null;
    }
    case 'datetime': {
      if (nil) return null;
      if (typeof value !== 'string') {
        issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'string' });
        return null;
      }
      const format = datetimeFormatLabel(component.subtype, component.timeSerializingFormat);
      if (!viewerKeepsDatetime(component.subtype, value)) {
        if (value !== '') issues.add(path, 'TB_FORM_FIELD_DATE', { format });
        return null;
      }
      if (!isCanonicalDatetime(component.subtype, component.timeSerializingFormat, value)) {
        issues.add(path, 'TB_FORM_FIELD_DATE', { format });
      }
      return value;
    }
    case 'filepicker':
      if (!nil && typeof value !== 'string') issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'string' });
      return value;
    default:
      return value;
  }
}

function initialise(compiled: CompiledForm, source: Record<string, unknown>, issues: IssueBook): Record<string, unknown> {
  const state = cloneData(source);
  const visit = (field: CompiledField, indexes: RepetitionIndexes) => {
    if (field.info?.pathed && field.binding === undefined) return;
    const path = valuePathOf(field, indexes);
    let value = getAt(source, path);
    if (isValueField(field)) {
      // A dotted key's intermediate segments must be objects (a group's own path is checked by the group).
      const ownSegments = field.binding?.length ?? 0;
      for (let end = path.length - ownSegments + 1; end < path.length; end++) {
        const container = getAt(source, path.slice(0, end));
        if (container !== undefined && container !== null && typeof container !== 'object') {
          issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'object', container: toPointer(path.slice(0, end)) });
          break;
        }
      }
      // Computed fields never trust the submitted value (see the module comment).
      if (field.type === 'expression') value = undefined;
      if (value !== undefined) value = sanitise(field, value, source, path, issues);
      const { defaultValue } = field.component;
      const initial = value !== undefined ? value : defaultValue !== undefined ? cloneData(defaultValue) : field.info?.emptyValue?.();
      setAt(state, path, initial, true);
      return;
    }
    if (!Array.isArray(field.component.components)) return;
    if (field.repeating) {
      let items: unknown[];
      if (Array.isArray(value)) {
        items = value.map((item, index) => {
          if (isPlainObject(item)) return cloneData(item);
          issues.add([...path, index], 'TB_FORM_FIELD_TYPE', { expected: 'object' });
          return {};
        });
      } else {
        if (value !== undefined && value !== null) issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'array' });
        const repetitions = Number(field.component.defaultRepetitions);
        items = Array.from({ length: Number.isInteger(repetitions) && repetitions > 0 ? repetitions : 0 }, () => ({}));
      }
      setAt(state, path, items, true);
      items.forEach((_, index) => field.children.forEach((child) => visit(child, { ...indexes, [field.uid]: index })));
      return;
    }
    if (path.length > 0 && value !== undefined && value !== null && !isPlainObject(value)) {
      issues.add(path, 'TB_FORM_FIELD_TYPE', { expected: 'object' });
      setAt(state, path, {}, true);
    }
    field.children.forEach((child) => visit(child, indexes));
  };
  visit(compiled.root, {});
  return state;
}

// --- 2. render -----------------------------------------------------------------------------------------------

function clearCleanly(target: Record<string, unknown>, path: readonly PathSegment[]): void {
  const working = [...path];
  for (;;) {
    setAt(target, working, undefined);
    working.pop();
    const parent = getAt(target, working);
    const empty =
      (isPlainObject(parent) && Object.keys(parent).length === 0) ||
      (Array.isArray(parent) && parent.every((item) => item === undefined));
    if (working.length === 0 || !empty) return;
  }
}

/**
 * The data FEEL sees while the form renders (form-js `useFilteredFormData`): the values of hidden fields removed
 * (conditions evaluated on the unfiltered data, item by item in repeating lists), merged over the imported data.
 */
function filteredData(compiled: CompiledForm, state: Record<string, unknown>, initial: Record<string, unknown>, evaluator: Evaluator): Record<string, unknown> {
  const working = cloneData(state);
  interface ConditionScope {
    indexes: RepetitionIndexes;
    i: number[];
    scopeData: unknown;
    parentScopeData: unknown;
  }
  const withinScope = (root: CompiledField, scope: ConditionScope, startHidden: boolean) => {
    const expressionScope: Scope = { data: state, this: scope.scopeData, parent: scope.parentScopeData, i: scope.i };
    const visit = (field: CompiledField, inheritedHidden: boolean): void => {
      const info = field.info;
      if (!info || !(info.keyed || info.pathed)) {
        field.children.forEach((child) => visit(child, inheritedHidden));
        return;
      }
      if (field.binding === undefined) return;
      const hidden = startHidden || inheritedHidden || evaluator.isHidden(field.component, expressionScope);
      const path = valuePathOf(field, scope.indexes);
      if (info.keyed) {
        if (hidden) clearCleanly(working, path);
        return;
      }
      if (info.repeatable) {
        if (hidden) {
          clearCleanly(working, path);
          return;
        }
        const items = getAt(state, path);
        if (!Array.isArray(items) || items.length === 0 || field.children.length === 0) return;
        items.forEach((item, index) => {
          const itemScope: ConditionScope = {
            indexes: { ...scope.indexes, [field.uid]: index },
            i: [...scope.i, index + 1],
            scopeData: item,
            parentScopeData: scope.scopeData,
          };
          field.children.forEach((child) => withinScope(child, itemScope, false));
        });
        return;
      }
      field.children.forEach((child) => visit(child, hidden));
    };
    visit(root, false);
  };
  withinScope(compiled.root, { indexes: {}, i: [], scopeData: state, parentScopeData: null }, false);
  return { ...initial, ...working };
}

function render(compiled: CompiledForm, state: Record<string, unknown>, filtered: Record<string, unknown>, evaluator: Evaluator): Rendered {
  const rendered: Rendered = { instances: [], containers: [] };
  const visit = (field: CompiledField, scope: Scope, indexes: RepetitionIndexes) => {
    if (evaluator.isHidden(field.component, scope)) return;
    if (isValueField(field)) {
      rendered.instances.push({ field, path: valuePathOf(field, indexes), scope });
      return;
    }
    if (!field.info || (field.info.pathed && field.binding === undefined)) return;
    const path = valuePathOf(field, indexes);
    if (field.info.pathed) rendered.containers.push({ field, path });
    if (field.repeating) {
      const items = getAt(state, path);
      const parentContext = { ...evaluator.context({ ...scope, data: spread(scope.this) }) };
      (Array.isArray(items) ? items : []).forEach((item, index) => {
        const itemScope: Scope = { data: scope.data, this: item, parent: parentContext, i: [...scope.i, index + 1] };
        field.children.forEach((child) => visit(child, itemScope, { ...indexes, [field.uid]: index }));
      });
      return;
    }
    field.children.forEach((child) => visit(child, scope, indexes));
  };
  visit(compiled.root, { data: filtered, this: filtered, parent: null, i: [] }, {});
  return rendered;
}

/** What rendered components change in the data (React effects of the viewer's fields). */
function applyEffects(rendered: Rendered, state: Record<string, unknown>, initial: Record<string, unknown>, viewerCoercion: boolean, evaluator: Evaluator): boolean {
  const updates: Array<[PathSegment[], unknown]> = [];
  for (const { field, path, scope } of rendered.instances) {
    const component = field.component;
    if (isDisabled(component)) continue;
    const current = getAt(state, path);
    if (field.type === 'expression') {
      if (component.computeOn !== 'change') continue;
      const value = toPlainValue(evaluator.evaluate(component.expression, scope));
      if (!deepEqual(value, current)) updates.push([path, value]);
      continue;
    }
    if (!viewerCoercion || evaluator.isReadonly(component, scope)) continue;
    if (OPTION_TYPES.has(field.type)) {
      const options = renderOptions(component, initial, (expression) => evaluator.evaluate(expression, scope));
      if (!options) continue;
      const values = options.map((option) => option.value);
      if (MULTI_OPTION_TYPES.has(field.type)) {
        // A list value that is not an array breaks the viewer's clean-up effect, so it stays as it is.
        if (!Array.isArray(current)) continue;
        const list = current;
        if (list.some((item) => !includesEqual(values, item))) updates.push([path, list.filter((item) => includesEqual(values, item))]);
      } else if (current && !includesEqual(values, current)) {
        updates.push([path, null]);
      }
    } else if (field.type === 'filepicker' && current) {
      // The viewer has no File behind a reference it did not pick itself, and drops the reference.
      updates.push([path, null]);
    }
  }
  for (const [path, value] of updates) setAt(state, path, value, true);
  return updates.length > 0;
}

// --- 3. validate ---------------------------------------------------------------------------------------------

function evaluatedValidation(validate: FormValidation, scope: Scope, evaluator: Evaluator): FormValidation {
  const evaluated: FormValidation = { ...validate };
  for (const property of ['min', 'max', 'minLength', 'maxLength'] as const) {
    const raw = evaluated[property];
    const value = isFeelExpression(raw) ? evaluator.evaluate(raw, scope) : raw;
    if (value === null || value === undefined) delete evaluated[property];
    else evaluated[property] = value as number | string;
  }
  return evaluated;
}

function matchesPattern(pattern: unknown, value: unknown): boolean {
  try {
    return new RegExp(String(pattern)).test(String(value));
  } catch {
    return false;
  }
}

/** form-js `runNumberValidation`: `NaN`, `decimalDigits` and `increment`. */
function numberIssues(component: FormComponent, value: unknown): Issue[] {
  if (value === 'NaN') return [{ code: 'TB_FORM_FIELD_TYPE', params: { expected: 'number' } }];
  if (!value) return [];
  const decimal = toDecimal(value);
  if (!decimal) return [{ code: 'TB_FORM_FIELD_TYPE', params: { expected: 'number' } }];
  const issues: Issue[] = [];
  // Relational comparison as in the viewer: `null` counts as 0, a missing value never matches.
  const decimalDigits = Number(component.decimalDigits);
  if (decimalDigits >= 0 && decimalPlaces(decimal) > decimalDigits) {
    issues.push({ code: 'TB_FORM_FIELD_DECIMAL_DIGITS', params: { decimalDigits } });
  }
  const increment = component.increment ? toDecimal(component.increment) : null;
  const violation = increment ? incrementViolation(decimal, increment) : null;
  if (violation) issues.push({ code: 'TB_FORM_FIELD_INCREMENT', params: { increment: String(component.increment), ...violation } });
  return issues;
}

/** form-js `runPresetValidation`: pattern, required, min/max, minLength/maxLength, email and phone. */
function presetIssues(type: string, validation: FormValidation, value: unknown): Issue[] {
  const issues: Issue[] = [];
  if (validation.pattern && value && !matchesPattern(validation.pattern, value)) {
    issues.push({ code: 'TB_FORM_FIELD_PATTERN', params: { pattern: validation.pattern, patternErrorMessage: validation.patternErrorMessage } });
  }
  if (validation.required) {
    const empty =
      (type === 'checkbox' && value === false) ||
      value === null ||
      value === undefined ||
      value === '' ||
      (Array.isArray(value) && value.length === 0);
    if (empty) issues.push({ code: 'TB_FORM_FIELD_REQUIRED', params: {} });
  }
  const present = Boolean(value) || value === 0;
  for (const [bound, code, fails] of [
    ['min', 'TB_FORM_FIELD_MIN', (a: number) => a < 0],
    ['max', 'TB_FORM_FIELD_MAX', (a: number) => a > 0],
  ] as const) {
    if (!(bound in validation) || !present) continue;
    const actual = toDecimal(value);
    const limit = toDecimal(validation[bound]);
    if (!actual || !limit) issues.push({ code, params: { invalidLimit: true } });
    else if (fails(actual.cmp(limit))) issues.push({ code, params: { [bound]: String(validation[bound]) } });
  }
  if (typeof value === 'string' && value !== '') {
    const length = value.trim().length;
    if ('minLength' in validation && length < Number(validation.minLength)) {
      issues.push({ code: 'TB_FORM_FIELD_MIN_LENGTH', params: { minLength: String(validation.minLength) } });
    }
    if ('maxLength' in validation && length > Number(validation.maxLength)) {
      issues.push({ code: 'TB_FORM_FIELD_MAX_LENGTH', params: { maxLength: String(validation.maxLength) } });
    }
  }
  if (value && validation.validationType === 'phone' && !PHONE_PATTERN.test(String(value))) {
    issues.push({ code: 'TB_FORM_FIELD_PHONE', params: {} });
  }
  if (value && validation.validationType === 'email' && !EMAIL_PATTERN.test(String(value))) {
    issues.push({ code: 'TB_FORM_FIELD_EMAIL', params: {} });
  }
  return issues;
}

function optionIssue(field: CompiledField, value: unknown, scope: Scope, initial: Record<string, unknown>, evaluator: Evaluator): Issue | null {
  const options = renderOptions(field.component, initial, (expression) => evaluator.evaluate(expression, scope));
  // Options that cannot be determined (an expression that is not a list) leave the value unchecked, as the viewer does.
  if (options === null) return null;
  const values = options.map((option) => option.value);
  const chosen = MULTI_OPTION_TYPES.has(field.type) ? (Array.isArray(value) ? value : []) : value === null || value === undefined || value === '' ? [] : [value];
  return chosen.every((item) => includesEqual(values, item)) ? null : { code: 'TB_FORM_FIELD_OPTION', params: {} };
}

function dateLimit(limit: unknown, scope: Scope, today: string | null, evaluator: Evaluator): string | null {
  if (limit === 'today') return today;
  if (isFeelExpression(limit)) return calendarDateOf(toPlainValue(evaluator.evaluate(limit, scope)));
  return calendarDateOf(limit);
}

function dateIssues(component: FormComponent, value: unknown, scope: Scope, today: string | null, evaluator: Evaluator): Issue[] {
  const date = component.subtype === 'time' ? null : calendarDateOf(value);
  if (!date) return [];
  const issues: Issue[] = [];
  if (component.disallowPassedDates && today && date < today) issues.push({ code: 'TB_FORM_FIELD_DATE', params: { reason: 'past', limit: today } });
  const properties = isPlainObject(component.properties) ? component.properties : {};
  const min = dateLimit(properties.minDate, scope, today, evaluator);
  const max = dateLimit(properties.maxDate, scope, today, evaluator);
  if (min && date < min) issues.push({ code: 'TB_FORM_FIELD_DATE', params: { reason: 'before', limit: min } });
  if (max && date > max) issues.push({ code: 'TB_FORM_FIELD_DATE', params: { reason: 'after', limit: max } });
  return issues;
}

function toFieldError(field: CompiledField, path: readonly PathSegment[], issue: Issue): FieldError {
  const component = field.component;
  const label = labelOf(component);
  const params = Object.fromEntries(Object.entries(issue.params).filter(([, value]) => value !== undefined));
  return {
    path: toPointer(path),
    key: typeof component.key === 'string' ? component.key : patternPathOf(field).join('.'),
    code: issue.code,
    message: fieldErrorMessage(issue.code, params),
    ...(label !== undefined ? { label } : {}),
    ...(Object.keys(params).length > 0 ? { params } : {}),
  };
}

function boundRoots(compiled: CompiledForm): Set<string> {
  const roots = new Set<string>();
  for (const field of compiled.fields) {
    if (!field.info || field.binding === undefined || !(field.info.keyed || field.info.pathed)) continue;
    const first = patternPathOf(field)[0];
    if (first !== undefined) roots.add(String(first));
  }
  return roots;
}

/**
 * Validates submitted form data against a form-js schema with the rules the form-js viewer applies on submit, and
 * returns the data the form submits.
 *
 * Pure and deterministic: no I/O and no clock (pass `now` for `today()`, `now()` and past-date rules). Never throws
 * for bad data or a bad form; a form that `checkFormDefinition` rejects is validated as far as it can be bound.
 *
 * @param form the form-js schema of the item version
 * @param data the submitted form data (a JSON object; anything else counts as `{}`)
 * @param options external FEEL variables, clock, and coercion policy
 */
export function validateSubmission(form: FormSchema, data: unknown, options: ValidateSubmissionOptions = {}): SubmissionResult {
  const compiled = compileForm(form);
  const viewerCoercion = options.coercion === 'viewer';
  const issues = new IssueBook(!viewerCoercion);
  const evaluator = new Evaluator(options);
  const today = localNow(options)?.date ?? null;

  // The applicant supplies the bound keys, the caller everything else (see `context`).
  const submitted = isPlainObject(data) ? data : {};
  const roots = boundRoots(compiled);
  const source: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.context ?? {})) if (!roots.has(key)) source[key] = value;
  for (const key of roots) if (Object.prototype.hasOwnProperty.call(submitted, key)) source[key] = submitted[key];

  const state = initialise(compiled, cloneData(source), issues);
  const initial = cloneData(state);

  let rendered = render(compiled, state, filteredData(compiled, state, initial, evaluator), evaluator);
  for (let round = 0; round < MAX_RENDER_ROUNDS && applyEffects(rendered, state, initial, viewerCoercion, evaluator); round++) {
    rendered = render(compiled, state, filteredData(compiled, state, initial, evaluator), evaluator);
  }

  const enabled = rendered.instances.filter(({ field }) => !isDisabled(field.component));
  for (const { field, path, scope } of enabled) {
    if (field.type === 'expression' && field.component.computeOn === 'presubmit') {
      setAt(state, path, toPlainValue(evaluator.evaluate(field.component.expression, scope)), true);
    }
  }

  const submitData: Record<string, unknown> = {};
  for (const { path } of enabled) setAt(submitData, path, getAt(state, path));

  const errors: FieldError[] = [];
  for (const { field, path } of rendered.containers) {
    for (const issue of issues.at(path)) errors.push(toFieldError(field, path, issue));
    const items = field.repeating ? getAt(state, path) : undefined;
    (Array.isArray(items) ? items : []).forEach((_, index) => {
      for (const issue of issues.at([...path, index])) errors.push(toFieldError(field, [...path, index], issue));
    });
  }
  for (const { field, path, scope } of enabled) {
    const component = field.component;
    const value = getAt(state, path);
    const found: Issue[] = [...issues.at(path)];
    if (field.type === 'number') found.push(...numberIssues(component, value));
    if (isPlainObject(component.validate)) {
      found.push(...presetIssues(field.type, evaluatedValidation(component.validate, scope, evaluator), value));
    }
    if (!viewerCoercion && OPTION_TYPES.has(field.type) && !found.some((issue) => issue.code === 'TB_FORM_FIELD_OPTION')) {
      const issue = optionIssue(field, value, scope, initial, evaluator);
      if (issue) found.push(issue);
    }
    if (field.type === 'datetime') found.push(...dateIssues(component, value, scope, today, evaluator));
    for (const issue of found) errors.push(toFieldError(field, path, issue));
  }

  return { ok: errors.length === 0, data: cloneData(submitData), errors };
}
