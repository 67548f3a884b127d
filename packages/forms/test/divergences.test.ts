/**
 * The places where packages/forms deliberately differs from the form-js viewer, each shown against the real
 * viewer so that a change of either side is noticed. The reasons are in `src/submission.ts`. Issue #4, point 4.
 */
process.env.TZ = 'Asia/Shanghai';

import { describe, expect, it } from 'vitest';
import { validateSubmission, type FormSchema } from '../src/index';
import { submitWithViewer } from './support/viewer';

const form = (...components: object[]) => ({ type: 'default', components }) as unknown as FormSchema;
const codes = (result: ReturnType<typeof validateSubmission>) => result.errors.map((error) => `${error.path} ${error.code}`);

describe('divergences from @bpmn-io/form-js-viewer', () => {
  it('computes chained expressions to their fixed point where the viewer leaves one stale', async () => {
    // given b depends on a, and changes twice while a is computed (null → 0, then 0 → 11)
    const schema = form(
      { type: 'expression', key: 'a', expression: '=10', computeOn: 'change' },
      { type: 'expression', key: 'b', expression: '=if a = null then 0 else a + 1', computeOn: 'change' },
    );
    // when both submit empty data
    const viewer = await submitWithViewer(schema, {});
    const ours = validateSubmission(schema, {});
    // then the viewer's ExpressionLoopPreventer lets b compute only once per cycle: a viewer bug, b should be 11
    expect(viewer.data).toEqual({ a: 10, b: 0 });
    expect(ours.data).toEqual({ a: 10, b: 11 });
  }, 30_000);

  it('ignores the submitted value of an expression field the viewer would keep until it differs', async () => {
    // given a read-only expression field (the viewer never updates read-only fields)
    const schema = form({ type: 'expression', key: 'total', expression: '=price * 2', computeOn: 'change', readonly: true }, { type: 'number', key: 'price' });
    const data = { price: 5, total: 1_000_000 };
    const viewer = await submitWithViewer(schema, data);
    const ours = validateSubmission(schema, data);
    // then the server never trusts a computed value sent by the client
    expect(viewer.data).toEqual({ total: 1_000_000, price: 5 });
    expect(ours.data).toEqual({ total: 10, price: 5 });
  }, 30_000);

  it('rejects a value of the wrong type the viewer silently replaces', async () => {
    const schema = form({ type: 'number', key: 'amount', label: '金额' }, { type: 'checkbox', key: 'agreed' });
    const data = { amount: 'a lot', agreed: 'yes' };
    const viewer = await submitWithViewer(schema, data);
    const strict = validateSubmission(schema, data);
    const coerced = validateSubmission(schema, data, { coercion: 'viewer' });
    expect(viewer).toMatchObject({ data: { amount: null, agreed: false }, errors: [] });
    expect(coerced).toEqual({ ok: true, data: viewer.data, errors: [] });
    expect(strict.data).toEqual(viewer.data);
    expect(codes(strict)).toEqual(['/amount TB_FORM_FIELD_TYPE', '/agreed TB_FORM_FIELD_TYPE']);
  }, 30_000);

  it('rejects an option that is not offered where the viewer clears it', async () => {
    const schema = form(
      { type: 'select', key: 'district', values: [{ label: '东城区', value: '110101' }] },
      { type: 'select', key: 'city', valuesExpression: '=["4401", "4403"]' },
    );
    const data = { district: '999999', city: '1234' };
    const viewer = await submitWithViewer(schema, data);
    const strict = validateSubmission(schema, data);
    expect(viewer).toMatchObject({ data: { district: null, city: null }, errors: [] });
    expect(validateSubmission(schema, data, { coercion: 'viewer' }).data).toEqual(viewer.data);
    expect(codes(strict)).toEqual(['/district TB_FORM_FIELD_OPTION', '/city TB_FORM_FIELD_OPTION']);
  }, 30_000);

  it('rejects a date the date picker would rewrite', async () => {
    const schema = form({ type: 'datetime', key: 'at', subtype: 'datetime', dateLabel: '时间' });
    const data = { at: '2024-01-05T10:30:45' };
    const viewer = await submitWithViewer(schema, data);
    const strict = validateSubmission(schema, data);
    // the viewer drops the seconds after rendering; packages/forms does not emulate its date pickers
    expect(viewer.data).toEqual({ at: '2024-01-05T10:30' });
    expect(strict.data).toEqual({ at: '2024-01-05T10:30:45' });
    expect(codes(strict)).toEqual([]);
    expect(codes(validateSubmission(schema, { at: '2024-1-5T10:30' }))).toEqual(['/at TB_FORM_FIELD_DATE']);
  }, 30_000);

  it('keeps a file reference the viewer drops for lack of a File object', async () => {
    const schema = form({ type: 'filepicker', key: 'attachment', label: '附件' });
    const data = { attachment: 'files::licence-scan' };
    const viewer = await submitWithViewer(schema, data);
    expect(viewer.data).toEqual({ attachment: null });
    expect(validateSubmission(schema, data).data).toEqual(data);
    expect(validateSubmission(schema, data, { coercion: 'viewer' }).data).toEqual(viewer.data);
  }, 30_000);

  it('checks disallowPassedDates, which the viewer only enforces in its date picker', async () => {
    const schema = form({ type: 'datetime', key: 'start', subtype: 'date', dateLabel: '开始日期', disallowPassedDates: true });
    const data = { start: '2020-01-01' };
    const viewer = await submitWithViewer(schema, data);
    const ours = validateSubmission(schema, data, { now: '2026-04-24T02:00:00Z' });
    expect(viewer).toMatchObject({ data, errors: [] });
    expect(codes(ours)).toEqual(['/start TB_FORM_FIELD_DATE']);
    expect(ours.errors[0]?.message.zh).toBe('不能选择今天之前的日期。');
  }, 30_000);

  it('reports a group path holding a primitive, on which the viewer refuses to import', async () => {
    const schema = form({ type: 'group', path: 'applicant', components: [{ type: 'textfield', key: 'name' }] });
    const data = { applicant: 'not an object' };
    await expect(submitWithViewer(schema, data)).rejects.toThrow();
    const ours = validateSubmission(schema, data);
    expect(codes(ours)).toEqual(['/applicant TB_FORM_FIELD_TYPE']);
    expect(ours.data).toEqual({ applicant: { name: '' } });
  }, 30_000);
});
