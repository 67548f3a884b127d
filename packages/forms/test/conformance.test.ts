/**
 * The behaviour the form-js test suites assert for each shared conformance fixture
 * (shared/conformance/form-js/README.md), reproduced by packages/forms. Issue #4, point 4.
 */
import { describe, expect, it } from 'vitest';
import { checkFormDefinition, formVariables, listFormFields, validateSubmission, type FieldError } from '../src/index';
import { conformanceForm, conformanceNames } from './support/fixtures';

const failing = (errors: FieldError[]) => errors.map((error) => `${error.path} ${error.code}`);

describe('conformance fixtures', () => {
  it('finds the fourteen fixtures of the README', () => {
    expect(conformanceNames()).toHaveLength(14);
  });

  describe.each(conformanceNames())('%s', (name) => {
    it('passes the definition check', () => {
      // given a form copied from the form-js test suites
      const form = conformanceForm(name);
      // when its definition is checked
      const problems = checkFormDefinition(form);
      // then nothing is reported
      expect(problems).toEqual([]);
    });

    it('validates empty data without throwing', () => {
      const result = validateSubmission(conformanceForm(name), {});
      expect(result.ok).toBe(result.errors.length === 0);
    });
  });
});

describe('viewer-form', () => {
  it('reports only the required creditor when the data is empty', () => {
    const result = validateSubmission(conformanceForm('viewer-form'), {});
    expect(failing(result.errors)).toEqual(['/creditor TB_FORM_FIELD_REQUIRED']);
    expect(result.errors[0]).toMatchObject({ key: 'creditor', label: 'Creditor', message: { en: 'Field is required.' } });
  });

  it('maps group and repeating list children under their paths', () => {
    const result = validateSubmission(conformanceForm('viewer-form'), {
      creditor: 'ACME',
      invoiceDetails: { supplementaryInfo1: 'a' },
      clients: [{ clientName: '张三' }],
    });
    expect(result.ok).toBe(true);
    expect(result.data.invoiceDetails).toEqual({ supplementaryInfo1: 'a', supplementaryInfo2: '' });
    expect(result.data.clients).toEqual([{ clientSurname: '', clientName: '张三' }]);
  });

  it('reports the pattern and the range when invoice number and amount are wrong', () => {
    const result = validateSubmission(conformanceForm('viewer-form'), { creditor: 'x', invoiceNumber: 'X-1', amount: 1001 });
    expect(failing(result.errors)).toEqual(['/invoiceNumber TB_FORM_FIELD_PATTERN', '/amount TB_FORM_FIELD_MAX']);
  });
});

describe('viewer-required', () => {
  it('flags every one of the eleven required fields when the data is empty', () => {
    const result = validateSubmission(conformanceForm('viewer-required'), {});
    expect(result.errors.map((error) => error.key)).toEqual([
      'creditor', 'invoiceNumber', 'amount', 'approved', 'approvedBy', 'approverComments', 'product', 'mailto', 'language',
      'conversation', 'tags',
    ]);
    expect(new Set(result.errors.map((error) => error.code))).toEqual(new Set(['TB_FORM_FIELD_REQUIRED']));
  });

  it('accepts the default option `value` of options fields that declare none', () => {
    const result = validateSubmission(conformanceForm('viewer-required'), { product: 'value', mailto: ['value'], language: 'value', tags: ['value'] });
    expect(result.errors.map((error) => error.key)).not.toContain('product');
    expect(result.data).toMatchObject({ product: 'value', mailto: ['value'], language: 'value', tags: ['value'] });
  });
});

describe('viewer-disabled', () => {
  it('neither submits nor validates a disabled field and drops unknown keys', () => {
    const result = validateSubmission(conformanceForm('viewer-disabled'), { creditor: '', foo: 'bar', amount: 5 });
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ invoiceNumber: '', amount: 5, approved: false, approverComments: '' });
  });
});

