/**
 * fast-check generators of form data for a given form-js schema, derived from its fields: values of the right
 * shape and of the wrong one, option values in and out of the options, list items, unknown keys, and the context
 * variables the form's FEEL reads.
 *
 * `viewer` data only holds values the viewer keeps as they are or sanitises on import; `any` data adds values its
 * date pickers would rewrite after rendering (non-canonical dates), which packages/forms does not emulate.
 */
import fc from 'fast-check';
import { formVariables, type FormSchema } from '../../src/index';
import { compileForm, type CompiledField } from '../../src/form-model';
import { setAt, type PathSegment } from '../../src/internal/values';

/** The offset the agreement test runs the viewer in (it sets TZ=Asia/Shanghai). */
const LOCAL_OFFSET = '+08:00';

const TEXTS = ['', 'x', 'abc', '张三', '北京市朝阳区建国路 1 号', 'C-123', 'C-', 'a@b.co', 'not an email', '+8613800138000', '13800138000', '  padded  '];
const OPTION_POOL = ['a', 'b', 'c', 'value', 'zzz', 'german', 'english', 'camunda-platform', 'tag1', 'tag3'];

function staticOptionValues(field: CompiledField): unknown[] {
  const values = field.component.values;
  if (!Array.isArray(values)) return [];
  return values.map((option) => (option && typeof option === 'object' ? (option as { value?: unknown }).value : option));
}

function textArbitrary(field: CompiledField, wild: boolean): fc.Arbitrary<unknown> {
  const validate = field.component.validate ?? {};
  const choices: Array<fc.Arbitrary<unknown>> = [fc.constantFrom(...TEXTS), fc.string({ maxLength: 12 })];
  if (typeof validate.pattern === 'string') {
    try {
      choices.push(fc.stringMatching(new RegExp(validate.pattern), { size: 'small' }).filter((text) => text.length < 40 && !/[\r\n\t]/.test(text)));
    } catch {
      // an invalid pattern is checkFormDefinition's business
    }
  }
  if (typeof validate.maxLength === 'number') choices.push(fc.string({ minLength: validate.maxLength - 1, maxLength: validate.maxLength + 2 }));
  if (wild) choices.push(fc.constantFrom<unknown>(null, 42, true, ['a'], { a: 1 }, 'line\nbreak', 'tab\tbed'));
  return fc.oneof(...choices);
}

function numberArbitrary(field: CompiledField, wild: boolean): fc.Arbitrary<unknown> {
  const choices: Array<fc.Arbitrary<unknown>> = [
    fc.constantFrom<unknown>(null, 0, 1, -1, 2, 3, 5, 10, 456, 1000, 1001, 0.5, 1.25, 2.123),
    fc.integer({ min: -20, max: 1200 }),
  ];
  if (field.component.serializeToString) choices.push(fc.constantFrom('12', '0.30', '7'));
  if (wild) choices.push(fc.constantFrom<unknown>('12', '1e3', 'abc', '', true, [1], 'NaN'));
  return fc.oneof(...choices);
}

function datetimeArbitrary(field: CompiledField, wild: boolean): fc.Arbitrary<unknown> {
  const { subtype, timeSerializingFormat } = field.component;
  const zone = timeSerializingFormat === 'utc_normalized' ? 'Z' : timeSerializingFormat === 'utc_offset' ? LOCAL_OFFSET : '';
  const dates = ['2024-02-29', '2023-12-31', '1999-01-01', '2030-06-15', '1899-12-31'];
  const times = ['00:00', '09:15', '13:45', '23:30'];
  const valid =
    subtype === 'time'
      ? times.map((time) => `${time}${zone}`)
      : subtype === 'datetime'
        ? // Before 1901 Asia/Shanghai had a local mean time offset (+08:05:43) the viewer would write back.
          dates.filter((date) => date > '1901').flatMap((date) => times.slice(1, 3).map((time) => `${date}T${time}${zone}`))
        : dates;
  const choices: Array<fc.Arbitrary<unknown>> = [fc.constantFrom<unknown>(null, ...valid), fc.constantFrom<unknown>('not a date', '2024-13-01', 42)];
  if (wild) choices.push(fc.constantFrom<unknown>('2024-1-5', '2024-02-30', '2024-01-05T10:30:45'));
  return fc.oneof(...choices);
}

