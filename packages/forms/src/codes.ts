/**
 * The error codes packages/forms produces, with their bilingual messages. The runtime's error catalogue includes
 * these codes; a form error is reported inside a 400 body's `details`.
 */
import type { LocalizedText } from '@tongban/schemas';

/** Codes of a failing form field (one rule of one field). */
export const FORM_FIELD_ERROR_CODES = [
  'TB_FORM_FIELD_REQUIRED',
  'TB_FORM_FIELD_MIN',
  'TB_FORM_FIELD_MAX',
  'TB_FORM_FIELD_MIN_LENGTH',
  'TB_FORM_FIELD_MAX_LENGTH',
  'TB_FORM_FIELD_PATTERN',
  'TB_FORM_FIELD_EMAIL',
  'TB_FORM_FIELD_PHONE',
  'TB_FORM_FIELD_TYPE',
  'TB_FORM_FIELD_OPTION',
  'TB_FORM_FIELD_DATE',
  'TB_FORM_FIELD_DECIMAL_DIGITS',
  'TB_FORM_FIELD_INCREMENT',
] as const;

/** A code of {@link FORM_FIELD_ERROR_CODES}. */
export type FormFieldErrorCode = (typeof FORM_FIELD_ERROR_CODES)[number];

/** Codes of a problem in a form definition (publication and designer checks). */
export const FORM_DEFINITION_ERROR_CODES = [
  'TB_FORM_DEFINITION_INVALID',
  'TB_FORM_DEFINITION_SCHEMA_VERSION',
  'TB_FORM_DEFINITION_UNKNOWN_TYPE',
  'TB_FORM_DEFINITION_MISSING_PROPERTY',
  'TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED',
  'TB_FORM_DEFINITION_PROPERTY_TYPE',
  'TB_FORM_DEFINITION_INVALID_KEY',
  'TB_FORM_DEFINITION_INVALID_PATH',
  'TB_FORM_DEFINITION_DUPLICATE_KEY',
  'TB_FORM_DEFINITION_DUPLICATE_ID',
  'TB_FORM_DEFINITION_FEEL_SYNTAX',
  'TB_FORM_DEFINITION_UNKNOWN_VARIABLE',
  'TB_FORM_DEFINITION_PATTERN',
  'TB_FORM_DEFINITION_EXPRESSION_CYCLE',
] as const;

/** A code of {@link FORM_DEFINITION_ERROR_CODES}. */
export type FormDefinitionErrorCode = (typeof FORM_DEFINITION_ERROR_CODES)[number];

/** Codes of a failing material of an application. */
export const MATERIAL_ERROR_CODES = [
  'TB_MATERIAL_REQUIRED',
  'TB_MATERIAL_UNKNOWN',
  'TB_MATERIAL_DUPLICATE',
  'TB_MATERIAL_FORMAT',
  'TB_MATERIAL_TOO_LARGE',
  'TB_MATERIAL_CONSENT_REQUIRED',
  'TB_MATERIAL_LICENCE_NOT_ACCEPTED',
  'TB_MATERIAL_EMPTY',
] as const;

/** A code of {@link MATERIAL_ERROR_CODES}. */
export type MaterialErrorCode = (typeof MATERIAL_ERROR_CODES)[number];

type Params = Record<string, unknown>;
const s = (value: unknown) => String(value);

