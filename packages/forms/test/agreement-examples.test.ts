/**
 * Agreement of packages/forms with the real form-js viewer on every form of the example catalogue
 * (`examples/items/<item>/*.form.json`), issue #4 point 4. The comparison is in `support/agreement.ts`.
 */
process.env.TZ = 'Asia/Shanghai';

import { describe, expect, it } from 'vitest';
import type { FormSchema } from '../src/index';
import { describeAgreement } from './support/agreement';
import { exampleForms } from './support/fixtures';

/** Generated data sets per form and mode; the catalogue has many large forms (`FORMS_EXAMPLES_RUNS` overrides). */
const RUNS = Number(process.env.FORMS_EXAMPLES_RUNS ?? 3);
const forms = exampleForms().map(({ name, form }): [string, FormSchema] => [name, form]);

describe('agreement with @bpmn-io/form-js-viewer: example catalogue', () => {
  it('finds the forms of the example catalogue', () => {
    expect(forms.length).toBeGreaterThan(0);
  });

  if (forms.length > 0) describeAgreement(forms, RUNS);
});
