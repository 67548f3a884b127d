/**
 * The error catalogue of `@tongban/gov-codes`: every code a validator in this package can return, with its
 * `zh`/`en` message. The runtime's error catalogue re-exports these entries so that a refused code reaches the
 * citizen with the same wording everywhere.
 */

/** A user-facing message in both locales Tongban ships. */
export interface Message {
  readonly zh: string;
  readonly en: string;
}

/** Messages of every error code this package returns, keyed by code (`TB_<AREA>_<REASON>`). */
export const GOV_CODE_ERRORS = {
  TB_RESIDENT_ID_LENGTH: {
    zh: '公民身份号码应为 18 位',
    en: 'A resident ID number has 18 characters',
  },
  TB_RESIDENT_ID_CHARACTERS: {
    zh: '公民身份号码前 17 位应为数字，第 18 位应为数字或大写字母 X',
    en: 'A resident ID number has 17 digits followed by a digit or a capital X',
  },
  TB_RESIDENT_ID_REGION: {
    zh: '公民身份号码的地址码（第 1–6 位）不是有效的县级行政区划代码',
    en: 'The address code (characters 1–6) of the resident ID number is not a county-level region code',
  },
  TB_RESIDENT_ID_BIRTH_DATE: {
    zh: '公民身份号码的出生日期码（第 7–14 位）不是有效日期',
    en: 'The birth date (characters 7–14) of the resident ID number is not a valid date',
  },
  TB_RESIDENT_ID_CHECK_DIGIT: {
    zh: '公民身份号码的校验码（第 18 位）不正确，请核对号码',
    en: 'The check character (character 18) of the resident ID number is wrong; please check the number',
  },
  TB_ORGANISATION_CODE_LENGTH: {
    zh: '组织机构代码应为 9 位（可写作 8 位本体代码、连字符和 1 位校验码）',
    en: 'An organisation code has 9 characters (it may be written as 8 characters, a hyphen and 1 check character)',
  },
  TB_ORGANISATION_CODE_CHARACTERS: {
    zh: '组织机构代码本体代码应为数字或大写字母，校验码应为数字或大写字母 X',
    en: 'An organisation code has 8 digits or capital letters followed by a digit or a capital X',
  },
  TB_ORGANISATION_CODE_CHECK_DIGIT: {
    zh: '组织机构代码的校验码不正确，请核对代码',
    en: 'The check character of the organisation code is wrong; please check the code',
  },
  TB_CREDIT_CODE_LENGTH: {
    zh: '统一社会信用代码应为 18 位',
    en: 'A unified social credit code has 18 characters',
  },
  TB_CREDIT_CODE_CHARACTERS: {
    zh: '统一社会信用代码只能使用数字和大写字母（不使用 I、O、S、V、Z），第 3–8 位应为数字',
    en: 'A unified social credit code uses digits and capital letters except I, O, S, V and Z; characters 3–8 are digits',
  },
  TB_CREDIT_CODE_AUTHORITY: {
    zh: '统一社会信用代码的登记管理部门代码（第 1 位）无效',
    en: 'The registration authority (character 1) of the unified social credit code is not valid',
  },
  TB_CREDIT_CODE_ENTITY_TYPE: {
    zh: '统一社会信用代码的机构类别代码（第 2 位）与登记管理部门不符',
    en: 'The entity type (character 2) of the unified social credit code is not valid for its registration authority',
  },
  TB_CREDIT_CODE_REGION: {
    zh: '统一社会信用代码的登记管理机关行政区划码（第 3–8 位）无效',
    en: 'The region code of the registration authority (characters 3–8) of the unified social credit code is not valid',
  },
  TB_CREDIT_CODE_ORGANISATION_CODE: {
    zh: '统一社会信用代码的主体标识码（第 9–17 位，组织机构代码）校验不通过，请核对代码',
    en: 'The organisation code (characters 9–17) inside the unified social credit code fails its check; please check the code',
  },
  TB_CREDIT_CODE_CHECK_DIGIT: {
    zh: '统一社会信用代码的校验码（第 18 位）不正确，请核对代码',
    en: 'The check character (character 18) of the unified social credit code is wrong; please check the code',
  },
  TB_REGION_CODE_LENGTH: {
    zh: '行政区划代码应为 2、4、6、9 或 12 位',
    en: 'A region code has 2, 4, 6, 9 or 12 digits',
  },
  TB_REGION_CODE_CHARACTERS: {
    zh: '行政区划代码只能包含数字',
    en: 'A region code contains digits only',
  },
  TB_REGION_CODE_PROVINCE: {
    zh: '行政区划代码的前 2 位不是省级行政区划代码',
    en: 'The first 2 digits of the region code are not a province-level code',
  },
  TB_REGION_CODE_STRUCTURE: {
    zh: '行政区划代码的层级结构无效：上级码段为 0 时下级码段不能非 0',
    en: 'The region code is not well formed: a level cannot be set below a level left at zero',
  },
  TB_ITEM_CODE_LENGTH: {
    zh: '事项基本编码应为 10 位',
    en: 'A basic item code has 10 characters',
  },
  TB_ITEM_CODE_CHARACTERS: {
    zh: '事项基本编码应为 2 位大写字母的事项类型码加 8 位数字',
    en: 'A basic item code is a 2-letter item type followed by 8 digits',
  },
  TB_ITEM_CODE_TYPE: {
    zh: '事项基本编码的事项类型码（第 1–2 位）无效',
    en: 'The item type (characters 1–2) of the item code is not valid',
  },
  TB_ITEM_CODE_MAIN_NUMBER: {
    zh: '事项基本编码的主项编号（第 3–7 位）不能为 00000',
    en: 'The main item number (characters 3–7) of the item code cannot be 00000',
  },
  TB_ITEM_CODE_IMPLEMENTATION_FORMAT: {
    zh: '事项实施编码应为“基本编码-12 位行政区划代码-18 位统一社会信用代码”',
    en: 'An implementation code is "basic code-12-digit region code-18-character credit code"',
  },
  TB_ITEM_CODE_REGION: {
    zh: '事项实施编码中的实施区划代码无效',
    en: 'The implementing region code inside the implementation code is not valid',
  },
  TB_ITEM_CODE_DEPARTMENT: {
    zh: '事项实施编码中实施主体的统一社会信用代码无效',
    en: 'The implementing department’s credit code inside the implementation code is not valid',
  },
} as const satisfies Record<string, Message>;

