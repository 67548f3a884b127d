/**
 * Organisation codes (组织机构代码), GB 11714-1997: 8 body characters (digits and capital letters) and a check
 * character. They live on as characters 9–17 of every unified social credit code.
 */
import { fail, succeed, type ValidationResult } from './errors';

/** Error codes {@link validateOrganisationCode} can return. */
export type OrganisationCodeErrorCode =
  | 'TB_ORGANISATION_CODE_LENGTH'
  | 'TB_ORGANISATION_CODE_CHARACTERS'
  | 'TB_ORGANISATION_CODE_CHECK_DIGIT';

/** An organisation code that passed {@link validateOrganisationCode}. */
export interface ParsedOrganisationCode {
  /** The 9 characters without the hyphen. */
  readonly code: string;
  /** The 8 body characters (本体代码). */
  readonly body: string;
  /** Character 9: `0`–`9` or `X`. */
  readonly checkCharacter: string;
}

/** GB 11714: weights of the 8 body characters. */
const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const BODY = /^[0-9A-Z]{8}$/;
const SHAPE = /^[0-9A-Z]{8}[0-9X]$/;

/** GB 11714: a digit is its value, a capital letter is 10 + its position in A–Z (A = 10 … Z = 35). */
function characterValue(character: string): number {
  return Number.parseInt(character, 36);
}

/**
 * The check character of an organisation code from its 8 body characters (GB 11714):
 * C = 11 − (Σ value × weight mod 11), written `X` for 10 and `0` for 11.
 *
 * @throws RangeError when `first8` is not exactly 8 digits or capital letters.
 */
export function computeOrganisationCodeCheck(first8: string): string {
  if (!BODY.test(first8)) {
    throw new RangeError(
      `computeOrganisationCodeCheck expects 8 digits or capital letters, got ${JSON.stringify(first8)}`,
    );
  }
  let sum = 0;
  for (let index = 0; index < 8; index += 1) {
    sum += characterValue(first8[index] as string) * (WEIGHTS[index] as number);
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/**
 * Validates a 9-character organisation code (GB 11714), written plain (`192203821`) or with the customary hyphen
 * before the check character (`19220382-1`).
 *
 * Unlike the two 18-character codes, this check does not catch every single-character substitution: body values
 * run from 0 to 35, so replacing a character by one whose value differs by 11, 22 or 33 (`0`↔`B`, `1`↔`C`,
 * `A`↔`L`…) changes the weighted sum by a multiple of 11 and keeps the check. Inside a credit code such a
 * substitution is still caught by the credit code's own mod-31 check.
 */
export function validateOrganisationCode(
  code: string,
): ValidationResult<ParsedOrganisationCode, OrganisationCodeErrorCode> {
  const plain = code.length === 10 && code[8] === '-' ? `${code.slice(0, 8)}${code.slice(9)}` : code;
  if (plain.length !== 9) return fail('TB_ORGANISATION_CODE_LENGTH');
  if (!SHAPE.test(plain)) return fail('TB_ORGANISATION_CODE_CHARACTERS');
  const body = plain.slice(0, 8);
  const checkCharacter = plain.slice(8);
  if (computeOrganisationCodeCheck(body) !== checkCharacter) return fail('TB_ORGANISATION_CODE_CHECK_DIGIT');
  return succeed({ code: plain, body, checkCharacter });
}

/** Whether {@link validateOrganisationCode} accepts `code`. */
export function isOrganisationCode(code: string): boolean {
  return validateOrganisationCode(code).ok;
}
