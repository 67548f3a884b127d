/**
 * The agreement check between packages/forms and the real form-js viewer, shared by the agreement test files.
 *
 * Each form is rendered in jsdom by @bpmn-io/form-js-viewer and submitted with `Form#submit()`; its submitted data
 * and the failing field instances (by value path and rule) must equal what `validateSubmission` returns:
 *
 * - *imported data* (`coercion: 'viewer'`): any data, as a process would import it, with the variables in the
 *   same object (`context` = the data);
 * - *submitted data* (default, strict): what the viewer submitted for that data, sent to the server on its own,
 *   the variables coming from the context; the viewer is given the same, and the strict default must then find
 *   nothing to report that the viewer does not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateSubmission, type FieldError, type FormFieldErrorCode, type FormSchema } from '../../src/index';
import { compileForm, patternPathOf } from '../../src/form-model';
import { formDataArbitrary } from './arbitraries';
import { submitWithViewer, type ViewerSubmission } from './viewer';

const SEED = Number(process.env.FORMS_AGREEMENT_SEED ?? 20260424);

const VIEWER_MESSAGES: Array<[RegExp, FormFieldErrorCode]> = [
  [/^Field is required\.$/, 'TB_FORM_FIELD_REQUIRED'],
  [/^Field must have minimum value of /, 'TB_FORM_FIELD_MIN'],
  [/^Min validation value is not a valid number\.$/, 'TB_FORM_FIELD_MIN'],
  [/^Field must have maximum value of /, 'TB_FORM_FIELD_MAX'],
  [/^Max validation value is not a valid number\.$/, 'TB_FORM_FIELD_MAX'],
  [/^Field must have minimum length of /, 'TB_FORM_FIELD_MIN_LENGTH'],
  [/^Field must have maximum length of /, 'TB_FORM_FIELD_MAX_LENGTH'],
  [/^Field must match pattern /, 'TB_FORM_FIELD_PATTERN'],
  [/^Field must be a valid international phone number/, 'TB_FORM_FIELD_PHONE'],
  [/^Field must be a valid email\.$/, 'TB_FORM_FIELD_EMAIL'],
  [/^Value is not a number\.$/, 'TB_FORM_FIELD_TYPE'],
  [/^Value is expected to (be an integer|have at most)/, 'TB_FORM_FIELD_DECIMAL_DIGITS'],
  [/^Please select a valid value, the two nearest valid values are /, 'TB_FORM_FIELD_INCREMENT'],
];

function patternMessages(form: FormSchema): Set<string> {
  return new Set(
    compileForm(form)
      .fields.map((field) => field.component.validate?.patternErrorMessage)
      .filter((message): message is string => typeof message === 'string'),
  );
}

function viewerFailures(form: FormSchema, viewer: ViewerSubmission): string[] {
  const custom = patternMessages(form);
  return viewer.errors
    .map(({ pointer, message }) => {
      const code = custom.has(message) ? 'TB_FORM_FIELD_PATTERN' : VIEWER_MESSAGES.find(([pattern]) => pattern.test(message))?.[1];
      return `${pointer} ${code ?? `UNKNOWN(${message})`}`;
    })
    .sort();
}

const ourFailures = (errors: FieldError[]) => errors.map((error) => `${error.path} ${error.code}`).sort();
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

function boundRoots(form: FormSchema): Set<string> {
  return new Set(
    compileForm(form)
      .fields.filter((field) => field.binding !== undefined && (field.info?.keyed || field.info?.pathed))
      .map((field) => String(patternPathOf(field)[0]))
      .filter((root) => root !== 'undefined'),
  );
}


/** Imported data: the viewer and `coercion: 'viewer'` must agree exactly. */
async function expectSameOnImport(form: FormSchema, data: Record<string, unknown>): Promise<void> {
  const viewer = await submitWithViewer(form, data);
  const ours = validateSubmission(form, data, { context: data, coercion: 'viewer' });
  expect({ data: asJson(ours.data), errors: ourFailures(ours.errors) }, JSON.stringify(data)).toEqual({
    data: viewer.data,
    errors: viewerFailures(form, viewer),
  });
}

/**
 * Submitted data: the server receives what a viewer submitted (bound keys only) plus the variables as context;
 * the viewer, given the same, must agree with the strict default, which then finds nothing to coerce.
 */
async function expectSameOnSubmit(form: FormSchema, data: Record<string, unknown>): Promise<void> {
  const submitted = (await submitWithViewer(form, data)).data;
  const roots = boundRoots(form);
  const variables = Object.fromEntries(Object.entries(data).filter(([key]) => !roots.has(key)));
  const viewer = await submitWithViewer(form, { ...variables, ...submitted });
  const ours = validateSubmission(form, submitted, { context: variables });
  expect({ data: asJson(ours.data), errors: ourFailures(ours.errors) }, JSON.stringify({ submitted, variables })).toEqual({
    data: viewer.data,
    errors: viewerFailures(form, viewer),
  });
}


/** Registers the agreement tests of each form: empty data, then `runs` generated data sets per mode. */
export function describeAgreement(forms: Array<[string, FormSchema]>, runs: number): void {
  describe.each(forms)('%s', (_name, form) => {
    it('agrees with the viewer on empty data', async () => {
      await expectSameOnImport(form, {});
      await expectSameOnSubmit(form, {});
    }, 60_000);

    it('agrees with the viewer on generated imported data (coercion: viewer)', async () => {
      await fc.assert(fc.asyncProperty(formDataArbitrary(form), (data) => expectSameOnImport(form, data)), { numRuns: runs, seed: SEED, endOnFailure: true });
    }, 600_000);

    it('agrees with the viewer on generated submitted data (strict)', async () => {
      await fc.assert(fc.asyncProperty(formDataArbitrary(form), (data) => expectSameOnSubmit(form, data)), { numRuns: runs, seed: SEED + 1, endOnFailure: true });
    }, 600_000);
  });
}
