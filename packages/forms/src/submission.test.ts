import { describe, expect, it } from 'vitest';
import type { FormComponent, FormSchema } from './form-model';
import { validateSubmission, type SubmissionResult } from './submission';

const form = (...components: FormComponent[]): FormSchema => ({ type: 'default', components });
const codes = (result: SubmissionResult) => result.errors.map((error) => `${error.path} ${error.code}`);

describe('validateSubmission', () => {
  describe('required', () => {
    it.each([
      ['textfield', ''],
      ['textarea', ''],
      ['number', null],
      ['checkbox', false],
      ['checklist', []],
      ['taglist', []],
      ['radio', null],
      ['select', null],
      ['datetime', null],
    ])('reports a %s that holds its empty value %j', (type, value) => {
      const result = validateSubmission(form({ type, key: 'f', label: '字段', validate: { required: true }, values: [{ label: 'A', value: 'a' }] }), { f: value });
      expect(result.errors).toEqual([
        { path: '/f', key: 'f', code: 'TB_FORM_FIELD_REQUIRED', label: '字段', message: { zh: '此项为必填项。', en: 'Field is required.' } },
      ]);
    });

    it('accepts zero, whitespace and a checked box as present', () => {
      const result = validateSubmission(
        form(
          { type: 'number', key: 'n', validate: { required: true } },
          { type: 'textfield', key: 't', validate: { required: true } },
          { type: 'checkbox', key: 'c', validate: { required: true } },
        ),
        { n: 0, t: ' ', c: true },
      );
      expect(result.ok).toBe(true);
    });

    it('does not require a field that is missing from the data but has a default', () => {
      const result = validateSubmission(form({ type: 'textfield', key: 't', defaultValue: '默认', validate: { required: true } }), {});
      expect(result).toEqual({ ok: true, data: { t: '默认' }, errors: [] });
    });
  });

  describe('number rules', () => {
    const amount = (extra: Partial<FormComponent> = {}) => form({ type: 'number', key: 'amount', validate: { min: 0, max: 1000 }, ...extra });

    it('reports min and max with exact decimals', () => {
      expect(codes(validateSubmission(amount(), { amount: -0.01 }))).toEqual(['/amount TB_FORM_FIELD_MIN']);
      expect(codes(validateSubmission(amount(), { amount: 1000.0001 }))).toEqual(['/amount TB_FORM_FIELD_MAX']);
      expect(validateSubmission(amount(), { amount: 1000 }).ok).toBe(true);
      expect(validateSubmission(amount(), { amount: -0.01 }).errors[0]?.message).toEqual({ zh: '不能小于 0。', en: 'Field must have minimum value of 0.' });
    });

    it('reads min and max from FEEL over the data and context', () => {
      const schema = form({ type: 'number', key: 'n', validate: { min: '=floor', max: '=floor * 2' } });
      expect(codes(validateSubmission(schema, { n: 25 }, { context: { floor: 10 } }))).toEqual(['/n TB_FORM_FIELD_MAX']);
      expect(codes(validateSubmission(schema, { n: 5 }, { context: { floor: 10 } }))).toEqual(['/n TB_FORM_FIELD_MIN']);
    });

    it('reports decimal digits and increments like the viewer', () => {
      const digits = form({ type: 'number', key: 'area', decimalDigits: 2 });
      expect(codes(validateSubmission(digits, { area: 12.345 }))).toEqual(['/area TB_FORM_FIELD_DECIMAL_DIGITS']);
      const integer = form({ type: 'number', key: 'count', decimalDigits: 0 });
      expect(validateSubmission(integer, { count: 1.5 }).errors[0]?.message.en).toBe('Value is expected to be an integer.');
      const step = form({ type: 'number', key: 'years', increment: '0.5' });
      expect(validateSubmission(step, { years: 1.5 }).ok).toBe(true);
      expect(validateSubmission(step, { years: 1.7 }).errors[0]).toMatchObject({ code: 'TB_FORM_FIELD_INCREMENT', params: { previous: '1.5', next: '2' } });
      expect(validateSubmission(form({ type: 'number', key: 'x', increment: 0.1 }), { x: 0.3 }).ok).toBe(true);
    });

    it('accepts a numeric string and submits a number, or a string with serializeToString', () => {
      expect(validateSubmission(form({ type: 'number', key: 'n' }), { n: '12.50' }).data).toEqual({ n: 12.5 });
      expect(validateSubmission(form({ type: 'number', key: 'n', serializeToString: true }), { n: 12.5 }).data).toEqual({ n: '12.5' });
    });

    it('reports a value that is not a number and submits null', () => {
      const result = validateSubmission(form({ type: 'number', key: 'n' }), { n: 'twelve' });
      expect(codes(result)).toEqual(['/n TB_FORM_FIELD_TYPE']);
      expect(result.data).toEqual({ n: null });
    });
  });

  describe('text rules', () => {
    it('counts length without surrounding whitespace, one per Chinese character', () => {
      const schema = form({ type: 'textfield', key: 'name', validate: { minLength: 2, maxLength: 4 } });
      expect(codes(validateSubmission(schema, { name: ' 张 ' }))).toEqual(['/name TB_FORM_FIELD_MIN_LENGTH']);
      expect(validateSubmission(schema, { name: '  张三  ' }).ok).toBe(true);
      expect(codes(validateSubmission(schema, { name: '欧阳娜娜娜' }))).toEqual(['/name TB_FORM_FIELD_MAX_LENGTH']);
    });

    it('matches a pattern anywhere, as form-js does, and uses the form author’s message', () => {
      const id = form({ type: 'textfield', key: 'id', validate: { pattern: '^\\d{17}[\\dX]$', patternErrorMessage: '身份证号码格式不正确' } });
      expect(validateSubmission(id, { id: '11010519491231002X' }).ok).toBe(true);
      expect(validateSubmission(id, { id: '1101051949123100' }).errors[0]).toMatchObject({
        code: 'TB_FORM_FIELD_PATTERN',
        message: { zh: '身份证号码格式不正确', en: '身份证号码格式不正确' },
      });
      const loose = form({ type: 'textfield', key: 'code', validate: { pattern: 'C-[0-9]+' } });
      expect(validateSubmission(loose, { code: 'xx C-12 yy' }).ok).toBe(true);
    });

    it('does not check an empty value against pattern, email or phone', () => {
      const schema = form(
        { type: 'textfield', key: 'a', validate: { pattern: '^x$' } },
        { type: 'textfield', key: 'b', validate: { validationType: 'email' } },
        { type: 'textfield', key: 'c', validate: { validationType: 'phone' } },
      );
      expect(validateSubmission(schema, {}).ok).toBe(true);
    });

    it('checks e-mail addresses and international phone numbers', () => {
      const schema = form({ type: 'textfield', key: 'mail', validate: { validationType: 'email' } }, { type: 'textfield', key: 'tel', validate: { validationType: 'phone' } });
      expect(validateSubmission(schema, { mail: 'zhang.san@example.cn', tel: '+8613800138000' }).ok).toBe(true);
      expect(codes(validateSubmission(schema, { mail: 'zhang.san@', tel: '13800138000' }))).toEqual(['/mail TB_FORM_FIELD_EMAIL', '/tel TB_FORM_FIELD_PHONE']);
      expect(validateSubmission(schema, { tel: '004930664040900' }).ok).toBe(true);
    });

    it('turns line breaks of a text field into spaces and keeps those of a text area', () => {
      const result = validateSubmission(form({ type: 'textfield', key: 't' }, { type: 'textarea', key: 'a' }), { t: '一\n二', a: '一\n二' });
      expect(result.data).toEqual({ t: '一 二', a: '一\n二' });
    });

    it('accepts a number for a text field as its string', () => {
      expect(validateSubmission(form({ type: 'textfield', key: 't' }), { t: 42 })).toEqual({ ok: true, data: { t: '42' }, errors: [] });
    });
  });

  describe('options', () => {
    const values = [{ label: '食品销售', value: 'sales' }, { label: '餐饮服务', value: 'catering' }];

    it('accepts static options and reports other values', () => {
      const schema = form({ type: 'select', key: 's', values }, { type: 'checklist', key: 'c', values });
      expect(validateSubmission(schema, { s: 'sales', c: ['catering', 'sales'] }).ok).toBe(true);
      const result = validateSubmission(schema, { s: 'bakery', c: ['sales', 'bakery'] });
      expect(codes(result)).toEqual(['/s TB_FORM_FIELD_OPTION', '/c TB_FORM_FIELD_OPTION']);
      expect(result.data).toEqual({ s: null, c: ['sales'] });
    });

    it('takes options named by valuesKey from the context only', () => {
      const schema = form({ type: 'radio', key: 'dri', valuesKey: 'candidates' });
      expect(validateSubmission(schema, { dri: 'wang' }, { context: { candidates: ['wang', 'li'] } }).ok).toBe(true);
      // the applicant cannot supply the option list: candidates is not a field of the form
      expect(codes(validateSubmission(schema, { dri: 'evil', candidates: ['evil'] }))).toEqual(['/dri TB_FORM_FIELD_OPTION']);
    });

    it('evaluates valuesExpression against the final data', () => {
      const schema = form(
        { type: 'select', key: 'province', values: [{ label: '广东', value: '44' }, { label: '浙江', value: '33' }] },
        { type: 'select', key: 'city', valuesExpression: '=if province = "44" then ["4401", "4403"] else ["3301"]' },
      );
      expect(validateSubmission(schema, { province: '44', city: '4403' }).ok).toBe(true);
      expect(codes(validateSubmission(schema, { province: '33', city: '4403' }))).toEqual(['/city TB_FORM_FIELD_OPTION']);
    });

    it('offers the single option `value` when a field declares no options source', () => {
      expect(validateSubmission(form({ type: 'select', key: 's' }), { s: 'value' }).ok).toBe(true);
    });

    it('treats an empty string as no selection', () => {
      expect(validateSubmission(form({ type: 'select', key: 's', values }), { s: '' })).toEqual({ ok: true, data: { s: null }, errors: [] });
    });
  });

  describe('dates and times', () => {
    it.each([
      ['date', undefined, '2024-02-29', true],
      ['date', undefined, '2023-02-29', false],
      ['date', undefined, '2024-2-9', false],
      ['time', undefined, '09:30', true],
      ['time', 'utc_offset', '09:30+08:00', true],
      ['time', 'utc_offset', '09:30', false],
      ['time', 'utc_normalized', '01:30Z', true],
      ['datetime', 'no_timezone', '2024-01-05T10:30', true],
      ['datetime', 'utc_normalized', '2024-01-05T02:30Z', true],
      ['datetime', undefined, '2024-01-05', false],
    ])('checks a %s (%s) value %s', (subtype, timeSerializingFormat, value, valid) => {
      const schema = form({ type: 'datetime', key: 'd', subtype, ...(timeSerializingFormat ? { timeSerializingFormat } : {}) });
      expect(codes(validateSubmission(schema, { d: value }))).toEqual(valid ? [] : ['/d TB_FORM_FIELD_DATE']);
    });

    it('checks date limits from custom properties against the injected clock', () => {
      const schema = form({ type: 'datetime', key: 'birth', subtype: 'date', properties: { maxDate: 'today', minDate: '1900-01-01' } });
      const now = '2026-04-24T01:00:00Z';
      expect(codes(validateSubmission(schema, { birth: '2026-04-25' }, { now }))).toEqual(['/birth TB_FORM_FIELD_DATE']);
      expect(validateSubmission(schema, { birth: '2026-04-24' }, { now }).ok).toBe(true);
      expect(codes(validateSubmission(schema, { birth: '1899-12-31' }, { now }))).toEqual(['/birth TB_FORM_FIELD_DATE']);
      // without a clock, "today" is unknown and not checked
      expect(validateSubmission(schema, { birth: '2099-01-01' }).ok).toBe(true);
    });

    it('computes today in the service time zone', () => {
      // 2026-04-23T20:00Z is already the 24th in Beijing
      const schema = form({ type: 'datetime', key: 'start', subtype: 'date', disallowPassedDates: true });
      expect(codes(validateSubmission(schema, { start: '2026-04-23' }, { now: new Date('2026-04-23T20:00:00Z') }))).toEqual(['/start TB_FORM_FIELD_DATE']);
      expect(validateSubmission(schema, { start: '2026-04-23' }, { now: new Date('2026-04-23T20:00:00Z'), timeZone: 'UTC' }).ok).toBe(true);
    });

    it('reads min and max dates from FEEL', () => {
      const schema = form({ type: 'datetime', key: 'end', subtype: 'date', properties: { minDate: '=start' } }, { type: 'datetime', key: 'start', subtype: 'date' });
      expect(codes(validateSubmission(schema, { start: '2024-05-01', end: '2024-04-30' }))).toEqual(['/end TB_FORM_FIELD_DATE']);
    });
  });

  describe('visibility', () => {
    const schema = form(
      { type: 'checkbox', key: 'online', label: '网络经营' },
      { type: 'textfield', key: 'website', label: '网站名称', conditional: { hide: '=online != true' }, validate: { required: true } },
    );

    it('neither requires nor keeps a hidden field', () => {
      expect(validateSubmission(schema, { online: false, website: 'shop.example.cn' })).toEqual({ ok: true, data: { online: false }, errors: [] });
    });

    it('requires and keeps the field once it is shown', () => {
      expect(codes(validateSubmission(schema, { online: true }))).toEqual(['/website TB_FORM_FIELD_REQUIRED']);
      expect(validateSubmission(schema, { online: true, website: 'shop' }).data).toEqual({ online: true, website: 'shop' });
    });

    it('hides when a condition reads a missing value, as a FEEL unary test does', () => {
      const result = validateSubmission(form({ type: 'textfield', key: 't', conditional: { hide: '=amount <= 2' } }), { t: 'x' });
      expect(result.data).toEqual({});
    });

    it('keeps a field visible when its condition fails to evaluate', () => {
      const result = validateSubmission(form({ type: 'textfield', key: 't', conditional: { hide: '=amount <=' }, validate: { required: true } }), {});
      expect(codes(result)).toEqual(['/t TB_FORM_FIELD_REQUIRED']);
    });

    it('hides a whole group and everything in it', () => {
      const schema = form(
        { type: 'radio', key: 'reason', values: [{ label: '就业', value: 'work' }, { label: '就读', value: 'study' }] },
        {
          type: 'group',
          path: 'employment',
          conditional: { hide: '=reason != "work"' },
          components: [{ type: 'textfield', key: 'employer', validate: { required: true } }],
        },
      );
      expect(validateSubmission(schema, { reason: 'study', employment: { employer: '' } })).toEqual({ ok: true, data: { reason: 'study' }, errors: [] });
      expect(codes(validateSubmission(schema, { reason: 'work' }))).toEqual(['/employment/employer TB_FORM_FIELD_REQUIRED']);
    });

    it('reads the injected clock in conditions', () => {
      const schema = form({ type: 'textfield', key: 'late', conditional: { hide: '=today() < date("2026-05-01")' } });
      expect(validateSubmission(schema, { late: 'x' }, { now: '2026-04-24T00:00:00Z' }).data).toEqual({});
      expect(validateSubmission(schema, { late: 'x' }, { now: '2026-05-02T00:00:00Z' }).data).toEqual({ late: 'x' });
      // without a clock today() is null, so is the comparison, and a null unary test is true: hidden
      expect(validateSubmission(schema, { late: 'x' }).data).toEqual({});
    });
  });

  describe('dynamic lists', () => {
    const staff = form({
      type: 'dynamiclist',
      path: 'staff',
      components: [
        { type: 'textfield', key: 'name', validate: { required: true } },
        { type: 'textfield', key: 'idNumber', validate: { pattern: '^\\d{17}[\\dX]$' } },
        { type: 'select', key: 'role', values: [{ label: '厨师', value: 'cook' }, { label: '其他', value: 'other' }] },
        { type: 'textfield', key: 'certificate', conditional: { hide: '=this.role = "other"' }, validate: { required: true } },
        { type: 'textfield', key: 'position', conditional: { hide: '=i[1] > 1' } },
      ],
    });

    it('names the failing field of each item by its index', () => {
      const result = validateSubmission(staff, {
        staff: [
          { name: '张三', idNumber: '11010519491231002X', role: 'cook', certificate: 'J-1' },
          { name: '', idNumber: '123', role: 'other' },
          { name: '王五', role: 'cook' },
        ],
      });
      expect(codes(result)).toEqual(['/staff/1/name TB_FORM_FIELD_REQUIRED', '/staff/1/idNumber TB_FORM_FIELD_PATTERN', '/staff/2/certificate TB_FORM_FIELD_REQUIRED']);
      expect(result.errors[0]?.key).toBe('name');
    });

    it('evaluates this and i per item', () => {
      const result = validateSubmission(staff, { staff: [{ name: 'a', role: 'other', position: 'p' }, { name: 'b', role: 'other', position: 'p' }] });
      expect(result.data.staff).toEqual([
        { name: 'a', idNumber: '', role: 'other', position: 'p' },
        { name: 'b', idNumber: '', role: 'other' },
      ]);
    });

    it('creates defaultRepetitions empty items when the list is absent', () => {
      expect(codes(validateSubmission(staff, {}))).toEqual(['/staff/0/name TB_FORM_FIELD_REQUIRED', '/staff/0/certificate TB_FORM_FIELD_REQUIRED']);
    });

    it('submits no list at all when it is empty', () => {
      expect(validateSubmission(staff, { staff: [] })).toEqual({ ok: true, data: {}, errors: [] });
    });

    it('reports a list that is not a list, and items that are not objects', () => {
      expect(codes(validateSubmission(staff, { staff: 'many' }))).toContain('/staff TB_FORM_FIELD_TYPE');
      expect(codes(validateSubmission(staff, { staff: [{ name: 'a' }, 7] }))).toContain('/staff/1 TB_FORM_FIELD_TYPE');
    });

    it('reads the enclosing item through parent in nested lists', () => {
      const nested = form({
        type: 'dynamiclist',
        path: 'members',
        components: [
          { type: 'checkbox', key: 'foreign' },
          {
            type: 'dynamiclist',
            path: 'documents',
            components: [{ type: 'textfield', key: 'issuer', conditional: { hide: '=not(parent.foreign)' }, validate: { required: true } }],
          },
        ],
      });
      const result = validateSubmission(nested, { members: [{ foreign: true, documents: [{}] }, { foreign: false, documents: [{}] }] });
      expect(codes(result)).toEqual(['/members/0/documents/0/issuer TB_FORM_FIELD_REQUIRED']);
      expect(result.data).toEqual({ members: [{ foreign: true, documents: [{ issuer: '' }] }, { foreign: false }] });
    });
  });

  describe('binding', () => {
    it('nests dotted keys and group paths and drops unknown keys at every level', () => {
      const schema = form(
        { type: 'textfield', key: 'person.name' },
        { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'street' }] },
        { type: 'group', components: [{ type: 'textfield', key: 'flat' }] },
      );
      const result = validateSubmission(schema, { person: { name: '李四', age: 3 }, address: { street: '长安街', zip: '100000' }, flat: 'x', other: 1 });
      expect(result.data).toEqual({ person: { name: '李四' }, address: { street: '长安街' }, flat: 'x' });
    });

    it('neither submits nor validates a disabled field', () => {
      const schema = form({ type: 'textfield', key: 'note', disabled: true, validate: { required: true } });
      expect(validateSubmission(schema, { note: 'sent anyway' })).toEqual({ ok: true, data: {}, errors: [] });
    });

    it('submits and validates a read-only field', () => {
      const schema = form({ type: 'textfield', key: 'code', readonly: true, validate: { required: true } });
      expect(codes(validateSubmission(schema, {}))).toEqual(['/code TB_FORM_FIELD_REQUIRED']);
    });

    it('lets context variables drive FEEL but never become submitted data', () => {
      const schema = form({ type: 'textfield', key: 'licenceNo', conditional: { hide: '=applicantKind != "organisation"' } });
      const result = validateSubmission(schema, { licenceNo: 'L1', applicantKind: 'organisation' }, { context: { applicantKind: 'person' } });
      // the applicant's own applicantKind is ignored: it is not a field of the form
      expect(result.data).toEqual({});
    });

    it('takes a bound key from the data, not from the context', () => {
      const schema = form({ type: 'textfield', key: 'name', validate: { required: true } });
      expect(codes(validateSubmission(schema, {}, { context: { name: 'prefilled' } }))).toEqual(['/name TB_FORM_FIELD_REQUIRED']);
    });

    it('treats data that is not an object as empty', () => {
      expect(validateSubmission(form({ type: 'textfield', key: 't' }), 'oops').data).toEqual({ t: '' });
    });

    it('does not change its arguments', () => {
      const schema = form({ type: 'dynamiclist', path: 'list', components: [{ type: 'number', key: 'n' }] });
      const data = { list: [{ n: '5' }, 'x'] };
      const before = JSON.stringify({ schema, data });
      validateSubmission(schema, data);
      expect(JSON.stringify({ schema, data })).toBe(before);
    });

    it('ignores __proto__ and constructor keys in the data', () => {
      const data = JSON.parse('{"t": "a", "__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}') as unknown;
      const result = validateSubmission(form({ type: 'textfield', key: 't' }), data);
      expect(result.data).toEqual({ t: 'a' });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('expression fields', () => {
    it('computes a total from other fields and ignores the submitted value', () => {
      const schema = form(
        { type: 'number', key: 'price' },
        { type: 'number', key: 'quantity' },
        { type: 'expression', key: 'total', expression: '=price * quantity', computeOn: 'change' },
      );
      expect(validateSubmission(schema, { price: 2.5, quantity: 4, total: 1 }).data).toEqual({ price: 2.5, quantity: 4, total: 10 });
    });

    it('computes presubmit expressions from the final data', () => {
      const schema = form({ type: 'textfield', key: 'name' }, { type: 'expression', key: 'greeting', expression: '="您好，" + name', computeOn: 'presubmit' });
      expect(validateSubmission(schema, { name: '张三' }).data.greeting).toBe('您好，张三');
    });

    it('converts temporal results to ISO strings', () => {
      const schema = form({ type: 'expression', key: 'due', expression: '=date("2024-01-31") + duration("P1M")', computeOn: 'change' });
      expect(validateSubmission(schema, {}).data.due).toBe('2024-02-29');
    });

    it('stops after a bounded number of rounds when expressions depend on each other in a cycle', () => {
      const schema = form(
        { type: 'expression', key: 'a', expression: '=if b = null then 1 else b + 1', computeOn: 'change' },
        { type: 'expression', key: 'b', expression: '=a', computeOn: 'change' },
      );
      const result = validateSubmission(schema, {});
      expect(typeof result.data.a).toBe('number');
    });
  });

  describe('coercion: viewer', () => {
    it('coerces like the viewer and reports nothing for it', () => {
      const schema = form({ type: 'number', key: 'n' }, { type: 'select', key: 's', values: [{ label: 'A', value: 'a' }] }, { type: 'checkbox', key: 'c' });
      expect(validateSubmission(schema, { n: 'x', s: 'b', c: 'yes' }, { coercion: 'viewer' })).toEqual({ ok: true, data: { n: null, s: null, c: false }, errors: [] });
    });
  });
});
