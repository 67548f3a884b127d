/**
 * Resident ID numbers (公民身份号码), GB 11643-1999: a 6-digit address code, an 8-digit birth date, a 3-digit
 * sequence (odd for men, even for women) and a check character.
 */
import { isCalendarDate, isIsoDate } from './calendar-date';
import { fail, succeed, type ValidationResult } from './errors';
import { isProvinceCode } from './region-code';

/** Error codes {@link validateResidentId} can return. */
export type ResidentIdErrorCode =
  | 'TB_RESIDENT_ID_LENGTH'
  | 'TB_RESIDENT_ID_CHARACTERS'
  | 'TB_RESIDENT_ID_REGION'
  | 'TB_RESIDENT_ID_BIRTH_DATE'
  | 'TB_RESIDENT_ID_CHECK_DIGIT';

/** Gender as recorded by the parity of the sequence code (GB 11643). */
export type Gender = 'male' | 'female';

/** A resident ID number that passed {@link validateResidentId}. */
export interface ParsedResidentId {
  /** The number as given (18 characters, capital X). */
  readonly id: string;
  /** Address code, characters 1–6: the county-level region of first registration, as issued. */
  readonly region: string;
  /** The 2-digit province of {@link ParsedResidentId.region}. */
  readonly province: string;
  /** Birth date, `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** Sequence code, characters 15–17. */
  readonly sequence: string;
  readonly gender: Gender;
  /** Character 18: `0`–`9` or `X`. */
  readonly checkCharacter: string;
}

/** Options of {@link validateResidentId}. */
export interface ResidentIdOptions {
  /**
   * Today's date, `YYYY-MM-DD`, in the time zone the caller cares about (China Standard Time for Tongban). When
   * given, a birth date after it is refused; when absent, the future check is skipped. The package never reads
   * the clock itself.
   */
  readonly today?: string;
}