describe('viewer-condition', () => {
  it('submits the text when amount is 456', () => {
    const result = validateSubmission(conformanceForm('viewer-condition'), { amount: 456, text: 'some text' });
    expect(result.data).toEqual({ amount: 456, text: 'some text' });
  });

  it('hides and drops the text when amount is 0', () => {
    const result = validateSubmission(conformanceForm('viewer-condition'), { amount: 0, text: 'some text' });
    expect(result.data).toEqual({ amount: 0 });
  });

  it('hides the text when the condition reads an external variable', () => {
    // given the fixture with the condition on a variable the form does not bind
    const form = conformanceForm('viewer-condition');
    const text = form.components[1] as { conditional: { hide: string } };
    text.conditional.hide = '=externalVariable <= 2';
    // when the variable comes from the context
    const hidden = validateSubmission(form, { amount: 456, text: 't' }, { context: { externalVariable: 0 } });
    const shown = validateSubmission(form, { amount: 456, text: 't' }, { context: { externalVariable: 456 } });
    // then it decides visibility like a field would
    expect(hidden.data).toEqual({ amount: 456 });
    expect(shown.data).toEqual({ amount: 456, text: 't' });
  });
});

describe('viewer-condition-errors', () => {
  it('gives no error for the hidden required number when the checkbox is checked', () => {
    const result = validateSubmission(conformanceForm('viewer-condition-errors'), { checkbox_4u82gk: true });
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ checkbox_4u82gk: true });
  });

  it('requires the number when the checkbox is unchecked', () => {
    const result = validateSubmission(conformanceForm('viewer-condition-errors'), { checkbox_4u82gk: false });
    expect(failing(result.errors)).toEqual(['/number_o4f027 TB_FORM_FIELD_REQUIRED']);
  });
});

describe('viewer-condition-errors-dynamic-list', () => {
  const form = () => conformanceForm('viewer-condition-errors-dynamic-list');

  it('reports per item: a hidden item has no error and a visible empty one has', () => {
    const result = validateSubmission(form(), { list: [{ hideElement: true }, { hideElement: false }] });
    expect(failing(result.errors)).toEqual(['/list/1/element TB_FORM_FIELD_REQUIRED']);
    expect(result.data).toEqual({ hideList: false, list: [{ hideElement: true }, { element: null, hideElement: false }] });
  });

  it('gives no error at all when the whole list is hidden', () => {
    const result = validateSubmission(form(), { hideList: true, list: [{ hideElement: false }, {}] });
    expect(result).toEqual({ ok: true, data: { hideList: true }, errors: [] });
  });
});

describe('viewer-dynamic', () => {
  it('reads xyzData and writes product, mailto, language and tags', () => {
    expect(formVariables(conformanceForm('viewer-dynamic'))).toEqual({ inputs: ['xyzData'], outputs: ['product', 'mailto', 'language', 'tags'] });
  });

  it('takes the options from the context variable named by valuesKey', () => {
    const result = validateSubmission(
      conformanceForm('viewer-dynamic'),
      { product: 'camunda', mailto: ['a'], language: 'de', tags: ['a', 'b'] },
      { context: { xyzData: [{ label: 'A', value: 'a' }, 'b', 'de', 'camunda'] } },
    );
    expect(result.ok).toBe(true);
  });
});

describe('viewer-valuesExpression', () => {
  it('reads myList and myList2 to myList4', () => {
    expect(formVariables(conformanceForm('viewer-valuesExpression')).inputs).toEqual(['myList', 'myList2', 'myList3', 'myList4']);
  });
});

describe('viewer-readonly-expression', () => {
  it('reads foo and bar', () => {
    expect(formVariables(conformanceForm('viewer-readonly-expression')).inputs).toEqual(['foo', 'bar']);
  });

  it('still submits and validates read-only fields', () => {
    const result = validateSubmission(conformanceForm('viewer-readonly-expression'), { amount: 3, text: 'x' }, { context: { foo: 1, bar: 1 } });
    expect(result.data).toEqual({ amount: 3, text: 'x' });
  });
});