function valueArbitrary(field: CompiledField, wild: boolean): fc.Arbitrary<unknown> {
  const pool = [...new Set([...staticOptionValues(field), ...OPTION_POOL])];
  switch (field.type) {
    case 'textfield':
    case 'textarea':
      return textArbitrary(field, wild);
    case 'number':
      return numberArbitrary(field, wild);
    case 'checkbox':
      return fc.oneof(fc.boolean(), fc.constantFrom<unknown>(null, 'true', 1));
    case 'radio':
    case 'select':
      return fc.oneof(fc.constantFrom<unknown>(...pool, null), fc.constantFrom<unknown>('', 7, ['a']));
    case 'checklist':
    case 'taglist':
      // A non-list value for options from an expression crashes the viewer's render (its clean-up calls `.some`).
      return field.component.valuesExpression
        ? fc.oneof(fc.subarray(pool, { maxLength: 4 }), fc.constantFrom<unknown>(null, [1, 'a']))
        : fc.oneof(fc.subarray(pool, { maxLength: 4 }), fc.constantFrom<unknown>(null, 'a', [1, 'a']));
    case 'datetime':
      return datetimeArbitrary(field, wild);
    case 'filepicker':
      return fc.constantFrom<unknown>(null, 'files::abc', 'files::def');
    default:
      return fc.constant(undefined);
  }
}

type Setter = (target: Record<string, unknown>) => void;

function childrenArbitrary(children: readonly CompiledField[], wild: boolean, depth: number): fc.Arbitrary<Setter> {
  if (children.length === 0) return fc.constant(() => undefined);
  return fc.tuple(...children.map((child) => fieldArbitrary(child, wild, depth))).map((setters) => (target: Record<string, unknown>) => {
    setters.forEach((setter) => setter(target));
  });
}

function objectArbitrary(children: readonly CompiledField[], wild: boolean, depth: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(childrenArbitrary(children, wild, depth), fc.option(fc.constantFrom('extra', 'unknownKey'), { nil: undefined })).map(([setter, extra]) => {
    const target: Record<string, unknown> = {};
    setter(target);
    if (extra) target[extra] = 'noise';
    return target;
  });
}

function fieldArbitrary(field: CompiledField, wild: boolean, depth: number): fc.Arbitrary<Setter> {
  const at = (path: PathSegment[], value: unknown): Setter => (target) => {
    if (value !== undefined) setAt(target, path, value, true);
  };
  const info = field.info;
  if (!info) return fc.constant(() => undefined);
  if (info.keyed) {
    if (!field.binding || field.type === 'expression') return fc.constant(() => undefined);
    const binding = field.binding;
    return fc.option(valueArbitrary(field, wild), { nil: undefined, freq: 4 }).map((value) => at(binding, value));
  }
  if (!info.pathed || !field.binding) return fc.constant(() => undefined);
  const binding = field.binding;
  if (field.repeating) {
    if (depth > 2) return fc.constant(() => undefined);
    const items = fc.array(objectArbitrary(field.children, wild, depth + 1), { maxLength: 3 });
    return fc.oneof(
      { arbitrary: items.map((list): Setter => at(binding, list)), weight: 5 },
      { arbitrary: fc.constantFrom<unknown>(undefined, null, 'not a list', [1, 'x']).map((value): Setter => at(binding, value)), weight: 1 },
    );
  }
  if (binding.length === 0) return childrenArbitrary(field.children, wild, depth);
  // A group path holding a primitive makes the viewer's import throw, so generated data never has one.
  return fc.option(objectArbitrary(field.children, wild, depth), { nil: undefined, freq: 5 }).map((value): Setter => at(binding, value));
}

/** Values for the context variables a form reads (limits, option lists, flags). */
function variableArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.boolean(),
    fc.integer({ min: -5, max: 30 }),
    fc.constantFrom<unknown>(null, 'a', ''),
    fc.subarray<unknown>(['a', 'b', 'c', 'value', { label: 'Zed', value: 'zzz' }, { label: '', value: '' }]),
  );
}

/**
 * Data for `form`: the value of each bound field (or none), unknown keys, and the form's input variables. With
 * `wild`, also values the viewer's date pickers would rewrite.
 */
export function formDataArbitrary(form: FormSchema, wild = false): fc.Arbitrary<Record<string, unknown>> {
  const { root } = compileForm(form);
  const inputs = formVariables(form).inputs;
  const variables = fc.tuple(...inputs.map(() => fc.option(variableArbitrary(), { nil: undefined, freq: 3 })));
  return fc.tuple(objectArbitrary(root.children, wild, 0), inputs.length > 0 ? variables : fc.constant([] as unknown[])).map(([data, values]) => {
    inputs.forEach((name, index) => {
      if (values[index] !== undefined) data[name] = values[index];
    });
    return data;
  });
}