const FIELD_MESSAGES: Record<FormFieldErrorCode, (p: Params) => LocalizedText> = {
  TB_FORM_FIELD_REQUIRED: () => ({ zh: '此项为必填项。', en: 'Field is required.' }),
  TB_FORM_FIELD_MIN: (p) =>
    p.invalidLimit
      ? { zh: '最小值设置不是有效数字。', en: 'Min validation value is not a valid number.' }
      : { zh: `不能小于 ${s(p.min)}。`, en: `Field must have minimum value of ${s(p.min)}.` },
  TB_FORM_FIELD_MAX: (p) =>
    p.invalidLimit
      ? { zh: '最大值设置不是有效数字。', en: 'Max validation value is not a valid number.' }
      : { zh: `不能大于 ${s(p.max)}。`, en: `Field must have maximum value of ${s(p.max)}.` },
  TB_FORM_FIELD_MIN_LENGTH: (p) => ({ zh: `长度不能少于 ${s(p.minLength)} 个字符。`, en: `Field must have minimum length of ${s(p.minLength)}.` }),
  TB_FORM_FIELD_MAX_LENGTH: (p) => ({ zh: `长度不能超过 ${s(p.maxLength)} 个字符。`, en: `Field must have maximum length of ${s(p.maxLength)}.` }),
  TB_FORM_FIELD_PATTERN: (p) =>
    typeof p.patternErrorMessage === 'string' && p.patternErrorMessage !== ''
      ? { zh: p.patternErrorMessage, en: p.patternErrorMessage }
      : { zh: `格式不正确（应匹配 ${s(p.pattern)}）。`, en: `Field must match pattern ${s(p.pattern)}.` },
  TB_FORM_FIELD_EMAIL: () => ({ zh: '请输入有效的电子邮箱地址。', en: 'Field must be a valid email.' }),
  TB_FORM_FIELD_PHONE: () => ({
    zh: '请输入有效的国际格式电话号码（如 +8613800138000）。',
    en: 'Field must be a valid international phone number. (e.g. +4930664040900)',
  }),
  TB_FORM_FIELD_TYPE: (p) =>
    p.expected === 'number'
      ? { zh: '值不是有效数字。', en: 'Value is not a number.' }
      : { zh: `值的类型不正确，应为 ${s(p.expected)}。`, en: `Value must be of type ${s(p.expected)}.` },
  TB_FORM_FIELD_OPTION: () => ({ zh: '所选值不在可选项中。', en: 'Value is not one of the options.' }),
  TB_FORM_FIELD_DATE: (p) =>
    p.reason === 'past'
      ? { zh: '不能选择今天之前的日期。', en: 'Date must not be in the past.' }
      : p.reason === 'before'
        ? { zh: `日期不能早于 ${s(p.limit)}。`, en: `Date must not be before ${s(p.limit)}.` }
        : p.reason === 'after'
          ? { zh: `日期不能晚于 ${s(p.limit)}。`, en: `Date must not be after ${s(p.limit)}.` }
          : { zh: `日期或时间格式不正确，应为 ${s(p.format)}。`, en: `Date or time must have the format ${s(p.format)}.` },
  TB_FORM_FIELD_DECIMAL_DIGITS: (p) =>
    p.decimalDigits === 0
      ? { zh: '应为整数。', en: 'Value is expected to be an integer.' }
      : { zh: `小数位数不能超过 ${s(p.decimalDigits)} 位。`, en: `Value is expected to have at most ${s(p.decimalDigits)} decimal digit${p.decimalDigits === 1 ? '' : 's'}.` },
  TB_FORM_FIELD_INCREMENT: (p) => ({
    zh: `请输入有效值，最接近的两个有效值为 ${s(p.previous)} 和 ${s(p.next)}。`,
    en: `Please select a valid value, the two nearest valid values are ${s(p.previous)} and ${s(p.next)}.`,
  }),
};

/** The message of a form field error. */
export function fieldErrorMessage(code: FormFieldErrorCode, params: Params = {}): LocalizedText {
  return FIELD_MESSAGES[code](params);
}