/** Every error code of this package. */
export type GovCodeErrorCode = keyof typeof GOV_CODE_ERRORS;

/** One nested problem of a composite code, in the shape of the 4xx body's `details` (STYLE.md). */
export interface ValidationDetail {
  /** Which part of the composite code failed, e.g. `department`. */
  readonly path: string;
  readonly code: GovCodeErrorCode;
  readonly message: Message;
}

/** A refused code: the error code, its message, and for composite codes the part that failed. */
export interface ValidationFailure<C extends GovCodeErrorCode = GovCodeErrorCode> {
  readonly ok: false;
  readonly code: C;
  readonly message: Message;
  readonly details?: readonly ValidationDetail[];
}

/** An accepted code with its parsed parts. */
export interface ValidationSuccess<T> {
  readonly ok: true;
  readonly value: T;
}

/**
 * What every validator of this package returns: never a bare boolean, never a throw for bad input. Throwing is
 * kept for programmer errors (a malformed option, or an invalid argument to a generator).
 */
export type ValidationResult<T, C extends GovCodeErrorCode = GovCodeErrorCode> =
  | ValidationSuccess<T>
  | ValidationFailure<C>;

/** @internal Builds a failure with the catalogue's message for `code`. */
export function fail<C extends GovCodeErrorCode>(
  code: C,
  details?: readonly ValidationDetail[],
): ValidationFailure<C> {
  return details === undefined
    ? { ok: false, code, message: GOV_CODE_ERRORS[code] }
    : { ok: false, code, message: GOV_CODE_ERRORS[code], details };
}

/** @internal Builds a success. */
export function succeed<T>(value: T): ValidationSuccess<T> {
  return { ok: true, value };
}
