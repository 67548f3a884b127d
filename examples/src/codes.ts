/**
 * Check characters of the national codes the example data needs (DOMAIN.md, "Check digits").
 *
 * A stand-in until `@tongban/gov-codes` exports `makeResidentId` and `makeCreditCode`; the arithmetic is that of
 * GB 11643 (resident ID), GB 32100 (unified social credit code) and GB 11714 (organisation code).
 */

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const RESIDENT_CHECK = '10X98765432';
/** The 31-character alphabet of GB 32100 (no I, O, S, V, Z). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORGANISATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11643 check character of the first 17 digits of a resident ID number. */
export function residentIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (first17.charCodeAt(i) - 48) * RESIDENT_WEIGHTS[i]!;
  return RESIDENT_CHECK[sum % 11]!;
}

/**
 * A resident ID number (GB 11643) from its parts.
 * @param region 6-digit county-level region code of registration
 * @param birthDate `YYYYMMDD` or `YYYY-MM-DD`
 * @param sequence 0–999; odd for men, even for women
 */
export function makeResidentId(parts: { region: string; birthDate: string; sequence: number }): string {
  const body = `${parts.region}${parts.birthDate.replace(/-/g, '')}${String(parts.sequence).padStart(3, '0')}`;
  return body + residentIdCheck(body);
}

/** GB 11714 check character of an 8-character organisation code body (digits and capital letters). */
export function organisationCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    const c = body.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55;
    sum += value * ORGANISATION_WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** GB 32100 check character of the first 17 characters of a unified social credit code. */
export function creditCodeCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CODE_ALPHABET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  const check = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[check === 31 ? 0 : check]!;
}

/**
 * A unified social credit code (GB 32100) from its parts; the organisation code (positions 9–17) gets its
 * GB 11714 check character, the whole code its GB 32100 one.
 * @param authority registration authority, e.g. `1` (机构编制), `5` (民政), `9` (市场监管)
 * @param entityType entity type within the authority, e.g. `1` (机关 / 企业)
 * @param region 6-digit region code
 * @param organisationBody 8 characters from the GB 32100 alphabet
 */
export function makeCreditCode(parts: { authority: string; entityType: string; region: string; organisationBody: string }): string {
  const organisation = parts.organisationBody + organisationCodeCheck(parts.organisationBody);
  const first17 = `${parts.authority}${parts.entityType}${parts.region}${organisation}`;
  return first17 + creditCodeCheck(first17);
}

/** Whether a resident ID number's check character is right (structure and check only). */
export function isResidentIdValid(id: string): boolean {
  return /^[1-9][0-9]{16}[0-9X]$/.test(id) && residentIdCheck(id.slice(0, 17)) === id[17];
}

/** Whether a unified social credit code's two check characters are right. */
export function isCreditCodeValid(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return organisationCodeCheck(code.slice(8, 16)) === code[16] && creditCodeCheck(code.slice(0, 17)) === code[17];
}
