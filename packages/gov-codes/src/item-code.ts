/**
 * Item codes (事项编码). GB/T 39554.1-2020 governs the catalogue but leaves the code's layout to practice; Tongban
 * adopts the provincial practice documented in this package's README:
 *
 * - basic code (基本编码), 10 characters: 2-letter item type + 5-digit main item number + 3-digit sub-item
 *   number (`000` when the item has no sub-items), e.g. `XK00123001`;
 * - implementation code (实施编码): basic code `-` 12-digit region code of the implementing region `-` the
 *   implementing department's credit code, e.g. `XK00123001-440304000000-91350100M000100Y43`.
 */
import { validateCreditCode, type ParsedCreditCode } from './credit-code';
import { fail, succeed, type Message, type ValidationResult } from './errors';
import { parseRegionCode, type AdministrativeLevel, type ParsedRegionCode } from './region-code';

/** An item type (事项类型) and its 2-letter code. */
export interface ItemType {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** The item types of the catalogue, in the order of the power list (权责清单): ten kinds of power, then public service. */
export const ITEM_TYPES = [
  { code: 'XK', zh: '行政许可', en: 'Administrative licensing' },
  { code: 'CF', zh: '行政处罚', en: 'Administrative penalty' },
  { code: 'QZ', zh: '行政强制', en: 'Administrative enforcement' },
  { code: 'ZS', zh: '行政征收', en: 'Administrative levy' },
  { code: 'JF', zh: '行政给付', en: 'Administrative benefit' },
  { code: 'JC', zh: '行政检查', en: 'Administrative inspection' },
  { code: 'QR', zh: '行政确认', en: 'Administrative confirmation' },
  { code: 'JL', zh: '行政奖励', en: 'Administrative reward' },
  { code: 'CJ', zh: '行政裁决', en: 'Administrative adjudication' },
  { code: 'QT', zh: '其他行政权力', en: 'Other administrative power' },
  { code: 'GG', zh: '公共服务', en: 'Public service' },
] as const satisfies readonly ItemType[];

/** The 2-letter code of an item type. */
export type ItemTypeCode = (typeof ITEM_TYPES)[number]['code'];

const ITEM_TYPE_BY_CODE: ReadonlyMap<string, (typeof ITEM_TYPES)[number]> = new Map(
  ITEM_TYPES.map((type) => [type.code, type]),
);

/** Error codes {@link parseItemCode} can return. */
export type ItemCodeErrorCode =
  | 'TB_ITEM_CODE_LENGTH'
  | 'TB_ITEM_CODE_CHARACTERS'
  | 'TB_ITEM_CODE_TYPE'
  | 'TB_ITEM_CODE_MAIN_NUMBER';

/** Error codes {@link parseImplementationCode} can return. */
export type ImplementationCodeErrorCode =
  | ItemCodeErrorCode
  | 'TB_ITEM_CODE_IMPLEMENTATION_FORMAT'
  | 'TB_ITEM_CODE_REGION'
  | 'TB_ITEM_CODE_DEPARTMENT';

/** A basic item code that passed {@link parseItemCode}. */
export interface ParsedItemCode {
  readonly code: string;
  readonly type: ItemTypeCode;
  /** The item type's name. */
  readonly typeName: Message;
  /** Characters 3–7, `00001`–`99999`. */
  readonly mainNumber: string;
  /** Characters 8–10; `000` for an item without sub-items (and for the main item of one that has them). */
  readonly subNumber: string;
  /** The code of the main item: this code with sub-item `000`. */
  readonly mainItemCode: string;
  /** Whether the code names a sub-item (sub-item number other than `000`). */
  readonly isSubItem: boolean;
}

const ITEM_CODE_SHAPE = /^[A-Z]{2}[0-9]{8}$/;

/**
 * Parses a 10-character basic item code: a type of {@link ITEM_TYPES}, a main item number other than `00000`
 * and a sub-item number. Upper-case only. There is no check character: a mistyped number can name another item,
 * so the code must also be looked up in the catalogue.
 */
export function parseItemCode(code: string): ValidationResult<ParsedItemCode, ItemCodeErrorCode> {
  if (code.length !== 10) return fail('TB_ITEM_CODE_LENGTH');
  if (!ITEM_CODE_SHAPE.test(code)) return fail('TB_ITEM_CODE_CHARACTERS');
  const type = ITEM_TYPE_BY_CODE.get(code.slice(0, 2));
  if (type === undefined) return fail('TB_ITEM_CODE_TYPE');
  const mainNumber = code.slice(2, 7);
  if (mainNumber === '00000') return fail('TB_ITEM_CODE_MAIN_NUMBER');
  const subNumber = code.slice(7);
  return succeed({
    code,
    type: type.code,
    typeName: { zh: type.zh, en: type.en },
    mainNumber,
    subNumber,
    mainItemCode: `${code.slice(0, 7)}000`,
    isSubItem: subNumber !== '000',
  });
}

/** Arguments of {@link formatItemCode}. */
export interface ItemCodeParts {
  readonly type: ItemTypeCode;
  /** 1–99999, or its digits (padded to 5). */
  readonly mainNumber: number | string;
  /** 0–999, or its digits (padded to 3); 0 (the default) when the item has no sub-items. */
  readonly subNumber?: number | string;
}

function padNumber(value: number | string, width: number): string {
  const text = typeof value === 'number' ? String(value) : value;
  return /^[0-9]+$/.test(text) ? text.padStart(width, '0') : text;
}

/**
 * Formats a basic item code: `formatItemCode({ type: 'XK', mainNumber: 123, subNumber: 1 })` → `XK00123001`.
 *
 * @throws RangeError when the parts do not make a code {@link parseItemCode} accepts.
 */
export function formatItemCode(parts: ItemCodeParts): string {
  const code = `${parts.type}${padNumber(parts.mainNumber, 5)}${padNumber(parts.subNumber ?? 0, 3)}`;
  const parsed = parseItemCode(code);
  if (!parsed.ok) throw new RangeError(`formatItemCode: ${parsed.code} for ${JSON.stringify(parts)}`);
  return code;
}

/** An implementation code that passed {@link parseImplementationCode}. */
export interface ParsedImplementationCode {
  readonly code: string;
  /** The basic item code. */
  readonly item: ParsedItemCode;
  /** The implementing region. */
  readonly region: ParsedRegionCode;
  /** The implementation's level, the level of {@link ParsedImplementationCode.region}. */
  readonly level: AdministrativeLevel;
  /** The implementing department's credit code. */
  readonly department: ParsedCreditCode;
}

/**
 * Parses an implementation code `<basic code>-<12-digit region code>-<credit code>`. The basic code is checked by
 * {@link parseItemCode} (its errors are returned as they are), the region by `parseRegionCode`, and the
 * department by `validateCreditCode`; a region or department failure carries the inner error in `details`.
 * The level is not written in the code: it is the level of the region.
 */
export function parseImplementationCode(
  code: string,
): ValidationResult<ParsedImplementationCode, ImplementationCodeErrorCode> {
  const parts = code.split('-');
  const [itemPart, regionPart, departmentPart] = parts;
  if (
    parts.length !== 3 ||
    itemPart?.length !== 10 ||
    regionPart?.length !== 12 ||
    departmentPart?.length !== 18
  ) {
    return fail('TB_ITEM_CODE_IMPLEMENTATION_FORMAT');
  }

  const item = parseItemCode(itemPart);
  if (!item.ok) return item;
  const region = parseRegionCode(regionPart);
  if (!region.ok) {
    return fail('TB_ITEM_CODE_REGION', [{ path: 'region', code: region.code, message: region.message }]);
  }
  const department = validateCreditCode(departmentPart);
  if (!department.ok) {
    return fail('TB_ITEM_CODE_DEPARTMENT', [
      { path: 'department', code: department.code, message: department.message },
    ]);
  }
  return succeed({
    code,
    item: item.value,
    region: region.value,
    level: region.value.level,
    department: department.value,
  });
}

/** Arguments of {@link formatImplementationCode}. */
export interface ImplementationCodeParts {
  /** The basic item code. */
  readonly itemCode: string;
  /** The implementing region's code, in any of its forms (it is written padded to 12 digits). */
  readonly region: string;
  /** The implementing department's credit code. */
  readonly department: string;
}

/**
 * Formats an implementation code, padding the region code to 12 digits:
 * `formatImplementationCode({ itemCode: 'XK00123001', region: '440304', department: '91350100M000100Y43' })` →
 * `XK00123001-440304000000-91350100M000100Y43`.
 *
 * @throws RangeError when a part is refused by its validator.
 */
export function formatImplementationCode(parts: ImplementationCodeParts): string {
  const region = parseRegionCode(parts.region);
  const code = `${parts.itemCode}-${region.ok ? region.value.padded : parts.region}-${parts.department}`;
  const parsed = parseImplementationCode(code);
  if (!parsed.ok) {
    const inner = parsed.details?.[0]?.code;
    throw new RangeError(
      `formatImplementationCode: ${parsed.code}${inner === undefined ? '' : ` (${inner})`} for ${JSON.stringify(parts)}`,
    );
  }
  return code;
}
