/**
 * Options of select, radio, checklist and taglist fields, resolved the way the form-js viewer resolves them.
 */
import type { FormComponent } from './form-model';
import { getAt, isPlainObject } from './internal/values';

/** One normalised option. */
export interface FieldOption {
  value: unknown;
  label: string;
}

/** Where a field takes its options from, in the viewer's order of precedence. */
export type OptionsSource = 'input' | 'static' | 'expression' | 'none';

function isAllowedPrimitive(value: unknown): boolean {
  return ['number', 'string', 'boolean'].includes(typeof value) && (Boolean(value) || value === 0 || value === false);
}

function isAllowedValue(value: unknown): boolean {
  return isPlainObject(value) ? Object.keys(value).length > 0 : isAllowedPrimitive(value);
}

function normaliseOption(option: unknown): FieldOption | null {
  if (isAllowedPrimitive(option)) return { value: option, label: String(option) };
  if (isPlainObject(option)) {
    const hasLabel = typeof option.label === 'string' && option.label !== '';
    if (!hasLabel && isAllowedPrimitive(option.value)) return { value: option.value, label: String(option.value) };
    if (hasLabel && isAllowedValue(option.value)) return { value: option.value, label: option.label as string };
  }
  return null;
}

/**
 * Normalises raw options (form-js `normalizeOptionsData`): a primitive is its own label; an object needs a
 * non-empty label or a primitive value; empty strings, `null` and empty objects are dropped.
 */
export function normaliseOptions(raw: readonly unknown[]): FieldOption[] {
  return raw.filter(isAllowedValue).map(normaliseOption).filter((option): option is FieldOption => option !== null);
}

/**
 * The options source the viewer renders from: `valuesKey` when defined, else static `values` when defined, else a
 * non-empty `valuesExpression`, else none (the viewer shows an error and keeps the value).
 */
export function optionsSourceOf(component: FormComponent): OptionsSource {
  if (component.valuesKey !== undefined) return 'input';
  if (component.values !== undefined) return 'static';
  if (component.valuesExpression) return 'expression';
  return 'none';
}

/**
 * The option values a field accepts when the form data is imported (form-js `sanitizeSingleSelectValue`):
 * `null` when the options come from an expression (checked later against the evaluated options), `[]` when the
 * options are not a list.
 */
export function importOptionValues(component: FormComponent, data: Record<string, unknown>): unknown[] | null {
  if (component.valuesExpression) return null;
  const raw = component.valuesKey ? getAt(data, [component.valuesKey]) : component.values;
  return Array.isArray(raw) ? normaliseOptions(raw).map((option) => option.value) : [];
}

/**
 * The options a rendered field shows (form-js `useOptionsAsync`), or `null` when the field has no usable source
 * (the viewer then shows an error and leaves the value alone). Input options are read from the imported data;
 * `evaluate` evaluates the `valuesExpression` in the field's scope.
 */
export function renderOptions(
  component: FormComponent,
  initialData: Record<string, unknown>,
  evaluate: (expression: string) => unknown,
): FieldOption[] | null {
  switch (optionsSourceOf(component)) {
    case 'input': {
      const raw = getAt(initialData, [component.valuesKey as string]);
      return normaliseOptions(Array.isArray(raw) ? raw : []);
    }
    case 'static':
      return normaliseOptions(Array.isArray(component.values) ? component.values : []);
    case 'expression': {
      // The viewer memoises `evaluation || []`, so a null result is an empty list and any other non-list an error.
      const evaluated = evaluate(component.valuesExpression as string) ?? [];
      return Array.isArray(evaluated) ? normaliseOptions(evaluated) : null;
    }
    default:
      return null;
  }
}