/**
 * The earliest birth date accepted. GB 11643 itself allows earlier ones (its own example 440524188001010014 is
 * born in 1880), but no living applicant is, and a 18xx/17xx prefix is far more often a typing error.
 */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** GB 11643: weights of characters 1–17, W_i = 2^(18−i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** GB 11643: the check character for each value of S mod 11. */
const CHECK_CHARACTERS = '10X98765432';

/**
 * Address codes outside GB/T 2260's county level that GB 11643-format numbers legitimately carry: the residence
 * permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 国办发〔2018〕81号) use 810000, 820000 and
 * 830000.
 */
const RESIDENCE_PERMIT_REGIONS: ReadonlySet<string> = new Set(['810000', '820000', '830000']);

const SEVENTEEN_DIGITS = /^[0-9]{17}$/;
const SHAPE = /^[0-9]{17}[0-9X]$/;

/**
 * The check character of a resident ID number from its first 17 digits (GB 11643):
 * `"10X98765432"[Σ digit × weight mod 11]`.
 *
 * @throws RangeError when `first17` is not exactly 17 digits.
 */
export function computeResidentIdCheck(first17: string): string {
  if (!SEVENTEEN_DIGITS.test(first17)) {
    throw new RangeError(`computeResidentIdCheck expects 17 digits, got ${JSON.stringify(first17)}`);
  }
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17[index]) * (WEIGHTS[index] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

/**
 * Whether a 6-digit address code is acceptable in a resident ID number: a GB/T 2260 province followed by a
 * non-zero city part (GB 11643 gives the county-level code of registration), or one of the Hong Kong, Macao and Taiwan
 * residence-permit codes. A zero county part is accepted because prefecture-level cities without counties
 * (Dongguan 441900, Zhongshan 442000) register residents under the city's code. Existence in the current
 * GB/T 2260 is not checked: numbers keep the code of the year they were issued.
 */
function isAddressCode(region: string): boolean {
  if (RESIDENCE_PERMIT_REGIONS.has(region)) return true;
  return isProvinceCode(region.slice(0, 2)) && region.slice(2, 4) !== '00';
}

/**
 * Validates an 18-character resident ID number (GB 11643): shape, address code (structurally, see the package
 * README), birth date (a real date, not before {@link EARLIEST_BIRTH_DATE}, not after `options.today` when
 * given) and check character. Upper-case `X` only: callers normalise user input before validating.
 *
 * Every single-character substitution of a valid number is refused: the weights are non-zero modulo the prime
 * 11, so changing one digit always changes S mod 11.
 *
 * @throws RangeError when `options.today` is given and is not a `YYYY-MM-DD` date.
 */
export function validateResidentId(
  id: string,
  options: ResidentIdOptions = {},
): ValidationResult<ParsedResidentId, ResidentIdErrorCode> {
  const { today } = options;
  if (today !== undefined && !isIsoDate(today)) {
    throw new RangeError(`validateResidentId: options.today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
  }
  if (id.length !== 18) return fail('TB_RESIDENT_ID_LENGTH');
  if (!SHAPE.test(id)) return fail('TB_RESIDENT_ID_CHARACTERS');

  const region = id.slice(0, 6);
  if (!isAddressCode(region)) return fail('TB_RESIDENT_ID_REGION');

  const year = id.slice(6, 10);
  const month = id.slice(10, 12);
  const day = id.slice(12, 14);
  const birthDate = `${year}-${month}-${day}`;
  if (
    !isCalendarDate(Number(year), Number(month), Number(day)) ||
    birthDate < EARLIEST_BIRTH_DATE ||
    (today !== undefined && birthDate > today)
  ) {
    return fail('TB_RESIDENT_ID_BIRTH_DATE');
  }

  const checkCharacter = id.slice(17);
  if (computeResidentIdCheck(id.slice(0, 17)) !== checkCharacter) return fail('TB_RESIDENT_ID_CHECK_DIGIT');

  const sequence = id.slice(14, 17);
  return succeed({
    id,
    region,
    province: region.slice(0, 2),
    birthDate,
    sequence,
    gender: Number(sequence[2]) % 2 === 1 ? 'male' : 'female',
    checkCharacter,
  });
}

/** Whether {@link validateResidentId} accepts `id` with the same options. */
export function isResidentId(id: string, options: ResidentIdOptions = {}): boolean {
  return validateResidentId(id, options).ok;
}

/**
 * The gender recorded in a resident ID number (odd sequence: male, even: female), or `undefined` when
 * {@link validateResidentId} refuses the number.
 */
export function genderOfResidentId(id: string): Gender | undefined {
  const parsed = validateResidentId(id);
  return parsed.ok ? parsed.value.gender : undefined;
}

/**
 * Masks a resident ID number for display and logs: the first 6 characters (address code) and the last 4
 * (end of the sequence and the check character) stay, the 8 between them, the whole birth date, become `*`:
 * `11010519491231002X` → `110105********002X`. This follows the common practice of Chinese government portals
 * and hides the birth date entirely.
 *
 * Anything that is not 18 characters long is replaced by as many `*` as it has characters, so a mistyped number
 * never leaks. The number is not validated: an invalid 18-character number is masked the same way.
 */
export function maskResidentId(id: string): string {
  if (id.length !== 18) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(14)}`;
}

/** Arguments of {@link makeResidentId}. */
export interface ResidentIdParts {
  /** 6-digit address code, acceptable to {@link validateResidentId}. */
  readonly region: string;
  /** `YYYY-MM-DD` (or `YYYYMMDD`, as written in the number), not before {@link EARLIEST_BIRTH_DATE}. */
  readonly birthDate: string;
  /** Sequence code, 0–999 or its 3-digit form; odd for men, even for women. */
  readonly sequence: number | string;
}

/**
 * Builds a resident ID number with the correct check character, for test-data generators and fixtures.
 *
 * @throws RangeError when a part is invalid (a generator bug, not user input).
 */
export function makeResidentId(parts: ResidentIdParts): string {
  const { region, sequence } = parts;
  const birthDate = /^[0-9]{8}$/.test(parts.birthDate)
    ? `${parts.birthDate.slice(0, 4)}-${parts.birthDate.slice(4, 6)}-${parts.birthDate.slice(6)}`
    : parts.birthDate;
  const sequenceText = typeof sequence === 'number' ? String(sequence).padStart(3, '0') : sequence;
  if (!/^[0-9]{6}$/.test(region) || !isAddressCode(region)) {
    throw new RangeError(`makeResidentId: invalid region ${JSON.stringify(region)}`);
  }
  if (!isIsoDate(birthDate) || birthDate < EARLIEST_BIRTH_DATE) {
    throw new RangeError(`makeResidentId: invalid birth date ${JSON.stringify(parts.birthDate)}`);
  }
  if (!/^[0-9]{3}$/.test(sequenceText)) {
    throw new RangeError(`makeResidentId: invalid sequence ${JSON.stringify(sequence)}`);
  }
  const first17 = `${region}${birthDate.replaceAll('-', '')}${sequenceText}`;
  return `${first17}${computeResidentIdCheck(first17)}`;
}
