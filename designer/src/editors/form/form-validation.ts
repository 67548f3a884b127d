import { validateSubmission, type FormSchema } from '@tongban/forms';

/** One failing field of the preview data, as the runtime will report it. */
export interface PreviewError {
  path: string;
  key: string;
  code: string;
  label?: string;
  message: { zh: string; en: string };
}

/**
 * Validates the preview data with `@tongban/forms` — the same pure rules the runtime applies to a submission —
 * so the designer shows what the server would answer. A schema the validator cannot read is one error at `''`.
 */
export function validatePreview(schema: unknown, data: Record<string, unknown>): { ok: boolean; errors: PreviewError[] } {
  try {
    const result = validateSubmission(schema as FormSchema, data);
    return { ok: result.ok, errors: result.errors.map((error) => ({ path: error.path, key: error.key, code: error.code, label: error.label, message: error.message })) };
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '', key: '', code: 'TB_FORM_SCHEMA_UNREADABLE', message: { zh: `表单定义无法校验：${String(error)}`, en: `the form cannot be validated: ${String(error)}` } }],
    };
  }
}

/** An empty form-js schema for a new form. */
export function emptyForm(id: string): Record<string, unknown> {
  return { type: 'default', id, schemaVersion: 18, components: [] };
}
