/**
 * Agreement of packages/forms with the real form-js viewer on every shared conformance fixture and on this
 * package's Chinese forms (issue #4, point 4: "a test proves the server and the form-js viewer agree on every
 * fixture in ../shared/conformance/form-js/ and on the examples' forms"). The examples' forms are in
 * `agreement-examples.test.ts`; the comparison itself is in `support/agreement.ts`.
 */
process.env.TZ = 'Asia/Shanghai';

import { describe } from 'vitest';
import type { FormSchema } from '../src/index';
import { describeAgreement } from './support/agreement';
import { conformanceForm, conformanceNames, ownForm, ownFormNames } from './support/fixtures';

/** Generated data sets per form and mode (`FORMS_AGREEMENT_RUNS` overrides). */
const RUNS = Number(process.env.FORMS_AGREEMENT_RUNS ?? 15);

describe('agreement with @bpmn-io/form-js-viewer: conformance fixtures', () => {
  describeAgreement(conformanceNames().map((name): [string, FormSchema] => [name, conformanceForm(name)]), RUNS);
});

describe('agreement with @bpmn-io/form-js-viewer: Chinese forms', () => {
  describeAgreement(ownFormNames().map((name): [string, FormSchema] => [name, ownForm(name)]), RUNS);
});