describe('viewer-validate', () => {
  it('reads the limits and writes the two fields', () => {
    expect(formVariables(conformanceForm('viewer-validate'))).toEqual({
      inputs: ['min', 'max', 'minLength', 'maxLength'],
      outputs: ['number_expression', 'textfield_expression'],
    });
  });

  it('evaluates FEEL limits against the context', () => {
    const context = { min: 10, max: 20, minLength: 3, maxLength: 5 };
    const low = validateSubmission(conformanceForm('viewer-validate'), { number_expression: 5, textfield_expression: 'ab' }, { context });
    const high = validateSubmission(conformanceForm('viewer-validate'), { number_expression: 25, textfield_expression: 'abcdef' }, { context });
    expect(failing(low.errors)).toEqual(['/number_expression TB_FORM_FIELD_MIN', '/textfield_expression TB_FORM_FIELD_MIN_LENGTH']);
    expect(failing(high.errors)).toEqual(['/number_expression TB_FORM_FIELD_MAX', '/textfield_expression TB_FORM_FIELD_MAX_LENGTH']);
  });

  it('treats a missing limit as none, but min and max fall back to the FEEL built-in functions as in the viewer', () => {
    // given no variables: `=minLength` is null (no limit), `=min` is FEEL's function min(), not a number
    const result = validateSubmission(conformanceForm('viewer-validate'), { number_expression: 25, textfield_expression: 'abcdef' });
    // then the viewer's "Min/Max validation value is not a valid number." is reproduced
    expect(failing(result.errors)).toEqual(['/number_expression TB_FORM_FIELD_MIN', '/number_expression TB_FORM_FIELD_MAX']);
    expect(result.errors[0]?.params).toEqual({ invalidLimit: true });
  });
});

describe('viewer-chain-expressions', () => {
  it('computes the chain to {staticValue: 10, exprA: 20, exprB: 40, exprC: 50}', () => {
    expect(validateSubmission(conformanceForm('viewer-chain-expressions'), {}).data).toEqual({ staticValue: 10, exprA: 20, exprB: 40, exprC: 50 });
  });

  it('ignores submitted values of computed fields', () => {
    const result = validateSubmission(conformanceForm('viewer-chain-expressions'), { staticValue: 1, exprA: 999, exprC: -1 });
    expect(result.data).toEqual({ staticValue: 10, exprA: 20, exprB: 40, exprC: 50 });
  });
});

describe('viewer-defaultValues', () => {
  it('fills every default when importing {}', () => {
    expect(validateSubmission(conformanceForm('viewer-defaultValues'), {}).data).toEqual({
      creditor: 'Max Mustermann GmbH',
      invoiceNumber: '',
      amount: 0,
      approved: true,
      approvedBy: '',
      approverComments: 'Sample comment provided by the approver',
      mailto: ['regional-manager', 'approver'],
      product: 'camunda-platform',
      tags: ['tag1', 'tag2', 'tag3'],
      language: 'english',
    });
  });
});

describe('playground-form', () => {
  it('computes the expression field to 7', () => {
    expect(validateSubmission(conformanceForm('playground-form'), {}).data.expressionResult).toBe(7);
  });

  it('offers the options of valuesExpression for the current data', () => {
    const good = validateSubmission(conformanceForm('playground-form'), { creditor: 'c', isGood: true, selectMe: 'good' });
    const bad = validateSubmission(conformanceForm('playground-form'), { creditor: 'c', isGood: false, selectMe: 'good' });
    expect(good.ok).toBe(true);
    expect(failing(bad.errors)).toEqual(['/selectMe TB_FORM_FIELD_OPTION']);
  });
});

describe('carbon-styles-complex', () => {
  it('lists every bound component of the widest fixture', () => {
    const fields = listFormFields(conformanceForm('carbon-styles-complex'));
    expect(fields.find((field) => field.key === 'groupTextField')).toMatchObject({ path: '/groupExample/groupTextField', binding: 'value' });
    expect(fields.find((field) => field.key === 'clientName')).toMatchObject({ path: '/clients/*/clientName' });
    expect(fields.find((field) => field.path === '/clients')).toMatchObject({ binding: 'list', type: 'dynamiclist' });
    expect(fields.find((field) => field.key === 'readonly_time')).toMatchObject({ required: true, readonly: true, label: 'I am a read only time field' });
  });

  it('does not submit disabled variants and still requires read-only ones', () => {
    const result = validateSubmission(conformanceForm('carbon-styles-complex'), {});
    expect(Object.keys(result.data).filter((key) => key.startsWith('disabled'))).toEqual([]);
    expect(result.errors.map((error) => error.key)).toEqual(['radio', 'textarea', 'date_field', 'readonly_time', 'readonly_datetime']);
  });
});