const DEFINITION_MESSAGES: Record<FormDefinitionErrorCode, (p: Params) => LocalizedText> = {
  TB_FORM_DEFINITION_INVALID: (p) => ({ zh: `不是有效的 form-js 表单：${s(p.reason)}`, en: `Not a form-js form: ${s(p.reason)}` }),
  TB_FORM_DEFINITION_SCHEMA_VERSION: (p) => ({
    zh: `schemaVersion 应为 1 到 ${s(p.max)} 之间的整数。`,
    en: `schemaVersion must be an integer from 1 to ${s(p.max)}.`,
  }),
  TB_FORM_DEFINITION_UNKNOWN_TYPE: (p) => ({ zh: `不支持的组件类型 "${s(p.type)}"。`, en: `Unknown component type "${s(p.type)}".` }),
  TB_FORM_DEFINITION_MISSING_PROPERTY: (p) => ({ zh: `缺少属性 ${s(p.property)}。`, en: `Missing property ${s(p.property)}.` }),
  TB_FORM_DEFINITION_PROPERTY_NOT_ALLOWED: (p) => ({
    zh: `组件类型 ${s(p.type)} 不允许属性 ${s(p.property)}。`,
    en: `Property ${s(p.property)} is not allowed on a ${s(p.type)}.`,
  }),
  TB_FORM_DEFINITION_PROPERTY_TYPE: (p) => ({
    zh: `属性 ${s(p.property)} 的类型应为 ${s(p.expected)}。`,
    en: `Property ${s(p.property)} must be ${s(p.expected)}.`,
  }),
  TB_FORM_DEFINITION_INVALID_KEY: (p) => ({
    zh: `字段键 "${s(p.key)}" 无效，应为以点分隔的字母、数字或下划线。`,
    en: `Key "${s(p.key)}" must be dot-separated word characters.`,
  }),
  TB_FORM_DEFINITION_INVALID_PATH: (p) => ({
    zh: `路径 "${s(p.path)}" 无效，应为以点分隔的字母、数字或下划线。`,
    en: `Path "${s(p.path)}" must be dot-separated word characters.`,
  }),
  TB_FORM_DEFINITION_DUPLICATE_KEY: (p) => ({
    zh: `数据路径 ${s(p.binding)} 已被 ${s(p.other)} 占用。`,
    en: `Binding path ${s(p.binding)} is already claimed by ${s(p.other)}.`,
  }),
  TB_FORM_DEFINITION_DUPLICATE_ID: (p) => ({ zh: `组件 id "${s(p.id)}" 重复。`, en: `Duplicate component id "${s(p.id)}".` }),
  TB_FORM_DEFINITION_FEEL_SYNTAX: (p) => ({ zh: `FEEL 表达式无法解析：${s(p.reason)}`, en: `FEEL expression does not parse: ${s(p.reason)}` }),
  TB_FORM_DEFINITION_UNKNOWN_VARIABLE: (p) => ({
    zh: `FEEL 表达式引用了未知变量 ${s(p.variable)}。`,
    en: `FEEL expression reads unknown variable ${s(p.variable)}.`,
  }),
  TB_FORM_DEFINITION_PATTERN: (p) => ({ zh: `正则表达式无效：${s(p.reason)}`, en: `Invalid regular expression: ${s(p.reason)}` }),
  TB_FORM_DEFINITION_EXPRESSION_CYCLE: (p) => ({
    zh: `计算字段相互依赖形成循环：${s(p.cycle)}。`,
    en: `Expression fields depend on each other in a cycle: ${s(p.cycle)}.`,
  }),
};

/** The message of a form definition problem. */
export function definitionErrorMessage(code: FormDefinitionErrorCode, params: Params = {}): LocalizedText {
  return DEFINITION_MESSAGES[code](params);
}

const MATERIAL_MESSAGES: Record<MaterialErrorCode, (p: Params) => LocalizedText> = {
  TB_MATERIAL_REQUIRED: (p) => ({ zh: `缺少必交材料“${s(p.name)}”。`, en: `Required material "${s(p.name)}" is missing.` }),
  TB_MATERIAL_UNKNOWN: (p) => ({ zh: `材料 ${s(p.materialId)} 不在本事项的材料清单中。`, en: `Material ${s(p.materialId)} is not in the checklist.` }),
  TB_MATERIAL_DUPLICATE: (p) => ({ zh: `材料 ${s(p.materialId)} 重复提交。`, en: `Material ${s(p.materialId)} is submitted more than once.` }),
  TB_MATERIAL_FORMAT: (p) => ({
    zh: `文件“${s(p.fileName)}”的格式不允许，允许的格式：${(p.formats as string[]).join('、')}。`,
    en: `File "${s(p.fileName)}" has a format that is not allowed; allowed: ${(p.formats as string[]).join(', ')}.`,
  }),
  TB_MATERIAL_TOO_LARGE: (p) => ({
    zh: `文件“${s(p.fileName)}”超过 ${s(p.maxSizeMb)} MB。`,
    en: `File "${s(p.fileName)}" is larger than ${s(p.maxSizeMb)} MB.`,
  }),
  TB_MATERIAL_CONSENT_REQUIRED: (p) => ({
    zh: `使用电子证照提交“${s(p.name)}”须经申请人授权同意。`,
    en: `Using a licence for "${s(p.name)}" requires the applicant's consent.`,
  }),
  TB_MATERIAL_LICENCE_NOT_ACCEPTED: (p) => ({
    zh: `材料“${s(p.name)}”不能以电子证照提交。`,
    en: `Material "${s(p.name)}" cannot be provided by a licence.`,
  }),
  TB_MATERIAL_EMPTY: (p) => ({
    zh: `材料“${s(p.name)}”既没有文件也没有电子证照。`,
    en: `Material "${s(p.name)}" has neither files nor a licence.`,
  }),
};

/** The message of a material error. */
export function materialErrorMessage(code: MaterialErrorCode, params: Params = {}): LocalizedText {
  return MATERIAL_MESSAGES[code](params);
}
