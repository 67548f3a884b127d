import { describe, expect, it } from 'vitest';
import { checkFormDefinition } from './definition';

const form = (...components: object[]) => ({ type: 'default', components });
const found = (value: unknown, options?: Parameters<typeof checkFormDefinition>[1]) =>
  checkFormDefinition(value, options).map((problem) => `${problem.location} ${problem.code}`);

describe('checkFormDefinition', () => {
  describe('the form itself', () => {
    it('rejects what is not a form-js form', () => {
      expect(found(null)).toEqual([' TB_FORM_DEFINITION_INVALID']);
      expect(found({ type: 'default' })).toEqual(['/components TB_FORM_DEFINITION_INVALID']);
      expect(found({ type: 'page', components: [] })).toEqual(['/type TB_FORM_DEFINITION_INVALID']);
    });

    it('rejects a schemaVersion above the supported maximum', () => {
      expect(found({ ...form(), schemaVersion: 20 })).toEqual(['/schemaVersion TB_FORM_DEFINITION_SCHEMA_VERSION']);
      expect(found({ ...form(), schemaVersion: 19 })).toEqual([]);
    });

    it('rejects layout, conditional and properties on the form', () => {
      expect(found({ ...form(), conditional: { hide: '=x' } })).toEqual(['/conditional TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED']);
    });
  });

  describe('keys and paths', () => {
    it('rejects an input without key', () => {
      expect(found(form({ type: 'textfield', label: '姓名' }))).toEqual(['/components/0 TB_FORM_DEFINITION_MISSING_PROPERTY']);
    });

    it('rejects a key that is not dot-separated word characters', () => {
      expect(found(form({ type: 'textfield', key: 'textfield_3.' }))).toEqual(['/components/0/key TB_FORM_DEFINITION_INVALID_KEY']);
      expect(found(form({ type: 'textfield', key: '姓名' }))).toEqual(['/components/0/key TB_FORM_DEFINITION_INVALID_KEY']);
      expect(found(form({ type: 'textfield', key: 'a.__proto__' }))).toEqual(['/components/0/key TB_FORM_DEFINITION_INVALID_KEY']);
    });

    it('rejects a group path that is not dot-separated word characters', () => {
      expect(found(form({ type: 'group', path: 'a..b', components: [] }))).toEqual(['/components/0/path TB_FORM_DEFINITION_INVALID_PATH']);
      expect(found(form({ type: 'group', path: '', components: [] }))).toEqual([]);
    });

    it('rejects a dynamic list without path', () => {
      expect(found(form({ type: 'dynamiclist', components: [] }))).toEqual(['/components/0 TB_FORM_DEFINITION_MISSING_PROPERTY']);
    });

    it('rejects two fields bound to the same value', () => {
      const problems = checkFormDefinition(form({ type: 'textfield', key: 'name' }, { type: 'group', components: [{ type: 'textarea', key: 'name' }] }));
      expect(problems).toEqual([
        expect.objectContaining({ code: 'TB_FORM_DEFINITION_DUPLICATE_KEY', location: '/components/1/components/0/key', params: { binding: 'name', other: '/components/0' } }),
      ]);
    });

    it('rejects a key inside another key, and a key below a list from outside it', () => {
      expect(found(form({ type: 'textfield', key: 'a' }, { type: 'textfield', key: 'a.b' }))).toEqual(['/components/1/key TB_FORM_DEFINITION_DUPLICATE_KEY']);
      expect(found(form({ type: 'dynamiclist', path: 'staff', components: [{ type: 'textfield', key: 'name' }] }, { type: 'textfield', key: 'staff.name' }))).toEqual([
        '/components/1/key TB_FORM_DEFINITION_DUPLICATE_KEY',
      ]);
    });

    it('accepts two groups sharing a path and keys in different lists', () => {
      expect(
        found(
          form(
            { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'street' }] },
            { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'city' }] },
            { type: 'dynamiclist', path: 'a', components: [{ type: 'textfield', key: 'name' }] },
            { type: 'dynamiclist', path: 'b', components: [{ type: 'textfield', key: 'name' }] },
          ),
        ),
      ).toEqual([]);
    });

    it('rejects duplicate ids', () => {
      expect(found(form({ type: 'text', id: 'X', text: 'a' }, { type: 'text', id: 'X', text: 'b' }))).toEqual(['/components/1/id TB_FORM_DEFINITION_DUPLICATE_ID']);
    });
  });

  describe('types and properties', () => {
    it('rejects an unknown component type', () => {
      expect(found(form({ type: 'signature', key: 's' }))).toEqual(['/components/0/type TB_FORM_DEFINITION_UNKNOWN_TYPE']);
    });

    it('rejects validation rules on the wrong type', () => {
      expect(found(form({ type: 'number', key: 'n', validate: { minLength: 1, maxLength: 2, pattern: 'x' } }))).toEqual([
        '/components/0/validate/pattern TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED',
        '/components/0/validate/minLength TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED',
        '/components/0/validate/maxLength TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED',
      ]);
      expect(found(form({ type: 'textfield', key: 't', validate: { min: 1, max: 2 } }))).toEqual([
        '/components/0/validate/min TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED',
        '/components/0/validate/max TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED',
      ]);
    });

    it('rejects a defaultValue of the wrong type', () => {
      expect(found(form({ type: 'checkbox', key: 'c', defaultValue: 'true' }))).toEqual(['/components/0/defaultValue TB_FORM_DEFINITION_PROPERTY_TYPE']);
      expect(found(form({ type: 'checklist', key: 'c', defaultValue: 'a', values: [] }))).toEqual(['/components/0/defaultValue TB_FORM_DEFINITION_PROPERTY_TYPE']);
      expect(found(form({ type: 'number', key: 'n', defaultValue: true }))).toEqual(['/components/0/defaultValue TB_FORM_DEFINITION_PROPERTY_TYPE']);
      expect(found(form({ type: 'select', key: 's', valuesKey: 'opts', defaultValue: 'a' }))).toEqual(['/components/0/defaultValue TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED']);
    });

    it('rejects a table with both columns and columnsExpression', () => {
      expect(found(form({ type: 'table', dataSource: '=rows', columns: [], columnsExpression: '=cols' }))).toEqual(['/components/0 TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED']);
    });

    it.each([
      ['decimalDigits', { type: 'textfield', key: 't', decimalDigits: 2 }],
      ['increment', { type: 'textfield', key: 't', increment: 1 }],
      ['searchable', { type: 'radio', key: 'r', searchable: true }],
      ['dateLabel', { type: 'textfield', key: 't', dateLabel: 'x' }],
      ['timeInterval', { type: 'number', key: 'n', timeInterval: 15 }],
      ['use24h', { type: 'textfield', key: 't', use24h: true }],
      ['accept', { type: 'textfield', key: 't', accept: '.pdf' }],
      ['multiple', { type: 'select', key: 's', multiple: true }],
      ['rowCount', { type: 'textfield', key: 't', rowCount: 3 }],
      ['readonly', { type: 'text', text: 'x', readonly: true }],
      ['decimalDigits', { type: 'text', text: 'x', decimalDigits: 1 }],
      ['isRepeating', { type: 'group', path: 'g', isRepeating: true, components: [] }],
    ])('rejects %s on a type without it', (property, component) => {
      expect(found(form(component))).toEqual([`/components/0/${property} TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED`]);
    });

    it('accepts a button without action, layout.row null and a select without values', () => {
      expect(found(form({ type: 'button', label: '提交' }, { type: 'textfield', key: 't', layout: { row: null, columns: null } }, { type: 'select', key: 's' }))).toEqual([]);
    });

    it('rejects an expression field without expression or computeOn', () => {
      expect(found(form({ type: 'expression', key: 'e' }))).toEqual(['/components/0 TB_FORM_DEFINITION_MISSING_PROPERTY', '/components/0 TB_FORM_DEFINITION_MISSING_PROPERTY']);
    });

    it('rejects a patternErrorMessage without pattern and a pattern that is not a regular expression', () => {
      expect(found(form({ type: 'textfield', key: 't', validate: { patternErrorMessage: '格式不对' } }))).toEqual(['/components/0/validate TB_FORM_DEFINITION_MISSING_PROPERTY']);
      expect(found(form({ type: 'textfield', key: 't', validate: { pattern: '([a-z' } }))).toEqual(['/components/0/validate/pattern TB_FORM_DEFINITION_PATTERN']);
    });
  });

  describe('FEEL', () => {
    it('rejects FEEL that does not parse, where it sits', () => {
      const problems = checkFormDefinition(form({ type: 'textfield', key: 't', conditional: { hide: '=amount <=' } }, { type: 'number', key: 'n', validate: { min: '=(' } }));
      expect(problems.map((problem) => problem.location)).toEqual(['/components/0/conditional/hide', '/components/1/validate/min']);
      expect(problems[0]).toMatchObject({ code: 'TB_FORM_DEFINITION_FEEL_SYNTAX', params: { expression: '=amount <=' } });
    });

    it('rejects expression fields that depend on each other in a cycle, once', () => {
      const problems = checkFormDefinition(
        form(
          { type: 'expression', key: 'a', expression: '=b + 1', computeOn: 'change' },
          { type: 'expression', key: 'b', expression: '=a + 1', computeOn: 'change' },
          { type: 'expression', key: 'c', expression: '=a', computeOn: 'change' },
        ),
      );
      expect(problems).toEqual([expect.objectContaining({ code: 'TB_FORM_DEFINITION_EXPRESSION_CYCLE', params: { cycle: 'a → b → a' } })]);
    });

    it('reports variables the process does not provide when told which it does', () => {
      const schema = form(
        { type: 'textfield', key: 'licence', conditional: { hide: '=applicant.kind != "organisation"' } },
        { type: 'select', key: 'district', valuesKey: 'districts' },
        { type: 'number', key: 'n', validate: { max: '=limit' } },
      );
      expect(found(schema, { knownVariables: ['applicant', 'districts'] })).toEqual(['/components/2/validate/max TB_FORM_DEFINITION_UNKNOWN_VARIABLE']);
      expect(found(schema)).toEqual([]);
    });
  });
});
