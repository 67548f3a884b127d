/** What a form-js schema says about each of its data fields, for showing submitted data to people. */
export interface FieldLabel {
  label: string;
  /** Option labels by value (select, radio, checklist, tag list). */
  options?: Record<string, string>;
}

interface FormComponent {
  key?: string;
  label?: string;
  values?: Array<{ value: unknown; label?: string }>;
  components?: FormComponent[];
}

/** The label (and option labels) of every keyed field of a form-js schema, nested groups included. */
export function formLabels(schema: unknown): Map<string, FieldLabel> {
  const labels = new Map<string, FieldLabel>();
  const walk = (components: FormComponent[] | undefined) => {
    for (const component of components ?? []) {
      if (component.key && component.label) {
        const options = component.values?.length
          ? Object.fromEntries(component.values.map((option) => [String(option.value), option.label ?? String(option.value)]))
          : undefined;
        labels.set(component.key, { label: component.label, ...(options ? { options } : {}) });
      }
      walk(component.components);
    }
  };
  walk((schema as { components?: FormComponent[] } | null)?.components);
  return labels;
}

/** A submitted value as a person reads it: option labels for chosen values, 是/否 for booleans, JSON otherwise. */
export function showValue(value: unknown, field: FieldLabel | undefined, yesNo: { yes: string; no: string }): string {
  if (typeof value === 'boolean') return value ? yesNo.yes : yesNo.no;
  if (field?.options && (typeof value === 'string' || typeof value === 'number')) return field.options[String(value)] ?? String(value);
  if (field?.options && Array.isArray(value) && value.every((entry) => typeof entry === 'string' || typeof entry === 'number')) {
    return value.map((entry) => field.options![String(entry)] ?? String(entry)).join('、');
  }
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
